import { RateValue } from "~/app/components/insights-figures";
import { TableHeading } from "~/app/components/insights-tables";
import type { MonthlyReview } from "~/app/insights/review.server";
import { changeText } from "~/app/insights/words";
import { FLAW_LABELS } from "~/app/vocabulary";
import { reviewCsv } from "./review-parts";

/** Where flaws slipped through in drills: the flaw types missed, with the change, and the drills missed most with the missed text. */
export function ReviewSlips({ types, drills, previousLabel, query }: Pick<MonthlyReview, "types" | "drills"> & { previousLabel: string; query: string }) {
  return (
    <section className="panel" aria-labelledby="slipped-heading">
      <TableHeading id="slipped-heading" title="Where flaws slipped through in drills" csv={reviewCsv("review-types", query)} />
      {types.length === 0 ? (
        <p className="muted">No planted flaws this month.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Flaw type</th>
                <th scope="col">Missed</th>
                <th scope="col">Error-spotting</th>
                <th scope="col">Change since {previousLabel}</th>
              </tr>
            </thead>
            <tbody>
              {types.map((row) => (
                <tr key={row.flawType}>
                  <th scope="row">{FLAW_LABELS[row.flawType]}</th>
                  <td>
                    {row.missed} of {row.planted}
                  </td>
                  <td>
                    <RateValue figure={row.spotting} unit="flaws" />
                  </td>
                  <td>{changeText(row.spotting, row.previousSpotting)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TableHeading id="missed-drills-heading" level={3} title="Drills missed most" csv={reviewCsv("review-drills", query)} />
      {drills.length === 0 ? (
        <p className="muted">No missed flaws this month.</p>
      ) : (
        <ul className="review-list" aria-labelledby="missed-drills-heading">
          {drills.map((drill) => (
            <li key={drill.drillId}>
              <strong>{drill.title}</strong>{" "}
              <span className="muted">
                ({drill.missed} {drill.missed === 1 ? "flaw" : "flaws"} missed in {drill.attempts} first {drill.attempts === 1 ? "attempt" : "attempts"})
              </span>
              <ul>
                {drill.flaws.map((flaw) => (
                  <li key={`${flaw.flawType}-${flaw.quote}`}>
                    {FLAW_LABELS[flaw.flawType]}, missed {flaw.missed} of {flaw.planted}: <q className="missed-text">{flaw.quote}</q>
                    {flaw.policy ? <span className="anchor-link"> [{flaw.policy.anchor}]</span> : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The clean controls most often overridden this month. */
export function ReviewControls({ controls, query }: Pick<MonthlyReview, "controls"> & { query: string }) {
  return (
    <section className="panel" aria-labelledby="controls-heading">
      <TableHeading id="controls-heading" title="Clean controls most often overridden" csv={reviewCsv("review-controls", query)} />
      <p className="muted">Drafts with nothing wrong that agents rewrote or escalated anyway (controls seen at least 3 times).</p>
      {controls.length === 0 ? (
        <p className="muted">No control was overridden this month.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Control</th>
                <th scope="col">Overridden</th>
              </tr>
            </thead>
            <tbody>
              {controls.map((row) => (
                <tr key={row.drillId}>
                  <th scope="row">{row.title}</th>
                  <td>
                    <RateValue figure={row.overridden} unit="attempts" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
