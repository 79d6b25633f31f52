/** A rate (0–1) as every page, CLI and message shows it: "40 %", or `empty` when there is nothing to measure. */
export function percent(rate: number | null, empty = "—"): string {
  return rate === null || !Number.isFinite(rate) ? empty : `${Math.round(rate * 100)} %`;
}
