import { BandBadge, ProductionValue, RateValue, SpottingValue } from "~/app/components/insights-figures";
import { TableHeading } from "~/app/components/insights-tables";
import type { Figures } from "~/app/insights/figures";
import type { MonthlyReview } from "~/app/insights/review.server";
import { countChange, productionChange, SUMMARY_FIGURES } from "~/app/insights/review-tables";
import { changeText } from "~/app/insights/words";
import { CompareRow, reviewCsv } from "./review-parts";

function OverrideValue({ figures }: { figures: Pick<Figures, "override" | "band"> }) {
  return (
    <>
      <RateValue figure={figures.override} unit="decisions" />
      <BandBadge band={figures.band} label="Drill band" />
    </>
  );
}

/** The month's headline figures beside the previous month's. */
export function ReviewSummary({ figures, previousLabel, query }: { figures: Pick<MonthlyReview, "current" | "previous">; previousLabel: string; query: string }) {
  const { current, previous } = figures;
  return (
    <section className="panel" aria-labelledby="summary-heading">
      <TableHeading id="summary-heading" title="The month at a glance" csv={reviewCsv("review-summary", query)} />
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">This month</th>
              <th scope="col">{previousLabel}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            <CompareRow heading={SUMMARY_FIGURES.attempts} current={current.figures.attempts} previous={previous.figures.attempts} change={countChange(current.figures.attempts, previous.figures.attempts)} />
            <CompareRow heading={SUMMARY_FIGURES.spotting} current={<SpottingValue figures={current.figures} />} previous={<SpottingValue figures={previous.figures} />} change={changeText(current.figures.spotting, previous.figures.spotting)} />
            <CompareRow heading={SUMMARY_FIGURES.override} current={<OverrideValue figures={current.figures} />} previous={<OverrideValue figures={previous.figures} />} change={changeText(current.figures.override, previous.figures.override)} />
            <CompareRow heading={SUMMARY_FIGURES.unneeded} current={<RateValue figure={current.figures.unneeded} unit="clean" />} previous={<RateValue figure={previous.figures.unneeded} unit="clean" />} change={changeText(current.figures.unneeded, previous.figures.unneeded)} />
            <CompareRow heading={SUMMARY_FIGURES.production} current={<ProductionValue production={current.production} />} previous={<ProductionValue production={previous.production} />} change={productionChange(current.production, previous.production)} />
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Production overrides per suggestion kind, this month and the month before. */
export function ReviewKinds({ kinds, previousLabel, query }: { kinds: MonthlyReview["kinds"]; previousLabel: string; query: string }) {
  return (
    <section className="panel" aria-labelledby="kinds-heading">
      <TableHeading id="kinds-heading" title="Where AI suggestions were overridden in production" csv={reviewCsv("review-kinds", query)} />
      {kinds.length === 0 ? (
        <p className="muted">No production events in either month.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Suggestion kind</th>
                <th scope="col">This month</th>
                <th scope="col">{previousLabel}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((row) => (
                <CompareRow key={row.kind} heading={row.kind || "(no kind given)"} current={<ProductionValue production={row.current} />} previous={<ProductionValue production={row.previous} />} change={productionChange(row.current, row.previous)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
