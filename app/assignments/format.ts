/** A completion share as the pages show it: "40 %", or "—" when there is nothing to complete. */
export function percent(rate: number | null) {
  return rate === null ? "—" : `${Math.round(rate * 100)} %`;
}
