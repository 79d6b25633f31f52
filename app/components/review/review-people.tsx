import { TableHeading } from "~/app/components/insights-tables";
import type { MonthlyReview } from "~/app/insights/review.server";
import type { ProficiencySummary } from "~/app/insights/standing";
import { TIER_LABELS } from "~/app/insights/words";
import { TIERS } from "~/app/practice/metrics";
import { reviewCsv } from "./review-parts";

/** Agents by tier at the end of the previous month against the end of this one. */
export function ReviewTiers({ tiers, previousLabel, query }: Pick<MonthlyReview, "tiers"> & { previousLabel: string; query: string }) {
  return (
    <section className="panel" aria-labelledby="tiers-heading">
      <TableHeading id="tiers-heading" title="Tier movements" csv={reviewCsv("review-tiers", query)} />
      <p>
        {tiers.up} moved up, {tiers.down} moved down, {tiers.same} stayed, of {tiers.agents} agents (tiers at the end of {previousLabel} and at the end of this month).
      </p>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption className="visually-hidden">
            Agents by tier at the end of {previousLabel} (rows) and at the end of this month (columns)
          </caption>
          <thead>
            <tr>
              <th scope="col">From \ to</th>
              {TIERS.map((tier) => (
                <th scope="col" key={tier}>
                  {TIER_LABELS[tier]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TIERS.map((from) => (
              <tr key={from}>
                <th scope="row">{TIER_LABELS[from]}</th>
                {TIERS.map((to) => (
                  <td key={to}>{tiers.from[from][to]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function reachedText(summary: ProficiencySummary): string {
  if (summary.proficient === 0 || summary.medianDays === null || summary.medianDrills === null) return "nobody reached proficiency";
  return `${summary.proficient} ${summary.proficient === 1 ? "agent" : "agents"} reached proficiency, after a median of ${summary.medianDrills} drills and ${summary.medianDays} days`;
}

export function ReviewProficiency({ proficiency, previousProficiency, previousLabel }: Pick<MonthlyReview, "proficiency" | "previousProficiency"> & { previousLabel: string }) {
  return (
    <section className="panel" aria-labelledby="proficiency-heading">
      <h2 id="proficiency-heading">Time to proficiency</h2>
      <p>This month: {reachedText(proficiency)}.</p>
      <p>
        {previousLabel}: {reachedText(previousProficiency)}.
      </p>
    </section>
  );
}
