import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { RatingChart } from "~/app/components/rating-chart";
import { getDb } from "~/app/db.server";
import { FLAW_LABELS, TIER_LABELS } from "~/app/vocabulary";
import { agentProgress } from "~/app/practice/progress.server";
import { FLAW_TYPES } from "~/app/vocabulary";
import { percent } from "~/app/format";

export const meta: MetaFunction = () => [{ title: "Your progress · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  return agentProgress({ db: await getDb(), userId: user.id });
}

export default function Progress() {
  const progress = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your progress</h1>
      <p className="muted">Only you see this page.</p>
      <div className="cards">
        <div className="panel">
          <div className="stat">{TIER_LABELS[progress.tier.tier]}</div>
          <div>current tier</div>
        </div>
        <div className="panel">
          <div className="stat">{progress.rating}</div>
          <div>rating (± {progress.ratingDeviation})</div>
        </div>
        <div className="panel">
          <div className="stat">{progress.streak}</div>
          <div>day streak (your team's working days)</div>
        </div>
        <div className="panel">
          <div className="stat">
            {progress.weeklyGoal.done} of {progress.weeklyGoal.goal}
          </div>
          <div>first attempts this week, your weekly goal</div>
        </div>
        <div className="panel">
          <div className="stat">{progress.points}</div>
          <div>
            points from {progress.attempts} {progress.attempts === 1 ? "attempt" : "attempts"}
          </div>
        </div>
      </div>

      <section className="panel">
        <h2>Spotting errors</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Flaw type</th>
              <th scope="col">Error-spotting rate</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">All flaw types</th>
              <td>{percent(progress.errorSpotting.overall)}</td>
            </tr>
            {FLAW_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row">{FLAW_LABELS[type]}</th>
                <td>{percent(progress.errorSpotting.byType[type])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Unneeded overrides (clean drafts you overrode): <strong>{percent(progress.unneededOverrideRate)}</strong> · False flags:{" "}
          <strong>{percent(progress.falseFlagRate)}</strong>
        </p>
      </section>

      <section className="panel">
        <h2>Rating history</h2>
        <RatingChart history={progress.ratingHistory} />
      </section>

      <section className="panel">
        <h2>Next tier</h2>
        <p>{progress.milestone.sentence}</p>
        {progress.tier.next ? (
          <>
            <p>In full, to reach {TIER_LABELS[progress.tier.next.tier]}:</p>
            <ul>
              {progress.tier.next.needs.map((need) => (
                <li key={need.label}>{need.label}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          Time to proficiency:{" "}
          {progress.proficiency
            ? `reached after ${progress.proficiency.drills} drills in ${progress.proficiency.days} days`
            : "not reached yet (your last 20 attempts need error-spotting ≥ 80 % and unneeded overrides ≤ 20 %)"}
        </p>
      </section>

      <section className="panel">
        <h2>Recent attempts</h2>
        {progress.recent.length === 0 ? <p>No attempts yet.</p> : null}
        <ul>
          {progress.recent.map((attempt) => (
            <li key={attempt.id}>
              <Link to={`/attempts/${attempt.id}`}>{attempt.title}</Link> — {attempt.headline}, {attempt.points} points
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
