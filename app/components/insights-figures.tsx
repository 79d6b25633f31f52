import { percent } from "~/app/format";
import type { BandFigure, Figures, ProductionFigure, RateFigure, SignalFigure } from "~/app/insights/figures";
import { bandText, intervalText, rateText } from "~/app/insights/words";
import { MAX_FALSE_FLAG_RATE } from "~/app/practice/spotting-limit";
import { FLAW_TYPES } from "~/app/vocabulary";
import { FLAW_LABELS } from "~/app/vocabulary";

/** A rate with its count ("42 % of 118") and, where the count is small, its 95 % interval under it. */
export function RateValue({ figure, unit }: { figure: RateFigure; unit?: string }) {
  const interval = intervalText(figure.interval);
  return (
    <>
      <span className="figure">{rateText(figure, unit)}</span>
      {interval ? <span className="figure-note">{interval}</span> : null}
    </>
  );
}

export function BandBadge({ band, label }: { band: BandFigure; label?: string }) {
  return (
    <span className={`band band-${band.band}`}>
      {label ? <span className="visually-hidden">{label}: </span> : null}
      {bandText(band)}
    </span>
  );
}

/** Error-spotting with the false-flag rate beside it, and a warning when the marks are too broad for the spotting to mean anything. */
export function SpottingValue({ figures }: { figures: Pick<Figures, "spotting" | "falseFlags" | "spottingEarned"> }) {
  return (
    <>
      <RateValue figure={figures.spotting} unit="flaws" />
      <span className="figure-note">false flags {rateText(figures.falseFlags, "marks")}</span>
      {figures.spottingEarned ? null : <span className="figure-warning">Marks too broad: false flags above {percent(MAX_FALSE_FLAG_RATE)}</span>}
    </>
  );
}

function SignalValue({ signal }: { signal: SignalFigure | null }) {
  if (!signal) return <span className="muted">— (needs flawed and clean drafts)</span>;
  return (
    <>
      <span className="figure">
        d′ {signal.dPrime.toFixed(2)} · c {signal.c.toFixed(2)}
      </span>
      <span className="figure-note">{signal.reading}</span>
      <span className="figure-note">flawed drafts: {rateText(signal.flawedShare, "drafts")}</span>
    </>
  );
}

export function ProductionValue({ production }: { production: ProductionFigure | null }) {
  if (!production) return <span className="muted">no production events</span>;
  return (
    <>
      <BandBadge band={production.band} label="Production band" />
      <span className="figure-note">{rateText(production.override, "suggestions")} overridden</span>
    </>
  );
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

export function OverrideCells({ figures, production }: { figures: Figures; production: ProductionFigure | null }) {
  return (
    <>
      <td>
        <RateValue figure={figures.override} unit="decisions" />
        <BandBadge band={figures.band} label="Drill band" />
      </td>
      <td>
        <ProductionValue production={production} />
      </td>
      <td>
        <RateValue figure={figures.appropriate} unit="flawed" />
      </td>
      <td>
        <RateValue figure={figures.unneeded} unit="clean" />
      </td>
      <td>
        <SignalValue signal={figures.signal} />
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

export function SkillCells({ figures }: { figures: Figures }) {
  return (
    <>
      <td>{figures.attempts}</td>
      <td>
        <SpottingValue figures={figures} />
      </td>
      <td>
        <RateValue figure={figures.fix} unit="flaws" />
      </td>
      <td>
        <RateValue figure={figures.escalation} unit="drafts" />
      </td>
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

export function TypeCells({ figures }: { figures: Figures }) {
  return (
    <>
      <td>
        <RateValue figure={figures.spotting} />
      </td>
      {FLAW_TYPES.map((type) => (
        <td key={type}>
          <RateValue figure={figures.spottingByType[type]} />
        </td>
      ))}
      <td>
        <RateValue figure={figures.falseFlags} unit="marks" />
        {figures.spottingEarned ? null : <span className="figure-warning">above {percent(MAX_FALSE_FLAG_RATE)}: spotting does not count</span>}
      </td>
    </>
  );
}
