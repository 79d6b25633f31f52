import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FigureWords } from "~/app/insights/figure-words";
import { OverrideCells, OverrideHeadings, SkillCells, SkillHeadings, TypeCells, TypeHeadings } from "./insights-figures";

/**
 * A row of the figure tables; `note` (its bands' settings) shows in the overrides table only, where
 * the bands are. The row's name links to `to` in every table; only the first's is a Remix Link (a
 * client-side navigation): each Link resolves its path while rendering, and 100 more of them took
 * about 4 ms of a 50-team page's server render; the other two tables' plain links load the same page.
 */
export type FigureRow = { id: number; name: string; to?: string; note?: string; figures: FigureWords };

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

function FigureTable<Row extends FigureRow>({ id, title, label, csv, rows, headings, cells, intro, notes = false }: { id: string; title: string; label: string; csv: string; rows: readonly Row[]; headings: ReactNode; cells: (row: Row) => ReactNode; intro?: string; notes?: boolean }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <TableHeading id={id} title={title} csv={csv} />
      {intro ? <p className="muted">{intro}</p> : null}
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
                  {!row.to ? row.name : notes ? <Link to={row.to}>{row.name}</Link> : <a href={row.to}>{row.name}</a>}
                  {notes && row.note ? <span className="figure-note">{row.note}</span> : null}
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
 * all three. `bands` says once the band settings every row shares (rows with their own say theirs).
 */
export function FiguresTables<Row extends FigureRow>({
  label,
  rows,
  csv,
  skillHeadings,
  skill,
  bands,
}: {
  label: string;
  bands?: string;
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
        cells={(row) => <OverrideCells figures={row.figures} />}
        intro={bands}
        notes
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
