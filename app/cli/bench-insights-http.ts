import { readFileSync } from "node:fs";

/**
 * Timed GETs against the app for `bench:insights`: one request at a time on a kept-alive
 * connection, each timed until its whole body has arrived. A page that answers 404 to its first
 * request is "not measured: route missing"; any other answer than 200 is a failure, reported.
 */

export type PageTiming =
  | { status: "ok"; count: number; p50: number; p95: number; max: number; bytes: number }
  | { status: "missing" }
  | { status: "failed"; code: number; sample: string };

/** Exact nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function get({ base, path, cookie, timeoutMs }: { base: string; path: string; cookie: string; timeoutMs: number }) {
  const started = performance.now();
  const response = await fetch(new URL(path, base), { headers: { cookie, accept: "text/html" }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  return { code: response.status, body, ms: performance.now() - started };
}

/** Fewest timed requests a page gets, however slow it is. */
const MIN_TIMED = 5;

/**
 * `warmup` untimed requests, then `count` timed ones. A slow page is bounded by `budgetMs`: the
 * warm-up stops after a fifth of it (one request at least), the timed requests after all of it
 * (MIN_TIMED at least); `count` in the result says how many were timed.
 */
export async function timePage({ base, path, cookie, warmup, count, budgetMs, timeoutMs = 120_000 }: { base: string; path: string; cookie: string; warmup: number; count: number; budgetMs: number; timeoutMs?: number }): Promise<PageTiming> {
  const latencies: number[] = [];
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; latencies.length < count; i++) {
    const warming = latencies.length === 0 && i < warmup && (i === 0 || performance.now() - started < budgetMs / 5);
    if (!warming && latencies.length >= MIN_TIMED && performance.now() - started > budgetMs) break;
    const { code, body, ms } = await get({ base, path, cookie, timeoutMs });
    if (code !== 200) {
      if (i === 0 && code === 404) return { status: "missing" };
      return { status: "failed", code, sample: body.slice(0, 300) };
    }
    if (!warming) latencies.push(ms);
    bytes = body.length;
  }
  latencies.sort((a, b) => a - b);
  return { status: "ok", count: latencies.length, p50: round(percentile(latencies, 0.5)), p95: round(percentile(latencies, 0.95)), max: round(latencies.at(-1) ?? NaN), bytes };
}

/** A process's resident set and its peak so far, in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

export type ExportTiming =
  | { status: "ok"; rows: number; seconds: number; megabytes: number; peakRssMb: number; rssBeforeMb: number; hwmMb: number; contentType: string }
  | { status: "missing" }
  | { status: "failed"; code: number; sample: string };

/**
 * Downloads a CSV export to the end, counting its records (newlines outside quoted fields, less
 * the header), while sampling the server's VmRSS every 50 ms: the peak of those samples is the
 * export's peak memory (VmHWM cannot be reset, so it also holds everything before).
 */
export async function timeExport({ base, path, cookie, pid, timeoutMs }: { base: string; path: string; cookie: string; pid: number; timeoutMs: number }): Promise<ExportTiming> {
  const rssBeforeMb = memoryOf(pid).rssMb;
  let peakRssMb = rssBeforeMb;
  const sampler = setInterval(() => {
    try {
      peakRssMb = Math.max(peakRssMb, memoryOf(pid).rssMb);
    } catch {
      // The server exited; the download below fails and says so.
    }
  }, 50);
  try {
    const started = performance.now();
    const response = await fetch(new URL(path, base), { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200 || !response.body) {
      const sample = (await response.text()).slice(0, 300);
      return response.status === 404 ? { status: "missing" } : { status: "failed", code: response.status, sample };
    }
    let lines = 0;
    let bytes = 0;
    let quoted = false;
    let last = 0x0a;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const byte of value) {
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) lines++;
      }
      last = value[value.length - 1] ?? last;
    }
    const records = lines + (last === 0x0a ? 0 : 1);
    const seconds = (performance.now() - started) / 1000;
    peakRssMb = Math.max(peakRssMb, memoryOf(pid).rssMb);
    return {
      status: "ok",
      rows: Math.max(0, records - 1),
      seconds: Math.round(seconds * 100) / 100,
      megabytes: Math.round((bytes / 1024 / 1024) * 10) / 10,
      peakRssMb: Math.round(peakRssMb),
      rssBeforeMb: Math.round(rssBeforeMb),
      hwmMb: Math.round(memoryOf(pid).hwmMb),
      contentType: response.headers.get("content-type") ?? "",
    };
  } finally {
    clearInterval(sampler);
  }
}
