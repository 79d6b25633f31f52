import { TableHeading } from "~/app/components/insights-tables";
import type { FigureCell } from "~/app/near-miss/aggregates.server";
import type { ReviewNearMisses } from "~/app/insights/review.server";
import { reviewCsv } from "./review-parts";

function CountCell({ cell }: { cell: FigureCell | undefined }) {
  if (!cell) return <td className="suppressed">hidden</td>;
  return cell.status === "shown" ? <td>{cell.text}</td> : <td className="suppressed">{cell.text}</td>;
}

/** The month's near-miss reports, from the channel's own published figures: anonymous counts, small ones hidden, never joined with the figures above. */
export function ReviewNearMissReports({ nearMiss, query }: { nearMiss: ReviewNearMisses; query: string }) {
  return (
    <section className="panel" aria-labelledby="near-miss-heading">
      <TableHeading id="near-miss-heading" title="Near-miss reports" csv={reviewCsv("review-near-miss-categories", query)} />
      {!nearMiss.closed ? (
        <p className="muted">A month's near-miss figures are published once it is over.</p>
      ) : nearMiss.total === null ? (
        <p className="muted">No near-miss reports this month.</p>
      ) : (
        <>
          <p className="muted">
            Anonymous reports of AI errors and misuse, counted by the near-miss channel and never combined with the drill figures above. &lt; {nearMiss.k} means fewer than {nearMiss.k} (possibly none); &quot;hidden&quot; keeps a small count from being worked out from the total.
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <caption className="visually-hidden">Near-miss reports this month by category, the whole organisation</caption>
              <thead>
                <tr>
                  <th scope="col">Category (whole organisation)</th>
                  <th scope="col">Reports</th>
                </tr>
              </thead>
              <tbody>
                {nearMiss.categories.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    <CountCell cell={row.cell} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All reports</th>
                  <CountCell cell={nearMiss.total} />
                </tr>
              </tfoot>
            </table>
          </div>
          {nearMiss.teams.length > 0 ? (
            <>
              <TableHeading id="near-miss-teams-heading" level={3} title="Reports that named one of these teams" csv={reviewCsv("review-near-miss-teams", query)} />
              <div className="table-scroll" tabIndex={0}>
                <table aria-labelledby="near-miss-teams-heading">
                  <thead>
                    <tr>
                      <th scope="col">Team (when the reporter named it)</th>
                      <th scope="col">Reports</th>
                    </tr>
                  </thead>
                  <tbody>
                    {nearMiss.teams.map((row) => (
                      <tr key={row.key}>
                        <th scope="row">{row.label}</th>
                        <CountCell cell={row.cell} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
