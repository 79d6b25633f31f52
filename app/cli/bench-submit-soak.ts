import { processMemory, type AppServer } from "./app-server";
import { drive, type DriveResult, type Submission } from "./bench-submit-load";
import { percentile, round } from "./bench-submit-report";

// ── soak: a steady, bounded load for minutes, watching errors, latency and the server's memory ──

export type SoakMinute = { minute: number; successes: number; p50Ms: number; p95Ms: number; rssMb: number | null };

export type SoakResult = {
  database: string;
  seconds: number;
  rate: number;
  connections: number;
  load: DriveResult;
  /** The server's resident memory (MB): before the soak (after warm-up), after it, the highest sampled during it, and the kernel's high-water mark since the server started (VmHWM, startup included). */
  rss: { startMb: number | null; endMb: number | null; peakSampledMb: number | null; highWaterMb: number | null; samples: number };
  minutes: SoakMinute[];
};

/**
 * `rate × seconds` submissions (each a pre-served agent of its own) at `rate` per second over
 * `connections` connections: bounded in concurrency, rate and count. The server's RSS is read
 * from /proc/<pid>/status every second; latencies are binned by the minute they arrived in, so
 * drift (a leak, a slowing query) shows.
 */
export async function runSoak({ app, database, seconds, rate, connections, timeoutSeconds, remainingMs, next, progress }: { app: AppServer; database: string; seconds: number; rate: number; connections: number; timeoutSeconds: number; remainingMs: () => number; next: () => Submission; progress: (message: string) => void }): Promise<SoakResult> {
  const startMemory = await processMemory(app.pid);
  let peakSampled = startMemory?.rssMb ?? null;
  let samples = startMemory ? 1 : 0;
  let lastRss = startMemory?.rssMb ?? null;
  const began = performance.now();
  const bins: number[][] = [];
  const rssAtMinute: (number | null)[] = [];
  const sampler = setInterval(() => {
    void processMemory(app.pid).then((memory) => {
      if (!memory) return;
      samples += 1;
      lastRss = memory.rssMb;
      peakSampled = Math.max(peakSampled ?? 0, memory.rssMb);
      rssAtMinute[Math.floor((performance.now() - began) / 60_000)] = memory.rssMb;
    });
  }, 1000);
  const reporter = setInterval(() => {
    const done = bins.reduce((sum, bin) => sum + bin.length, 0);
    progress(`soak: ${done} submissions answered, server RSS ${lastRss === null ? "?" : `${round(lastRss)} MB`}`);
  }, 30_000);
  let load: DriveResult;
  try {
    load = await drive({
      base: app.base,
      connections,
      amount: rate * seconds,
      rate,
      timeoutSeconds,
      // The run stops at the planned length plus a minute of slack, whatever is left.
      timeLeftMs: Math.min(remainingMs() - 5_000, (seconds + 60) * 1000),
      next,
      onSuccess: (ms) => {
        const minute = Math.floor((performance.now() - began) / 60_000);
        (bins[minute] ??= []).push(ms);
      },
    });
  } finally {
    clearInterval(sampler);
    clearInterval(reporter);
  }
  const endMemory = await processMemory(app.pid);
  const minutes = bins.map((bin, minute) => {
    const sorted = [...(bin ?? [])].sort((x, y) => x - y);
    return { minute: minute + 1, successes: sorted.length, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), rssMb: rssAtMinute[minute] === undefined || rssAtMinute[minute] === null ? null : round(rssAtMinute[minute]) };
  });
  const mb = (value: number | null | undefined) => (value === null || value === undefined ? null : round(value));
  return {
    database,
    seconds,
    rate,
    connections,
    load,
    rss: { startMb: mb(startMemory?.rssMb), endMb: mb(endMemory?.rssMb), peakSampledMb: mb(Math.max(peakSampled ?? 0, endMemory?.rssMb ?? 0) || null), highWaterMb: mb(endMemory?.peakMb), samples },
    minutes,
  };
}

export function soakReport(result: SoakResult) {
  const { load } = result;
  return {
    mode: "soak",
    database: result.database,
    plannedSeconds: result.seconds,
    targetRate: result.rate,
    connections: result.connections,
    requests: load.responses,
    successes: load.successes,
    errors: load.errors,
    statusCodes: load.statusCodes,
    seconds: round(load.seconds, 1),
    throughputPerSecond: round(load.successes / Math.max(load.seconds, 0.001)),
    p50Ms: round(percentile(load.latencies, 50)),
    p95Ms: round(percentile(load.latencies, 95)),
    p99Ms: round(percentile(load.latencies, 99)),
    maxMs: round(load.latencies.at(-1) ?? 0),
    stoppedEarly: load.stoppedEarly,
    rss: result.rss,
    minutes: result.minutes,
  };
}

export function soakTable(result: SoakResult) {
  const r = soakReport(result);
  const mb = (value: number | null) => (value === null ? "n/a" : `${value} MB`);
  const rows: [string, string][] = [
    ["soak", `${r.plannedSeconds} s planned at ${r.targetRate} submissions/s over ${r.connections} connections (${result.database}), a fresh agent each`],
    ["requests / succeeded", `${r.requests} / ${r.successes} in ${r.seconds} s${r.stoppedEarly ? " (stopped by the time limit)" : ""}`],
    ["errors", r.errors === 0 ? "0" : `${r.errors} ${JSON.stringify(r.statusCodes)}; first: ${result.load.sample}`],
    ["throughput", `${r.throughputPerSecond} attempts/s`],
    ["latency p50 / p95 / p99 / max", `${r.p50Ms} / ${r.p95Ms} / ${r.p99Ms} / ${r.maxMs} ms`],
    ["server RSS start / end", `${mb(r.rss.startMb)} / ${mb(r.rss.endMb)}`],
    ["server RSS peak (sampled each second / VmHWM since start)", `${mb(r.rss.peakSampledMb)} / ${mb(r.rss.highWaterMb)} (${r.rss.samples} samples)`],
    ...r.minutes.map((m): [string, string] => [`  ${(m.minute - 1) * 60}–${Math.min(m.minute * 60, Math.ceil(r.seconds))} s`, `${m.successes} ok, p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms, RSS ${mb(m.rssMb)}`]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
