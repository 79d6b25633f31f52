import type { DriveResult } from "./bench-submit-load";
import type { Timing } from "./bench-submit-workers";

// ── the figures: the app against both floors ──

/** The app should reach at least half of the bare-insert floor. */
const INSERT_FLOOR_GOAL = 0.5;

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function round(value: number, digits = 1) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export type Run = {
  requests: number;
  connections: number;
  warmup: number;
  load: DriveResult;
  insertFloor: Timing;
  replayFloor: Timing & { statementsPerSubmission: number; drills: number };
  /** Mean length, as JSON, of the stored attempt rows the insert floor copies. */
  rowChars: number;
};

export function report({ requests, connections, load, insertFloor, replayFloor }: Run) {
  const attemptsPerSecond = load.successes / load.seconds;
  const insertsPerSecond = insertFloor.count / insertFloor.seconds;
  const replayPerSecond = replayFloor.count / replayFloor.seconds;
  const ratio = round(attemptsPerSecond / insertsPerSecond, 3);
  return {
    attemptsPerSecond: round(attemptsPerSecond),
    p50Ms: round(percentile(load.latencies, 50)),
    p95Ms: round(percentile(load.latencies, 95)),
    floorInsertsPerSecond: round(insertsPerSecond),
    floorP50Ms: round(percentile(insertFloor.latencies, 50), 2),
    floorP95Ms: round(percentile(insertFloor.latencies, 95), 2),
    ratio,
    goalMet: ratio >= INSERT_FLOOR_GOAL,
    replayPerSecond: round(replayPerSecond),
    replayP50Ms: round(percentile(replayFloor.latencies, 50), 2),
    replayP95Ms: round(percentile(replayFloor.latencies, 95), 2),
    replayStatementsPerSubmission: round(replayFloor.statementsPerSubmission, 1),
    ratioToReplay: round(attemptsPerSecond / replayPerSecond, 3),
    requests,
    errors: load.errors,
    connections,
    statusCodes: load.statusCodes,
  };
}

export function table(run: Run) {
  const r = report(run);
  const { load } = run;
  const rows: [string, string][] = [
    ["submissions", `${r.requests} over ${r.connections} connections, a fresh agent each (+${run.warmup} warm-up, not measured)`],
    ["succeeded (302 to /attempts/<id>)", `${load.successes} in ${round(load.seconds, 2)} s`],
    ["errors", r.errors === 0 ? "0" : `${r.errors} ${JSON.stringify(r.statusCodes)}`],
    ["attempts/s", String(r.attemptsPerSecond)],
    ["latency p50 / p95 (successes)", `${r.p50Ms} ms / ${r.p95Ms} ms`],
    ["autocannon p50 / p97.5 / p99", `${load.autocannon.p50} / ${load.autocannon.p97_5} / ${load.autocannon.p99} ms`],
    ["floor 1: bare postgres.js inserts/s", `${r.floorInsertsPerSecond} (the same attempt rows, one insert each; ~${run.rowChars} chars a row as JSON)`],
    ["floor 1 latency p50 / p95", `${r.floorP50Ms} ms / ${r.floorP95Ms} ms`],
    ["floor 2: statement replays/s", `${r.replayPerSecond} (a submission's ${r.replayStatementsPerSubmission} statements in one transaction; recorded for ${run.replayFloor.drills} drills)`],
    ["floor 2 latency p50 / p95", `${r.replayP50Ms} ms / ${r.replayP95Ms} ms`],
    [`ratio to the bare inserts (goal ≥ ${INSERT_FLOOR_GOAL})`, `${r.ratio}${r.goalMet ? "  (goal met)" : "  (goal NOT met)"}`],
    ["ratio to the statement replay", String(r.ratioToReplay)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
