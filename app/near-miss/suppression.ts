/**
 * Small-cell suppression for the near-miss aggregates (promise 4).
 *
 * What is published, per closed month and nothing else: for each "line" (a breakdown of that
 * month's reports: by category, by team) one count per key, and the month's total, which every
 * line adds up to. There are no figures over several months (no row totals, no running totals,
 * no "last 3 months"), and a month is published only once it is over, so a published figure never
 * changes: subtracting one period, or one day's page, from another yields nothing not shown.
 *
 * Rules, with k the setting (default 5):
 * 1. Primary suppression: any count from 1 to k − 1, a cell or the total, is shown as "< k".
 * 2. Complementary suppression: an attacker who knows every shown count, what the labels mean, and
 *    that each line adds up to the total, must not be able to work out any hidden count exactly.
 *    Until that holds, one more count of a line where some hidden count is still pinned is
 *    hidden: a zero first (shown as "< k", which is true of 0, and costs nothing to hide), then
 *    the smallest non-zero count (shown as "hidden"), then the total ("hidden").
 *
 * What the labels tell the attacker: a cell "< k" holds 0 … k − 1 (it may be a hidden zero), the
 * total "< k" holds 1 … k − 1 (an empty month shows 0), and "hidden" holds any count ≥ 0.
 *
 * The attacker model is computed by `attackerIntervals`: line-by-line interval reasoning repeated
 * to a fixed point. For this shape (several partitions of one total, sharing nothing but the
 * total) that fixed point is exactly the set of values consistent with what is shown, so the audit
 * is complete, not a heuristic (tests/unit/near-miss/suppression.test.ts checks it against brute
 * force).
 */

export type LineInput = { id: string; cells: readonly { key: string; value: number }[] };

export type Published = { status: "shown"; value: number } | { status: "small" } | { status: "hidden" };

export type SuppressedPeriod = {
  total: Published;
  lines: { id: string; cells: { key: string; published: Published }[] }[];
};

export type Interval = { lo: number; hi: number };

type Variable = { value: number; status: Published["status"] };

function knowledge(variable: Variable, k: number, { isTotal }: { isTotal: boolean }): Interval {
  if (variable.status === "shown") return { lo: variable.value, hi: variable.value };
  if (variable.status === "small") return { lo: isTotal ? 1 : 0, hi: k - 1 };
  return { lo: 0, hi: Number.POSITIVE_INFINITY };
}

function publish(variable: Variable): Published {
  return variable.status === "shown" ? { status: "shown", value: variable.value } : { status: variable.status };
}

const isSmall = (value: number, k: number) => value >= 1 && value <= k - 1;

/**
 * What an attacker can deduce from a published period: for the total and every cell, the range of
 * values consistent with everything shown: the total's, and each line's cells in order.
 */
export function attackerIntervals(period: SuppressedPeriod, k: number): { total: Interval; lines: Interval[][] } {
  const asVariable = (published: Published): Variable => (published.status === "shown" ? { value: published.value, status: "shown" } : { value: 0, status: published.status });
  let total = knowledge(asVariable(period.total), k, { isTotal: true });
  const lines = period.lines.map((line) => line.cells.map((cell) => knowledge(asVariable(cell.published), k, { isTotal: false })));
  for (let changed = true; changed; ) {
    changed = false;
    for (const cells of lines) {
      const lo = cells.reduce((sum, cell) => sum + cell.lo, 0);
      const hi = cells.reduce((sum, cell) => sum + cell.hi, 0);
      const tightened = { lo: Math.max(total.lo, lo), hi: Math.min(total.hi, hi) };
      if (tightened.lo !== total.lo || tightened.hi !== total.hi) {
        total = tightened;
        changed = true;
      }
      for (const [index, cell] of cells.entries()) {
        // Summed without this cell (not by subtraction: Infinity − Infinity is NaN).
        const othersLo = cells.reduce((sum, other, at) => (at === index ? sum : sum + other.lo), 0);
        const othersHi = cells.reduce((sum, other, at) => (at === index ? sum : sum + other.hi), 0);
        const next = { lo: Math.max(cell.lo, total.lo - othersHi), hi: Math.min(cell.hi, total.hi - othersLo) };
        if (next.lo !== cell.lo || next.hi !== cell.hi) {
          cells[index] = next;
          changed = true;
        }
      }
    }
  }
  return { total, lines };
}

/** The hidden counts an attacker can work out exactly (empty when the period is protected). */
export function disclosedCounts(period: SuppressedPeriod, k: number): { line: string | null; key: string | null }[] {
  const intervals = attackerIntervals(period, k);
  const disclosed: { line: string | null; key: string | null }[] = [];
  if (period.total.status !== "shown" && intervals.total.lo === intervals.total.hi) disclosed.push({ line: null, key: null });
  period.lines.forEach((line, lineIndex) =>
    line.cells.forEach((cell, cellIndex) => {
      const interval = intervals.lines[lineIndex]?.[cellIndex];
      if (cell.published.status !== "shown" && interval && interval.lo === interval.hi) disclosed.push({ line: line.id, key: cell.key });
    }),
  );
  return disclosed;
}

/**
 * One month's counts, suppressed. Every line must add up to the same total (they are breakdowns
 * of the same reports); `k` is at least 2.
 */
export function suppressPeriod({ lines, k }: { lines: readonly LineInput[]; k: number }): SuppressedPeriod {
  if (!Number.isInteger(k) || k < 2) throw new RangeError("k must be a whole number of at least 2");
  const sums = lines.map((line) => line.cells.reduce((sum, cell) => sum + cell.value, 0));
  const totalValue = sums[0] ?? 0;
  if (sums.some((sum) => sum !== totalValue)) throw new RangeError("every line must add up to the same total");
  for (const line of lines) for (const cell of line.cells) if (!Number.isInteger(cell.value) || cell.value < 0) throw new RangeError("counts are whole numbers ≥ 0");

  const total: Variable = { value: totalValue, status: isSmall(totalValue, k) ? "small" : "shown" };
  const cells: Variable[][] = lines.map((line) => line.cells.map((cell) => ({ value: cell.value, status: isSmall(cell.value, k) ? "small" : "shown" })));
  const current = (): SuppressedPeriod => ({
    total: publish(total),
    lines: lines.map((line, lineIndex) => ({ id: line.id, cells: line.cells.map((cell, cellIndex) => ({ key: cell.key, published: publish(cells[lineIndex]?.[cellIndex] ?? { value: 0, status: "hidden" }) })) })),
  });

  for (;;) {
    const period = current();
    const disclosed = disclosedCounts(period, k);
    if (disclosed.length === 0) return period;
    const next = nextToHide({ disclosed, lineIds: lines.map((line) => line.id), cells, total });
    if (!next) return period; // Everything is hidden already (cannot happen with a consistent table).
    next.variable.status = next.as;
  }
}

function nextToHide({ disclosed, lineIds, cells, total }: { disclosed: { line: string | null }[]; lineIds: string[]; cells: Variable[][]; total: Variable }): { variable: Variable; as: "small" | "hidden" } | null {
  // A pinned total is pinned by every line; a pinned cell by its own line.
  const lineIndexes = disclosed.some((d) => d.line === null) ? lineIds.map((_, index) => index) : [...new Set(disclosed.map((d) => lineIds.indexOf(d.line ?? "")))];
  const shown = lineIndexes.flatMap((index) => (cells[index] ?? []).filter((cell) => cell.status === "shown"));
  const zero = shown.find((cell) => cell.value === 0);
  if (zero) return { variable: zero, as: "small" };
  const [smallest] = shown.sort((a, b) => a.value - b.value);
  if (smallest) return { variable: smallest, as: "hidden" };
  return total.status === "shown" ? { variable: total, as: "hidden" } : null;
}

/** How a published count reads on a page. */
export function publishedText(published: Published, k: number): string {
  if (published.status === "shown") return String(published.value);
  return published.status === "small" ? `< ${k}` : "hidden";
}
