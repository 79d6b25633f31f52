import { Form, Link } from "@remix-run/react";
import { PrintButton } from "~/app/components/print-button";
import type { ScopedTeam } from "~/app/insights/scope.server";
import type { ReviewMonth } from "~/app/insights/review-month";

/** The month and teams of the review (none ticked: every team the viewer can see), the previous month's link and printing. */
export function ReviewForm({ review, teams, chosen, teamQuery }: { review: Pick<ReviewMonth, "month" | "previous"> & { problem: string | null }; teams: readonly ScopedTeam[]; chosen: readonly ScopedTeam[]; teamQuery: string }) {
  return (
    <Form method="get" className="panel insights-filters no-print" aria-label="Review month and teams">
      {teams.length > 1 ? (
        <fieldset className="field">
          <legend>Teams</legend>
          <span className="muted">None ticked: every team you can see.</span>
          {teams.map((team) => (
            <div className="checkbox" key={team.id}>
              <input type="checkbox" id={`review-team-${team.id}`} name="team" value={team.id} defaultChecked={teamQuery !== "" && chosen.some((c) => c.id === team.id)} />
              <label htmlFor={`review-team-${team.id}`} className="plain-label">
                {team.name}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="review-month">Month</label>
        <input id="review-month" type="month" name="month" defaultValue={review.month} min="2000-01" aria-describedby={review.problem ? "month-problem" : undefined} />
      </div>
      <div className="filter-actions">
        <button type="submit" className="primary">
          Show
        </button>{" "}
        <PrintButton />
      </div>
      <p className="filter-range">
        <Link to={`/insights/review?month=${review.previous.month}${teamQuery}`}>← {review.previous.label}</Link>
      </p>
      {review.problem ? (
        <p id="month-problem" className="form-errors" role="alert">
          {review.problem}
        </p>
      ) : null}
    </Form>
  );
}
