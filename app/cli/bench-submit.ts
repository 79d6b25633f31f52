import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openPostgres } from "~/db/client.server";
import { autocannon, type AcHeaders, type AcHistogram } from "./autocannon";
import { preServe, seedAgents, signIn, type Agent } from "./bench-submit-setup";
import { runFloor, type Template } from "./bench-submit-floor";
import { freePort, startPostgres, type PostgresServer } from "./postgres-server";

/**
 * `npm run bench:submit -- [--requests 2000] [--connections 20] [--agents N]
 * [--warmup 100] [--max-seconds 600] [--server-cpu-prof DIR] [--json]`:
 * attempts per second through the real submit endpoint against a floor.
 *
 * On a throwaway PostgreSQL (or a fresh database on DATABASE_URL, which must
 * be on this machine) it starts the built app, seeds one agent per
 * connection, pre-serves a drill for every request, signs the agents in, and
 * drives `POST /play/<servedId>` with autocannon: each connection is one
 * agent posting its own served drills, so the requests contend the way real
 * agents do (different agents in parallel, one agent's attempts one at a
 * time). The floor then inserts the same attempt rows (copied from the ones
 * the app stored, each with its own served drill) with bare postgres.js at
 * the same concurrency (a pool of one connection per load connection; the
 * app keeps its own pool of 10). Warm-up requests and inserts are not
 * measured; p50/p95 are exact percentiles of the successful responses'
 * latencies as autocannon timed them (autocannon itself reports p97.5/p99).
 *
 * Bounded: a fixed number of requests, a 10 s timeout per request, and a
 * watchdog that stops everything after --max-seconds. Only 127.0.0.1 is
 * targeted. The server, the database and PostgreSQL are removed afterwards,
 * also on failure. --server-cpu-prof writes a V8 CPU profile of the app
 * server into DIR (open it in Chrome DevTools) to find the bottleneck.
 */

// ── options ──

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "2000" },
    connections: { type: "string", default: "20" },
    agents: { type: "string" },
    warmup: { type: "string", default: "100" },
    "max-seconds": { type: "string", default: "600" },
    json: { type: "boolean", default: false },
    "server-cpu-prof": { type: "string" },
  },
});

function intOption(name: string, raw: string | undefined, min: number, max: number) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got ${raw})`);
  return value;
}

const connections = intOption("connections", values.connections, 1, 100);
const requests = intOption("requests", values.requests, connections, 100_000);
const agentCount = Math.min(connections, intOption("agents", values.agents ?? String(connections), 1, 100));
const warmupOption = intOption("warmup", values.warmup, 0, 10_000);
// autocannon needs at least one request per connection.
const warmup = warmupOption === 0 ? 0 : Math.max(warmupOption, connections);
const maxSeconds = intOption("max-seconds", values["max-seconds"], 10, 3600);
const json = values.json;
const REQUEST_TIMEOUT_S = 10;
const startedAt = performance.now();
const deadline = startedAt + maxSeconds * 1000;

/** Progress goes to stderr so that --json leaves stdout with one JSON object. */
function progress(message: string) {
  console.error(`[bench:submit ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);
}

// ── cleanup, also on failure, a signal or the watchdog ──

const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | undefined;

function cleanup() {
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
  console.error(`bench:submit: ${reason}`);
  await cleanup();
  process.exit(code);
}

const watchdog = setTimeout(() => void abort(`gave up after --max-seconds ${maxSeconds}`, 1), maxSeconds * 1000);
watchdog.unref();
process.once("SIGINT", () => void abort("interrupted", 130));
process.once("SIGTERM", () => void abort("terminated", 143));
// A throw inside an autocannon or socket callback must not leave the server or PostgreSQL running.
process.once("uncaughtException", (error) => void abort(error.stack ?? error.message, 1));
process.once("unhandledRejection", (reason) => void abort(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason), 1));

// ── helpers ──


const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** A fresh database on the given server, dropped again at cleanup. */
async function createBenchDatabase(serverUrl: string) {
  const host = new URL(serverUrl).hostname;
  if (!LOOPBACK.has(host)) throw new Error(`DATABASE_URL must point at this machine (127.0.0.1), not ${host}: the benchmark targets only 127.0.0.1`);
  const name = `redline_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  await admin.unsafe(`create database ${name}`);
  cleanups.push({
    name: `drop database ${name}`,
    run: async () => {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

type Server = { base: string; output(): string };

/** The built app as a child process, the way `npm run serve` runs it, on a free port of 127.0.0.1. */
async function startApp(databaseUrl: string): Promise<Server> {
  if (!existsSync(path.resolve("build/server/index.js"))) throw new Error("build/server/index.js is missing: run `npx remix vite:build` first");
  const port = await freePort();
  const profile = values["server-cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["server-cpu-prof"])}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "--import", "tsx", "app/cli/start.ts", "--demo"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  cleanups.push({
    name: "stop the app server",
    run: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 120 s:\n${output}`)), 120_000);
    const onData = () => {
      if (!output.includes("Redline is running at")) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  return { base: `http://127.0.0.1:${port}`, output: () => output };
}

/** Deterministic, so two runs serve the same drills. */

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function round(value: number, digits = 1) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function remainingMs() {
  return deadline - performance.now();
}

// ── the app under load ──

type DriveResult = {
  successes: number;
  responses: number;
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
  latencies: number[];
  autocannon: AcHistogram;
  stoppedEarly: boolean;
  sample: string;
};

function headerValue(headers: AcHeaders, name: string) {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** `amount` submissions over `connections` keep-alive connections, connection i playing agent i mod agents. */
function drive({ base, agents, amount }: { base: string; agents: Agent[]; amount: number }): Promise<DriveResult> {
  const statusCodes: Record<string, number> = {};
  const latencies: number[] = [];
  let successes = 0;
  let responses = 0;
  let sample = "";
  let nextClient = 0;
  let lastResponseAt = performance.now();

  return new Promise((resolve, reject) => {
    const timeLeft = remainingMs() - 5_000;
    if (timeLeft <= 0) return reject(new Error("no time left for the load run"));
    const started = performance.now();
    let stoppedEarly = false;
    const instance = autocannon(
      {
        url: base,
        connections,
        amount,
        timeout: REQUEST_TIMEOUT_S,
        sampleInt: 250,
        method: "POST",
        setupClient: (client) => {
          const own = agents[nextClient++ % agents.length];
          if (!own) throw new Error("no agents");
          client.setRequests([
            {
              method: "POST",
              setupRequest: (request) => {
                // Out of this agent's drills (a timeout or reconnect used one up): borrow another agent's, with its cookie.
                const agent = own.queue.length > 0 ? own : agents.reduce((best, a) => (a.queue.length > best.queue.length ? a : best), own);
                const submission = agent.queue.shift();
                // Nothing left anywhere: a request that must fail and is counted as an error.
                const { servedId, body } = submission ?? { servedId: 0, body: "" };
                return {
                  ...request,
                  method: "POST",
                  path: `/play/${servedId}`,
                  body,
                  headers: {
                    Cookie: agent.cookie,
                    Origin: base,
                    "Content-Type": "application/x-www-form-urlencoded",
                  },
                };
              },
              onResponse: (status, body, _context, headers) => {
                responses += 1;
                const ok = status === 302 && /^\/attempts\/\d+$/.test(headerValue(headers, "location") ?? "");
                if (ok) successes += 1;
                else if (!sample) sample = `HTTP ${status} ${headerValue(headers, "location") ?? ""} ${body.slice(0, 300)}`;
                const key = ok ? "302" : status === 302 ? `302 to ${headerValue(headers, "location") ?? "?"}` : String(status);
                statusCodes[key] = (statusCodes[key] ?? 0) + 1;
              },
            },
          ]);
        },
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) return reject(error);
        resolve({
          successes,
          responses,
          errors: responses - successes + result.errors,
          statusCodes,
          seconds: (lastResponseAt - started) / 1000,
          latencies: latencies.sort((a, b) => a - b),
          autocannon: result.latency,
          stoppedEarly,
          sample,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      lastResponseAt = performance.now();
      if (statusCode === 302) latencies.push(responseTime);
    });
    const guard = setTimeout(() => {
      stoppedEarly = true;
      instance.stop();
    }, timeLeft);
  });
}

// ── main ──

async function main() {
  let serverUrl = process.env.DATABASE_URL || undefined;
  if (serverUrl) {
    progress("using the PostgreSQL in DATABASE_URL (a fresh database on it)");
  } else {
    progress("starting a throwaway PostgreSQL");
    const pg: PostgresServer = await startPostgres();
    cleanups.push({ name: "stop PostgreSQL", run: () => pg.stop() });
    serverUrl = pg.url;
  }
  const benchUrl = await createBenchDatabase(serverUrl);

  progress("starting the app (migrate, import the library, seed the demo organisation)");
  const app = await startApp(benchUrl);

  const database = openPostgres(benchUrl, { max: 10 });
  cleanups.push({ name: "close the seeding pool", run: () => database.close() });
  const agents = await seedAgents(database, agentCount);
  const perConnection = Math.ceil(warmup / connections) + Math.ceil(requests / connections) + 2;
  progress(`serving ${perConnection} drills per connection to ${agents.length} agents`);
  const served = await preServe({ database, agents, perConnection, connections, remainingMs });
  progress(`served ${served} drills; signing the agents in`);
  for (const agent of agents) await signIn(app.base, agent);

  if (warmup > 0) {
    progress(`warm-up: ${warmup} submissions`);
    const warm = await drive({ base: app.base, agents, amount: warmup });
    if (warm.successes === 0) throw new Error(`no warm-up submission succeeded: ${JSON.stringify(warm.statusCodes)} ${warm.sample}\n${app.output().slice(-3000)}`);
  }
  progress(`load: ${requests} submissions over ${connections} connections`);
  const load = await drive({ base: app.base, agents, amount: requests });
  if (load.successes === 0) throw new Error(`no submission succeeded: ${JSON.stringify(load.statusCodes)} ${load.sample}\n${app.output().slice(-3000)}`);

  const sql = postgres(benchUrl, { max: connections, onnotice: () => {}, connect_timeout: 5 });
  cleanups.push({ name: "close the floor pool", run: () => sql.end({ timeout: 5 }) });
  const [{ stored } = { stored: 0 }] = await sql<{ stored: number }[]>`select count(*)::int as stored from attempts`;
  const templates = await sql<Template[]>`
    select user_id, drill_id, revision_id, assignment_id, decision, marks, rewrite, escalation_reason, time_on_task_ms,
      result, flawed, outcome, points, game_score, agent_rating, agent_rating_delta
    from attempts order by id`;
  progress(`the app stored ${stored} attempts; floor: ${requests} bare inserts of the same rows over ${connections} connections`);
  const floor = await runFloor({ sql, templates: [...templates], warmupCount: warmup, count: requests, connections, remainingMs });

  const attemptsPerSecond = load.successes / load.seconds;
  const floorInsertsPerSecond = floor.inserts / floor.seconds;
  const report = {
    attemptsPerSecond: round(attemptsPerSecond),
    p50Ms: round(percentile(load.latencies, 50)),
    p95Ms: round(percentile(load.latencies, 95)),
    floorInsertsPerSecond: round(floorInsertsPerSecond),
    floorP50Ms: round(percentile(floor.latencies, 50), 2),
    floorP95Ms: round(percentile(floor.latencies, 95), 2),
    ratio: round(attemptsPerSecond / floorInsertsPerSecond, 3),
    requests,
    errors: load.errors,
    connections,
    statusCodes: load.statusCodes,
  };
  if (load.errors > 0) progress(`errors: ${JSON.stringify(load.statusCodes)}; first: ${load.sample}`);
  if (load.stoppedEarly) progress("the load run was stopped by --max-seconds before all requests were made");

  if (json) {
    console.log(JSON.stringify(report));
  } else {
    const avgBody = templates.length === 0 ? 0 : Math.round(templates.reduce((sum, t) => sum + JSON.stringify(t.result).length, 0) / templates.length);
    const rows: [string, string][] = [
      ["submissions", `${requests} over ${connections} connections, ${agents.length} agents (+${warmup} warm-up, not measured)`],
      ["succeeded (302 to /attempts/<id>)", `${load.successes} in ${round(load.seconds, 2)} s`],
      ["errors", load.errors === 0 ? "0" : `${load.errors} ${JSON.stringify(load.statusCodes)}`],
      ["attempts/s", String(report.attemptsPerSecond)],
      ["latency p50 / p95 (successes)", `${report.p50Ms} ms / ${report.p95Ms} ms`],
      ["autocannon p50 / p97.5 / p99", `${load.autocannon.p50} / ${load.autocannon.p97_5} / ${load.autocannon.p99} ms`],
      ["floor: bare postgres.js inserts/s", `${report.floorInsertsPerSecond} (${floor.inserts} rows, result JSON ~${avgBody} chars)`],
      ["floor latency p50 / p95", `${report.floorP50Ms} ms / ${report.floorP95Ms} ms`],
      ["ratio to the floor (goal ≥ 0.5)", `${report.ratio}${report.ratio >= 0.5 ? "" : "  (below goal)"}`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
