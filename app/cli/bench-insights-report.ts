import type { ExportTiming, PageTiming } from "./bench-insights-http";

/** The figures of `bench:insights`: a readable table with the issue's goals, and one JSON object. */

/** `core`: one of the issue's pages, which the headline figures and goals are over. */
export type PagePair = { name: string; path: string; core: boolean; before: PageTiming; after: PageTiming };
export type Run = {
  attempts: number;
  events: number;
  agents: number;
  teams: number;
  drills: number;
  templates: number;
  requests: number;
  warmup: number;
  /** CPUs and the 1-minute load average when loading began and when timing ended: others' work on the machine skews the figures. */
  machine: { cpus: number; loadStart: number; loadEnd: number };
  loads: Record<string, number>;
  checks: string[];
  /** Insights pages at 10,000 attempts (before) and at the full load (after). */
  insights: PagePair[];
  /** Agent pages for the 50-attempt agent (before) and the 5,000-attempt agent (after). */
  agentPages: PagePair[];
  csv: { path: string; timing: ExportTiming };
};

const GOALS = { insightsP95Ms: 100, insightsRatio: 2, agentP95Ms: 50, agentRatio: 2, exportRssMb: 256 };

const p95 = (timing: PageTiming) => (timing.status === "ok" ? timing.p95 : null);
const round2 = (value: number) => Math.round(value * 100) / 100;

function worst(values: (number | null)[]) {
  const measured = values.filter((value): value is number => value !== null);
  return measured.length === 0 ? null : Math.max(...measured);
}

function pageRatio(pair: PagePair) {
  const b = p95(pair.before);
  const a = p95(pair.after);
  return b !== null && a !== null && b > 0 ? a / b : null;
}

/** The worst p95 before and after over the core pages measured both times, the ratio of those, and the worst ratio of one page. */
function summarise(pairs: PagePair[]) {
  const both = pairs.filter((pair) => pair.core && p95(pair.before) !== null && p95(pair.after) !== null);
  const before = worst(both.map((pair) => p95(pair.before)));
  const after = worst(both.map((pair) => p95(pair.after)));
  const ratios = both.map(pageRatio);
  return { before, after, ratio: before !== null && after !== null && before > 0 ? round2(after / before) : null, worstPageRatio: worst(ratios) === null ? null : round2(worst(ratios) ?? 0) };
}

type Verdict = "met" | "NOT met" | "not measured";
const verdict = (value: number | null, ok: (value: number) => boolean): Verdict => (value === null ? "not measured" : ok(value) ? "met" : "NOT met");

function goals(run: Run) {
  const insights = summarise(run.insights);
  const agents = summarise(run.agentPages);
  const rss = run.csv.timing.status === "ok" ? run.csv.timing.peakRssMb : null;
  return {
    insights,
    agents,
    list: [
      { goal: `insights p95 < ${GOALS.insightsP95Ms} ms at ${run.attempts.toLocaleString("en")} attempts`, value: insights.after === null ? "—" : `${insights.after} ms`, verdict: verdict(insights.after, (v) => v < GOALS.insightsP95Ms) },
      { goal: `insights p95 at most ${GOALS.insightsRatio} × its 10,000-attempt figure (worst page)`, value: insights.worstPageRatio === null ? "—" : `${insights.worstPageRatio} ×`, verdict: verdict(insights.worstPageRatio, (v) => v <= GOALS.insightsRatio) },
      { goal: `agent pages p95 < ${GOALS.agentP95Ms} ms`, value: agents.after === null ? "—" : `${worst([agents.before, agents.after])} ms`, verdict: verdict(worst([agents.before, agents.after]), (v) => v < GOALS.agentP95Ms) },
      { goal: `agent pages p95 at most ${GOALS.agentRatio} × between 50 and 5,000 attempts (worst page)`, value: agents.worstPageRatio === null ? "—" : `${agents.worstPageRatio} ×`, verdict: verdict(agents.worstPageRatio, (v) => v <= GOALS.agentRatio) },
      { goal: `CSV export peak memory < ${GOALS.exportRssMb} MB`, value: rss === null ? "—" : `${rss} MB`, verdict: verdict(rss, (v) => v < GOALS.exportRssMb) },
    ],
  };
}

/** A page's own verdict: its p95 under the limit (both times for agent pages) and at most 2 × from before to after (both goals say 2 ×). */
function rowVerdict(pair: PagePair, limitMs: number, bothUnder: boolean) {
  const a = p95(pair.after);
  const b = p95(pair.before);
  const ratio = pageRatio(pair);
  if (a === null || b === null || ratio === null) return "not measured";
  const under = a < limitMs && (!bothUnder || b < limitMs);
  return under && ratio <= 2 ? "met" : "NOT met";
}

function cell(timing: PageTiming) {
  if (timing.status === "ok") return `${timing.p50.toFixed(1).padStart(7)} ${timing.p95.toFixed(1).padStart(7)}`;
  return (timing.status === "missing" ? "route missing" : `HTTP ${timing.code}`).padStart(15);
}

function notMeasured(run: Run) {
  const lines: string[] = [];
  for (const pair of [...run.insights, ...run.agentPages]) {
    for (const timing of [pair.before, pair.after]) {
      if (timing.status === "missing") lines.push(`not measured: route missing: ${pair.name} (GET ${pair.path} answered 404)`);
      if (timing.status === "failed") lines.push(`not measured: ${pair.name} (GET ${pair.path} answered ${timing.code}: ${timing.sample.replace(/\s+/g, " ").slice(0, 160)})`);
    }
  }
  if (run.csv.timing.status === "missing") lines.push(`not measured: route missing: CSV export of all attempts (GET ${run.csv.path} answered 404)`);
  if (run.csv.timing.status === "failed") lines.push(`not measured: CSV export (GET ${run.csv.path} answered ${run.csv.timing.code}: ${run.csv.timing.sample.replace(/\s+/g, " ").slice(0, 160)})`);
  return [...new Set(lines)];
}

export function table(run: Run) {
  const { list } = goals(run);
  const pad = Math.max(...[...run.insights, ...run.agentPages].map((pair) => pair.name.length), 20) + 4;
  const rows = (pairs: PagePair[], before: string, after: string, limitMs: number, bothUnder: boolean) => [
    `${"".padEnd(pad)}${before.padStart(15)}  ${after.padStart(15)}    ratio`,
    `${"page".padEnd(pad)}${"p50".padStart(7)} ${"p95".padStart(7)}  ${"p50".padStart(7)} ${"p95".padStart(7)}    (p95)  this page's goal`,
    ...pairs.map((pair) => {
      const ratio = pageRatio(pair);
      const timed = [pair.before, pair.after].flatMap((timing) => (timing.status === "ok" && timing.count < run.requests ? [timing.count] : []));
      const note = timed.length > 0 ? ` (slow: ${timed.join(" and ")} timed)` : "";
      return `${`${pair.core ? "" : "+ "}${pair.name}`.padEnd(pad)}${cell(pair.before)}  ${cell(pair.after)}  ${(ratio === null ? "—" : `${ratio.toFixed(2)} ×`).padStart(7)}  ${rowVerdict(pair, limitMs, bothUnder)}${note}`;
    }),
  ];
  const csv = run.csv.timing;
  return [
    `bench:insights — ${run.attempts.toLocaleString("en")} attempts by ${run.agents.toLocaleString("en")} agents in ${run.teams} teams on ${run.drills.toLocaleString("en")} drills (${run.templates} score templates), ${run.events.toLocaleString("en")} production events`,
    `machine: ${run.machine.cpus} CPUs, load average ${run.machine.loadStart} when loading began, ${run.machine.loadEnd} when timing ended${run.machine.loadEnd > run.machine.cpus ? " (busy: other work skews these figures)" : ""}`,
    `load (s): ${Object.entries(run.loads).map(([name, s]) => `${name} ${s}`).join(", ")}`,
    ...run.checks.map((line) => `check: ${line}`),
    "",
    `Insights pages (ms; ${run.requests} sequential requests each after ${run.warmup} of warm-up; + marks a page beside the issue's, outside the headline):`,
    ...rows(run.insights, "10,000 attempts", `${run.attempts.toLocaleString("en")}`, GOALS.insightsP95Ms, false),
    "",
    "Agent pages (ms):",
    ...rows(run.agentPages, "50 attempts", "5,000 attempts", GOALS.agentP95Ms, true),
    "",
    csv.status === "ok"
      ? `CSV export of all attempts (GET ${run.csv.path}): ${csv.rows.toLocaleString("en")} rows${csv.rows === run.attempts ? "" : ` (NOT the ${run.attempts.toLocaleString("en")} attempts loaded)`}, ${csv.megabytes} MB in ${csv.seconds} s; a freshly started server's RSS ${csv.rssBeforeMb} MB before, peak ${csv.peakRssMb} MB during (+${csv.peakRssMb - csv.rssBeforeMb} MB; VmHWM over its life ${csv.hwmMb} MB)`
      : `CSV export: not measured (GET ${run.csv.path})`,
    ...notMeasured(run),
    "",
    "Goals:",
    ...list.map((g) => `  ${g.verdict.padEnd(13)} ${g.goal}: ${g.value}`),
  ].join("\n");
}

const pageJson = (pairs: PagePair[], before: string, after: string) =>
  Object.fromEntries(pairs.map((pair) => [pair.name, { path: pair.path, core: pair.core, [before]: pair.before, [after]: pair.after }]));

export function report(run: Run) {
  const { insights, agents, list } = goals(run);
  const csv = run.csv.timing;
  return {
    attempts: run.attempts,
    events: run.events,
    agents: run.agents,
    teams: run.teams,
    drills: run.drills,
    load_seconds: run.loads,
    machine: { cpus: run.machine.cpus, load_avg_start: run.machine.loadStart, load_avg_end: run.machine.loadEnd },
    insights: { p95_ms_10k: insights.before, p95_ms_1m: insights.after, ratio: insights.ratio, worst_page_ratio: insights.worstPageRatio, pages: pageJson(run.insights, "at_10k", "at_full") },
    agent_pages: { p95_ms_50: agents.before, p95_ms_5000: agents.after, ratio: agents.ratio, worst_page_ratio: agents.worstPageRatio, pages: pageJson(run.agentPages, "agent_50", "agent_5000") },
    csv: csv.status === "ok" ? { rows: csv.rows, seconds: csv.seconds, peak_rss_mb: csv.peakRssMb, rss_before_mb: csv.rssBeforeMb, rss_growth_mb: csv.peakRssMb - csv.rssBeforeMb, hwm_mb: csv.hwmMb, megabytes: csv.megabytes, path: run.csv.path } : { rows: null, seconds: null, peak_rss_mb: null, path: run.csv.path, status: csv.status },
    goals: Object.fromEntries(list.map((g) => [g.goal, g.verdict])),
    not_measured: notMeasured(run),
  };
}
