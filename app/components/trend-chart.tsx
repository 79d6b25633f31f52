import { scaleBand, scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { useId } from "react";

/**
 * A weekly chart as server-rendered SVG: d3-scale places weeks and values and picks the ticks,
 * d3-shape draws the lines (with gaps for weeks that have nothing to measure). Under every chart
 * the same numbers are in a table, for screen readers and for anyone who wants the values.
 */

export type ChartSeries = { label: string; className: string; values: readonly (number | null)[]; text: readonly string[] };
export type Threshold = { label: string; value: number };

const WIDTH = 400;
const HEIGHT = 180;
const MARGIN = { top: 12, right: 8, bottom: 26, left: 42 };
const MAX_LABELS = 5;

export function TrendChart({
  title,
  weeks,
  series,
  kind = "line",
  rate = true,
  thresholds = [],
  summary,
}: {
  title: string;
  weeks: readonly string[];
  series: readonly ChartSeries[];
  kind?: "line" | "bars";
  /** Values are shares (0–1) shown as percentages, or counts. */
  rate?: boolean;
  thresholds?: readonly Threshold[];
  summary: string;
}) {
  const id = useId();
  const all = series.flatMap((s) => s.values.filter((value): value is number => value !== null));
  const top = rate ? 1 : Math.max(1, ...all);
  const x = scaleBand<string>().domain(weeks).range([MARGIN.left, WIDTH - MARGIN.right]).padding(kind === "bars" ? 0.25 : 0.1);
  const y = scaleLinear().domain([0, top]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const centre = (index: number) => (x(weeks[index] ?? "") ?? 0) + x.bandwidth() / 2;
  const ticks = y.ticks(rate ? 5 : 4).filter((tick) => rate || Number.isInteger(tick));
  const every = Math.max(1, Math.ceil(weeks.length / MAX_LABELS));
  const path = line<number | null>()
    .defined((value) => value !== null)
    .x((_, index) => centre(index))
    .y((value) => y(value ?? 0));
  const tickText = (tick: number) => (rate ? `${Math.round(tick * 100)} %` : String(tick));

  return (
    <figure className="trend">
      <figcaption>
        <strong>{title}</strong>
        <span className="legend">
          {series.map((s) => (
            <span key={s.label} className={`legend-item ${s.className}`}>
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg className="trend-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${summary}`} aria-describedby={`${id}-table`}>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {tickText(tick)}
            </text>
          </g>
        ))}
        {weeks.map((week, index) =>
          index % every === 0 ? (
            <text key={week} className="tick-label" x={centre(index)} y={HEIGHT - 8} textAnchor="middle">
              {week.slice(5)}
            </text>
          ) : null,
        )}
        {thresholds.map((threshold) => (
          <g key={threshold.label} className="threshold">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(threshold.value)} y2={y(threshold.value)} />
            <text x={WIDTH - MARGIN.right} y={y(threshold.value) - 4} textAnchor="end">
              {threshold.label}
            </text>
          </g>
        ))}
        {series.map((s) =>
          kind === "bars" ? (
            <g key={s.label} className={s.className}>
              {s.values.map((value, index) =>
                value === null ? null : <rect key={weeks[index]} x={x(weeks[index] ?? "") ?? 0} width={x.bandwidth()} y={y(value)} height={y(0) - y(value)} />,
              )}
            </g>
          ) : (
            <g key={s.label} className={s.className}>
              <path d={path(s.values) ?? ""} fill="none" />
              {s.values.map((value, index) => (value === null ? null : <circle key={weeks[index]} cx={centre(index)} cy={y(value)} r={3} />))}
            </g>
          ),
        )}
      </svg>
      <details>
        <summary>The numbers</summary>
        <table id={`${id}-table`}>
          <caption className="visually-hidden">{title}, by week</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, index) => (
              <tr key={week}>
                <th scope="row">{week}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.text[index] ?? "—"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
