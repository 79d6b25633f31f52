import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { SERVER_ENTRY } from "./app-server";
import { freePort } from "./postgres-server";

/**
 * The machinery of `bench:insights` (the shape of bench:submit's): progress on stderr, cleanups
 * that run also on failure, a signal or the watchdog, a fresh database, the built app as a child.
 */

const startedAt = performance.now();

/** Progress goes to stderr so that stdout ends with one JSON object. */
export function progress(message: string) {
  console.error(`[bench:insights ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);
}

export function seconds(since: number) {
  return Math.round((performance.now() - since) / 100) / 10;
}

const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void> | void) {
  cleanups.push({ name, run });
}

export function cleanup() {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        console.error(`cleanup: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

async function abort(reason: string, code: number) {
  console.error(`bench:insights: ${reason}`);
  await cleanup();
  process.exit(code);
}

/** Stops everything after maxSeconds, on a signal, or on a throw outside the main flow. */
export function installWatchdog(maxSeconds: number) {
  const deadline = performance.now() + maxSeconds * 1000;
  const watchdog = setTimeout(() => void abort(`gave up after --max-seconds ${maxSeconds}`, 1), maxSeconds * 1000);
  watchdog.unref();
  process.once("SIGINT", () => void abort("interrupted", 130));
  process.once("SIGTERM", () => void abort("terminated", 143));
  process.once("uncaughtException", (error) => void abort(error.stack ?? error.message, 1));
  process.once("unhandledRejection", (reason) => void abort(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason), 1));
  return { remainingMs: () => deadline - performance.now(), stop: () => clearTimeout(watchdog) };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** A fresh database on the given server (which must be on this machine), dropped again at cleanup. */
export async function createBenchDatabase(serverUrl: string) {
  const host = new URL(serverUrl).hostname;
  if (!LOOPBACK.has(host)) throw new Error(`DATABASE_URL must point at this machine (127.0.0.1), not ${host}: the benchmark targets only 127.0.0.1`);
  const name = `redline_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  await admin.unsafe(`create database ${name}`);
  onCleanup(`drop database ${name}`, async () => {
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export type AppServer = { base: string; pid: number; output(): string };

/** The built app as a child process, the way `npm run serve` runs it, on a free port of 127.0.0.1. */
export async function startApp(databaseUrl: string, sessionSecret: string): Promise<AppServer> {
  if (!existsSync(path.resolve(SERVER_ENTRY))) throw new Error(`${SERVER_ENTRY} is missing: run npm run build first`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", SESSION_SECRET: sessionSecret, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  onCleanup("stop the app server", async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 120 s:\n${output}`)), 120_000);
    child.stdout?.on("data", () => {
      if (!output.includes("Redline is running at")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  if (child.pid === undefined) throw new Error("the app server has no process id");
  return { base: `http://127.0.0.1:${port}`, pid: child.pid, output: () => output };
}

/**
 * Has the throwaway PostgreSQL log every statement of `ms` or more, and copies its log (it lies
 * beside the data directory, app/cli/postgres-server.ts) into `file` at cleanup, before the
 * server and its directory go.
 */
export async function logSlowStatements({ serverUrl, file, ms }: { serverUrl: string; file: string; ms: number }) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`alter system set log_min_duration_statement = ${ms}`);
    await admin.unsafe("select pg_reload_conf()");
    const [row] = await admin.unsafe<{ dir: string }[]>("select current_setting('data_directory') as dir");
    if (!row) throw new Error("PostgreSQL did not say where its data directory is");
    const log = path.join(path.dirname(row.dir), "log");
    onCleanup(`copy the slow-statement log to ${file}`, () => copyFileSync(log, path.resolve(file)));
  } finally {
    await admin.end({ timeout: 5 });
  }
}
