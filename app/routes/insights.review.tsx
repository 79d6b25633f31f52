import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { ReviewForm } from "~/app/components/review/review-form";
import { ReviewNearMissReports } from "~/app/components/review/review-near-misses";
import { ReviewProficiency, ReviewTiers } from "~/app/components/review/review-people";
import { ReviewControls, ReviewSlips } from "~/app/components/review/review-slips";
import { ReviewKinds, ReviewSummary } from "~/app/components/review/review-summary";
import { getDb } from "~/app/db.server";
import { refusalResponse } from "~/app/http.server";
import { monthlyReview, reviewNearMisses, reviewRequest } from "~/app/insights/review.server";

export const meta: MetaFunction = () => [{ title: "Monthly review · Insights · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  const db = await getDb();
  const { review, all, chosen, wholeOrganisation, bands } = await reviewRequest({ db, viewer: user, url: new URL(request.url) }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  const [figures, nearMiss] = await Promise.all([monthlyReview({ db, teamIds: chosen.map((team) => team.id), wholeOrganisation, review, settings: bands.settings }), reviewNearMisses({ db, viewer: user, review, chosen })]);
  return { review, teams: all, chosen, figures, nearMiss };
}

export default function MonthlyReview() {
  const { review, teams, chosen, figures, nearMiss } = useLoaderData<typeof loader>();
  const teamQuery = chosen.length === teams.length ? "" : chosen.map((team) => `&team=${team.id}`).join("");
  // The CSV links carry the month on screen (the default one included) and the teams.
  const query = `month=${review.month}${teamQuery}`;
  const previousLabel = review.previous.label;
  return (
    <article className="review">
      <p className="no-print">
        <Link to="/insights">← Insights</Link>
      </p>
      <h1>Monthly review: {review.label}</h1>
      <p className="muted">
        {chosen.map((team) => team.name).join(", ") || "No teams"} · first attempts only · {review.range.weeks.length} ISO weeks, {review.range.firstWeek} to the week of {review.range.lastWeek} (a week belongs to the month that holds its
        Thursday) · compared with {previousLabel}.
      </p>
      <ReviewForm review={review} teams={teams} chosen={chosen} teamQuery={teamQuery} />
      {figures === null ? (
        <p className="muted">You lead no teams yet.</p>
      ) : (
        <>
          <ReviewSummary figures={figures} previousLabel={previousLabel} query={query} />
          <ReviewKinds kinds={figures.kinds} previousLabel={previousLabel} query={query} />
          <ReviewSlips types={figures.types} drills={figures.drills} previousLabel={previousLabel} query={query} />
          <ReviewControls controls={figures.controls} query={query} />
          <ReviewTiers tiers={figures.tiers} previousLabel={previousLabel} query={query} />
          <ReviewProficiency proficiency={figures.proficiency} previousProficiency={figures.previousProficiency} previousLabel={previousLabel} />
        </>
      )}
      <ReviewNearMissReports nearMiss={nearMiss} query={query} />
    </article>
  );
}
