import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { percent } from "~/app/format";
import type { Figures, ProductionFigure } from "~/app/insights/figures";
import type { ProficiencySummary, ReachedProficiency, TierCounts } from "~/app/insights/standing";
import { TIER_LABELS } from "~/app/insights/words";
import { TIERS } from "~/app/practice/metrics";
import type { BandSettings } from "~/app/settings/band-settings";
import { OverrideCells, OverrideHeadings, SkillCells, SkillHeadings, TypeCells, TypeHeadings } from "./insights-figures";

export type FigureRow = { id: number; name: string; to?: string; note?: ReactNode; figures: Figures; production: ProductionFigure | null };

/** A heading (h2 unless said) with the link that downloads the same table as CSV, with the page's filters. */
export function TableHeading({ id, title, csv, level = 2 }: { id: string; title: string; csv: string; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="toolbar">
      <Heading id={id}>{title}</Heading>
      <a href={csv} download className="no-print">
        Download CSV<span className="visually-hidden"> of {title.toLowerCase()}</span>
      </a>
    </div>
  );
}

export function bandsNote(settings: BandSettings, source: string) {
  return `Bands ${percent(settings.low)}–${percent(settings.high)}, at least ${settings.minDecisions} decisions (${source})`;
}

export function tiersText(tiers: TierCounts): string {
  const held = TIERS.filter((tier) => tiers[tier] > 0).map((tier) => `${TIER_LABELS[tier]} ${tiers[tier]}`);
  return held.length === 0 ? "no active agents" : held.join(" · ");
}

export function proficiencyText(summary: ProficiencySummary): string {
  if (summary.medianDays === null || summary.medianDrills === null) return `nobody yet (0 of ${summary.agents})`;
  return `median ${summary.medianDrills} drills, ${summary.medianDays} days (${summary.proficient} of ${summary.agents} agents)`;
}

export function agentProficiencyText(proficiency: Omit<ReachedProficiency, "reachedAt"> | null): string {
  return proficiency ? `reached after ${proficiency.drills} drills, ${proficiency.days} days` : "not reached yet";
}

function FigureTable<Row extends FigureRow>({ id, title, label, csv, rows, headings, cells }: { id: string; title: string; label: string; csv: string; rows: readonly Row[]; headings: ReactNode; cells: (row: Row) => ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <TableHeading id={id} title={title} csv={csv} />
      <div className="table-scroll" tabIndex={0}>
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{label}</th>
              {headings}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  {row.to ? <Link to={row.to}>{row.name}</Link> : row.name}
                  {row.note ? <span className="figure-note">{row.note}</span> : null}
                </th>
                {cells(row)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Every figure per row (teams or agents), in three tables over the same rows so none needs
 * scrolling on a laptop: overrides and bands, skill (with `skillHeadings`/`skill` adding the
 * columns that differ: agents, tiers, proficiency), and error-spotting per flaw type. One CSV holds
 * all three.
 */
export function FiguresTables<Row extends FigureRow>({
  label,
  rows,
  csv,
  skillHeadings,
  skill,
}: {
  label: string;
  rows: readonly Row[];
  csv: string;
  skillHeadings?: ReactNode;
  skill?: (row: Row) => ReactNode;
}) {
  return (
    <>
      <FigureTable
        id="overrides-heading"
        title={`${label}: overrides and bands`}
        label={label}
        csv={csv}
        rows={rows}
        headings={<OverrideHeadings />}
        cells={(row) => <OverrideCells figures={row.figures} production={row.production} />}
      />
      <FigureTable
        id="skill-heading"
        title={`${label}: spotting, fixing, escalating`}
        label={label}
        csv={csv}
        rows={rows}
        headings={
          <>
            <SkillHeadings />
            {skillHeadings}
          </>
        }
        cells={(row) => (
          <>
            <SkillCells figures={row.figures} />
            {skill?.(row)}
          </>
        )}
      />
      <FigureTable id="types-heading" title={`${label}: error-spotting by flaw type`} label={label} csv={csv} rows={rows} headings={<TypeHeadings />} cells={(row) => <TypeCells figures={row.figures} />} />
    </>
  );
}
