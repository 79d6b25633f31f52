import { percent } from "~/app/format";
import type { BandFigure, Figures, ProductionFigure, RateFigure } from "~/app/insights/figures";
import { bandWords, productionWords, rateWords, type BandWords, type FigureWords, type ProductionWords, type RateWords } from "~/app/insights/figure-words";
import { MAX_FALSE_FLAG_RATE } from "~/app/practice/spotting-limit";
import { FLAW_TYPES } from "~/app/vocabulary";
import { FLAW_LABELS } from "~/app/vocabulary";

/*
 * The figures' cells. The tables of teams and agents get their words ready made (FigureWords, put
 * into words by the loader); the review and the slips pass figures, put into words here.
 */

/** A rate with its count ("42 % of 118") and, where the count is small, its 95 % interval under it. */
export function ShownRate({ rate }: { rate: RateWords }) {
  return (
    <>
      <span className="figure">{rate.text}</span>
      {rate.interval ? <span className="figure-note">{rate.interval}</span> : null}
    </>
  );
}

/** A cell holding one rate: its words straight in the cell, the interval (and a warning, if any) under it. */
function RateCell({ rate, warning }: { rate: RateWords; warning?: string }) {
  return (
    <td className="rate">
      {rate.text}
      {rate.interval ? <span className="figure-note">{rate.interval}</span> : null}
      {warning ? <span className="figure-warning">{warning}</span> : null}
    </td>
  );
}

export function RateValue({ figure, unit }: { figure: RateFigure; unit?: string }) {
  return <ShownRate rate={rateWords(figure, unit)} />;
}

export function ShownBand({ band, label }: { band: BandWords; label?: string }) {
  return (
    <span className={`band band-${band.band}`}>
      {label ? <span className="visually-hidden">{`${label}: `}</span> : null}
      {band.text}
    </span>
  );
}

export function BandBadge({ band, label }: { band: BandFigure; label?: string }) {
  return <ShownBand band={bandWords(band)} label={label} />;
}

/** Error-spotting with the false-flag rate beside it, and a warning when the marks are too broad for the spotting to mean anything. */
function ShownSpotting({ spotting, falseFlags, spottingEarned }: Pick<FigureWords, "spotting" | "falseFlags" | "spottingEarned">) {
  return (
    <>
      <ShownRate rate={spotting} />
      <span className="figure-note">{`false flags ${falseFlags.text}`}</span>
      {spottingEarned ? null : <span className="figure-warning">{`Marks too broad: false flags above ${percent(MAX_FALSE_FLAG_RATE)}`}</span>}
    </>
  );
}

export function SpottingValue({ figures }: { figures: Pick<Figures, "spotting" | "falseFlags" | "spottingEarned"> }) {
  return <ShownSpotting spotting={rateWords(figures.spotting, "flaws")} falseFlags={rateWords(figures.falseFlags, "marks")} spottingEarned={figures.spottingEarned} />;
}

export function ShownProduction({ production }: { production: ProductionWords | null }) {
  if (!production) return <span className="muted">no production events</span>;
  return (
    <>
      <ShownBand band={production.band} label="Production band" />
      <span className="figure-note">{production.overridden}</span>
    </>
  );
}

export function ProductionValue({ production }: { production: ProductionFigure | null }) {
  return <ShownProduction production={productionWords(production)} />;
}

/** The override figures: how often the AI was overridden, against the bands, and whether it was the right drafts. */
export function OverrideHeadings() {
  return (
    <>
      <th scope="col">Override rate and drill band</th>
      <th scope="col">Production band</th>
      <th scope="col">Appropriate overrides</th>
      <th scope="col">Unneeded overrides</th>
      <th scope="col">d′ and c</th>
    </>
  );
}

export function OverrideCells({ figures }: { figures: FigureWords }) {
  const { signal } = figures;
  return (
    <>
      <td>
        <ShownRate rate={figures.override} />
        <ShownBand band={figures.band} label="Drill band" />
      </td>
      <td>
        <ShownProduction production={figures.production} />
      </td>
      <RateCell rate={figures.appropriate} />
      <RateCell rate={figures.unneeded} />
      <td>
        {signal ? (
          <>
            <span className="figure">{signal.values}</span>
            <span className="figure-note">{signal.reading}</span>
            <span className="figure-note">{signal.flawedShare}</span>
          </>
        ) : (
          <span className="muted">— (needs flawed and clean drafts)</span>
        )}
      </td>
    </>
  );
}

/** The skill figures: volume, spotting (with false flags), fixing and escalating. */
export function SkillHeadings() {
  return (
    <>
      <th scope="col">First attempts</th>
      <th scope="col">Error-spotting (false flags)</th>
      <th scope="col">Fix rate</th>
      <th scope="col">Escalation accuracy</th>
    </>
  );
}

export function SkillCells({ figures }: { figures: FigureWords }) {
  return (
    <>
      <td>{figures.attempts}</td>
      <td>
        <ShownSpotting {...figures} />
      </td>
      <RateCell rate={figures.fix} />
      <RateCell rate={figures.escalation} />
    </>
  );
}

/** Error-spotting per flaw type, with false flags beside it (a table of its own: five more columns would not fit). */
export function TypeHeadings() {
  return (
    <>
      <th scope="col">All types</th>
      {FLAW_TYPES.map((type) => (
        <th scope="col" key={type}>
          {FLAW_LABELS[type]}
        </th>
      ))}
      <th scope="col">False flags</th>
    </>
  );
}

export function TypeCells({ figures }: { figures: FigureWords }) {
  return (
    <>
      <RateCell rate={figures.allTypes} />
      {FLAW_TYPES.map((type) => (
        <RateCell key={type} rate={figures.byType[type]} />
      ))}
      <RateCell rate={figures.falseFlags} warning={figures.spottingEarned ? undefined : `above ${percent(MAX_FALSE_FLAG_RATE)}: spotting does not count`} />
    </>
  );
}
