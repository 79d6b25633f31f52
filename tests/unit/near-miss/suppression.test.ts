import { describe, expect, it } from "vitest";
import { monthlyFigures, NO_TEAM, type ReportFact } from "~/app/near-miss/aggregates";
import { weeksOfMonth } from "~/app/near-miss/clocks";
import { attackerIntervals, disclosedCounts, publishedText, suppressPeriod, type LineInput, type Published, type SuppressedPeriod } from "~/app/near-miss/suppression";
import { NEAR_MISS_CATEGORIES, type NearMissCategory } from "~/app/vocabulary";

const K = 5;

function line(id: string, values: number[]): LineInput {
  return { id, cells: values.map((value, index) => ({ key: `${id}${index}`, value })) };
}

function statuses(period: SuppressedPeriod) {
  return { total: period.total.status, lines: period.lines.map((l) => l.cells.map((c) => c.published.status)) };
}

/** A seeded generator, so a failing table can be reproduced. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Splits `total` at random into `parts` counts. */
function partition(total: number, parts: number, next: () => number): number[] {
  const values = new Array<number>(parts).fill(0);
  for (let i = 0; i < total; i++) values[Math.floor(next() * parts)]! += 1;
  return values;
}

function randomTable(next: () => number): LineInput[] {
  const total = Math.floor(next() * 25);
  return [line("c", partition(total, 2 + Math.floor(next() * 4), next)), line("t", partition(total, 2 + Math.floor(next() * 3), next))];
}

/** The attacker of the brief: "subtract what is shown from a total", repeated while it solves something. */
function subtractionAttack(period: SuppressedPeriod): { line: string | null; key: string | null; value: number }[] {
  const known = new Map<string, number>();
  const id = (lineId: string | null, key: string | null) => `${lineId}/${key}`;
  if (period.total.status === "shown") known.set(id(null, null), period.total.value);
  for (const l of period.lines) for (const c of l.cells) if (c.published.status === "shown") known.set(id(l.id, c.key), c.published.value);
  const recovered: { line: string | null; key: string | null; value: number }[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const l of period.lines) {
      const unknown = l.cells.filter((c) => !known.has(id(l.id, c.key)));
      const totalKnown = known.get(id(null, null));
      const sumKnown = l.cells.reduce((sum, c) => sum + (known.get(id(l.id, c.key)) ?? 0), 0);
      const [only] = unknown;
      if (unknown.length === 1 && only && totalKnown !== undefined) {
        known.set(id(l.id, only.key), totalKnown - sumKnown);
        recovered.push({ line: l.id, key: only.key, value: totalKnown - sumKnown });
        progress = true;
      } else if (unknown.length === 0 && totalKnown === undefined) {
        known.set(id(null, null), sumKnown);
        recovered.push({ line: null, key: null, value: sumKnown });
        progress = true;
      }
    }
  }
  return recovered;
}

const CAP = 60;

/** What a label says: a "< k" cell may be a hidden zero; a "< k" total is not (an empty month shows 0). */
function bounds(published: Published, isTotal = false): [number, number] {
  if (published.status === "shown") return [published.value, published.value];
  return published.status === "small" ? [isTotal ? 1 : 0, K - 1] : [0, CAP];
}

/**
 * The exhaustive attacker: every assignment of whole numbers consistent with what is published
 * (hidden counts capped at CAP), and for each hidden count the least and greatest value it takes.
 */
function bruteForce(period: SuppressedPeriod) {
  const [totalLo, totalHi] = bounds(period.total, true);
  const feasible = period.lines.map((l) => l.cells.map(() => new Set<number>()));
  const totals = new Set<number>();
  for (let total = totalLo; total <= totalHi; total++) {
    const perLine = period.lines.map((l) => {
      const seen = l.cells.map(() => new Set<number>());
      let any = false;
      const walk = (index: number, left: number, chosen: number[]) => {
        if (index === l.cells.length) {
          if (left === 0) {
            any = true;
            chosen.forEach((value, at) => seen[at]!.add(value));
          }
          return;
        }
        const [lo, hi] = bounds(l.cells[index]!.published);
        for (let value = lo; value <= Math.min(hi, left); value++) walk(index + 1, left - value, [...chosen, value]);
      };
      walk(0, total, []);
      return { any, seen };
    });
    if (perLine.every((result) => result.any)) {
      totals.add(total);
      perLine.forEach((result, lineIndex) => result.seen.forEach((values, cellIndex) => values.forEach((value) => feasible[lineIndex]![cellIndex]!.add(value))));
    }
  }
  const range = (values: Set<number>) => ({ lo: Math.min(...values), hi: Math.max(...values) });
  return { total: range(totals), lines: feasible.map((cells) => cells.map(range)) };
}

describe("primary suppression", () => {
  it("shows counts of 0 and from k up, and 1 … k − 1 as \"< k\"", () => {
    const period = suppressPeriod({ k: K, lines: [line("c", [0, 5, 12, 9])] });
    expect(statuses(period)).toEqual({ total: "shown", lines: [["shown", "shown", "shown", "shown"]] });
    const small = suppressPeriod({ k: K, lines: [line("c", [1, 4, 12, 9])] });
    expect(small.lines[0]?.cells.map((c) => publishedText(c.published, K))).toEqual(["< 5", "< 5", "12", "9"]);
    expect(publishedText(small.total, K)).toBe("26");
  });

  it("also hides a small total", () => {
    const period = suppressPeriod({ k: K, lines: [line("c", [3, 0, 0])] });
    expect(period.total).toEqual({ status: "small" });
    expect(publishedText(period.total, K)).toBe("< 5");
  });

  it("uses the k it is given", () => {
    expect(statuses(suppressPeriod({ k: 10, lines: [line("c", [9, 2, 30])] })).lines[0]).toEqual(["small", "small", "shown"]);
    expect(statuses(suppressPeriod({ k: 2, lines: [line("c", [1, 0, 30])] })).lines[0]).toEqual(["small", "small", "shown"]);
    expect(() => suppressPeriod({ k: 1, lines: [line("c", [1])] })).toThrow(RangeError);
  });

  it("refuses lines that do not add up to one total", () => {
    expect(() => suppressPeriod({ k: K, lines: [line("c", [1, 2]), line("t", [4])] })).toThrow(RangeError);
  });
});

describe("the recover-from-totals attack", () => {
  it("one small cell beside shown ones: its value would be the total minus the rest, so one more is hidden", () => {
    // Without complementary suppression: 20 − 9 − 8 = 3.
    const period = suppressPeriod({ k: K, lines: [line("c", [3, 9, 8])] });
    expect(statuses(period).lines[0]).toEqual(["small", "shown", "hidden"]);
    expect(subtractionAttack(period)).toEqual([]);
    expect(disclosedCounts(period, K)).toEqual([]);
  });

  it("a zero beside a small cell is hidden first: \"< k\" is true of 0, and hiding it costs nothing", () => {
    // 1 and 0 beside 12, total 13: hiding the 0 as "< 5" leaves 0 + 1 or 1 + 0.
    const period = suppressPeriod({ k: K, lines: [line("c", [1, 0, 12])] });
    expect(statuses(period).lines[0]).toEqual(["small", "small", "shown"]);
    expect(publishedText(period.lines[0]!.cells[1]!.published, K)).toBe("< 5");
    expect(disclosedCounts(period, K)).toEqual([]);
  });

  it("two small cells beside shown ones protect each other", () => {
    const period = suppressPeriod({ k: K, lines: [line("c", [1, 1, 12])] });
    expect(statuses(period).lines[0]).toEqual(["small", "small", "shown"]);
    expect(attackerIntervals(period, K).lines[0]?.slice(0, 2)).toEqual([{ lo: 0, hi: 2 }, { lo: 0, hi: 2 }]);
  });

  it("a month of four single reports: the attacker cannot tell 1 + 1 + 1 + 1 from 0 + 2 + 1 + 1", () => {
    const period = suppressPeriod({ k: K, lines: [line("c", [1, 1, 1, 1]), line("t", [1, 2, 0, 1])] });
    expect(period.total).toEqual({ status: "small" });
    expect(disclosedCounts(period, K)).toEqual([]);
  });

  it("a small total is not given away by the other breakdown of the same month", () => {
    // Categories: 3 of one kind (total 3, small). Teams: all 3 in one team... hidden as well.
    const period = suppressPeriod({ k: K, lines: [line("c", [3, 0, 0]), line("t", [0, 3])] });
    expect(disclosedCounts(period, K)).toEqual([]);
    expect(subtractionAttack(period)).toEqual([]);
  });

  it("a hidden total cannot be recomputed from a line shown in full", () => {
    // The team line would give the total 6 away (5 + 1 hidden? no: 1 is small) — every line must leave it open.
    const period = suppressPeriod({ k: K, lines: [line("c", [1, 5]), line("t", [6, 0])] });
    expect(disclosedCounts(period, K)).toEqual([]);
    expect(subtractionAttack(period)).toEqual([]);
  });

  it("on 2,000 random months no hidden count can be recovered, by subtraction or by any reasoning", () => {
    const next = random(20261124);
    let suppressedSomething = 0;
    for (let run = 0; run < 2000; run++) {
      const lines = randomTable(next);
      const period = suppressPeriod({ k: K, lines });
      const hidden = [period.total, ...period.lines.flatMap((l) => l.cells.map((c) => c.published))].filter((p) => p.status !== "shown");
      if (hidden.length > 0) suppressedSomething++;
      expect(subtractionAttack(period), JSON.stringify(lines)).toEqual([]);
      expect(disclosedCounts(period, K), JSON.stringify(lines)).toEqual([]);
      // Every count 1 … k − 1 is hidden; nothing shown is small.
      lines.forEach((l, lineIndex) => l.cells.forEach((c, cellIndex) => {
        const published = period.lines[lineIndex]?.cells[cellIndex]?.published;
        if (c.value >= 1 && c.value < K) expect(published?.status).toBe("small");
        if (published?.status === "shown") expect(published.value).toBe(c.value);
      }));
    }
    expect(suppressedSomething).toBeGreaterThan(1000);
  });

  it("the audit's reasoning is exactly what an exhaustive attacker finds", () => {
    const next = random(7);
    for (let run = 0; run < 300; run++) {
      const lines = randomTable(next);
      const period = suppressPeriod({ k: K, lines });
      const exact = bruteForce(period);
      const audit = attackerIntervals(period, K);
      const capped = ({ lo, hi }: { lo: number; hi: number }) => ({ lo, hi: Math.min(hi, CAP) });
      // With the cap, "unbounded" reads as CAP on both sides when nothing else bounds it.
      expect(capped(audit.total), JSON.stringify(lines)).toEqual(exact.total);
      audit.lines.forEach((cells, lineIndex) => cells.forEach((interval, cellIndex) => expect(capped(interval), JSON.stringify(lines)).toEqual(exact.lines[lineIndex]?.[cellIndex])));
      // And the exhaustive attacker pins nothing that is hidden.
      const hiddenPinned = period.lines.flatMap((l, lineIndex) => l.cells.filter((c, cellIndex) => c.published.status !== "shown" && exact.lines[lineIndex]![cellIndex]!.lo === exact.lines[lineIndex]![cellIndex]!.hi));
      expect(hiddenPinned).toEqual([]);
    }
  });
});

/** Reports in a month: `counts[category]` reports, spread over the month's weeks and the given teams. */
function reportsIn(month: string, counts: Partial<Record<NearMissCategory, number>>, teamIds: (number | null)[]): ReportFact[] {
  const weeks = weeksOfMonth(month);
  const reports: ReportFact[] = [];
  let n = 0;
  for (const category of NEAR_MISS_CATEGORIES) {
    for (let i = 0; i < (counts[category] ?? 0); i++, n++) reports.push({ week: weeks[n % weeks.length]!, category, teamId: teamIds[n % teamIds.length] ?? null });
  }
  return reports;
}

const TEAMS = [
  { id: 1, name: "Returns" },
  { id: 2, name: "Billing" },
];

describe("the month-difference attack", () => {
  const reports = [
    ...reportsIn("2026-09", { hallucination: 12, tone: 6, citation: 2 }, [1, 2]),
    ...reportsIn("2026-10", { hallucination: 9, tone: 7, restricted_data: 1 }, [1, 2, null]),
    ...reportsIn("2026-11", { hallucination: 11, tone: 3, bias: 8 }, [1, 2]),
    // December is still open on 15 December.
    ...reportsIn("2026-12", { hallucination: 1 }, [1]),
  ];

  it("publishes only closed months, each on its own: no figure spans two months", () => {
    const figures = monthlyFigures({ reports, teams: TEAMS, now: new Date("2026-12-15T10:00:00Z"), k: K, months: 4 });
    expect(figures.map((f) => f.month)).toEqual(["2026-11", "2026-10", "2026-09", "2026-08"]);
    for (const { period } of figures) expect(period.lines.map((l) => l.id)).toEqual(["category", "team"]);
  });

  it("a report in the open month shows nowhere, so watching the page day by day dates nothing", () => {
    const before = monthlyFigures({ reports, teams: TEAMS, now: new Date("2026-12-15T10:00:00Z"), k: K });
    const later = monthlyFigures({ reports: [...reports, ...reportsIn("2026-12", { unsafe_action: 1 }, [2])], teams: TEAMS, now: new Date("2026-12-20T10:00:00Z"), k: K });
    expect(later).toEqual(before);
  });

  it("a month, once published, never changes: subtracting one publication from a later one leaves nothing", () => {
    const november = monthlyFigures({ reports, teams: TEAMS, now: new Date("2026-12-15T10:00:00Z"), k: K });
    const january = monthlyFigures({ reports, teams: TEAMS, now: new Date("2027-01-10T10:00:00Z"), k: K });
    expect(january[0]?.month).toBe("2026-12");
    for (const figure of november) {
      const again = january.find((f) => f.month === figure.month);
      if (again) expect(again).toEqual(figure);
    }
    // December's lone report appears only inside its own (suppressed) month.
    expect(january[0]?.period.total).toEqual({ status: "small" });
    expect(disclosedCounts(january[0]!.period, K)).toEqual([]);
  });

  it("the attacker who adds up months learns no hidden month: there is no multi-month total to subtract from", () => {
    const figures = monthlyFigures({ reports, teams: TEAMS, now: new Date("2027-01-10T10:00:00Z"), k: K });
    // October's one restricted-data report: hidden, and no figure over several months exists to
    // subtract the shown months from.
    const october = figures.find((f) => f.month === "2026-10")!;
    const restricted = october.period.lines[0]!.cells.find((c) => c.key === "restricted_data");
    expect(restricted?.published).toEqual({ status: "small" });
    for (const { period } of figures) {
      expect(subtractionAttack(period)).toEqual([]);
      expect(disclosedCounts(period, K)).toEqual([]);
    }
  });

  it("counts a report in the month of its week's Thursday, with reports naming no team in their own row", () => {
    const figures = monthlyFigures({ reports: [{ week: "2026-W49", category: "tone", teamId: null }, ...Array.from({ length: 5 }, () => ({ week: "2026-W49", category: "tone" as const, teamId: 2 }))], teams: TEAMS, now: new Date("2027-01-10T00:00:00Z"), k: K, months: 2 });
    const december = figures[0]!;
    expect(december.month).toBe("2026-12");
    expect(december.period.total).toEqual({ status: "shown", value: 6 });
    expect(december.period.lines[1]?.cells.map((c) => c.key)).toEqual(["1", "2", NO_TEAM]);
    expect(disclosedCounts(december.period, K)).toEqual([]);
  });
});
