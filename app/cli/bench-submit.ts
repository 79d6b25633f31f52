import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { openPostgres } from "~/db/client.server";
import { runInsertFloor, storedAttempts } from "./bench-submit-floor";
import { drive, type Submission } from "./bench-submit-load";
import { intArray, openFloorPool } from "./bench-submit-pool";
import { recordSubmissions, runReplayFloor } from "./bench-submit-replay";
import { table, report } from "./bench-submit-report";
import { createAgents, createBenchTeam, createSessions, preServe, SEEDING_POOL, sessionCookieHeader } from "./bench-submit-setup";
import { startAppServer, type AppServer } from "./app-server";
import { createDatabase, startPostgres, type PostgresServer } from "./postgres-server";

/**
 * `npm run bench:submit -- [--requests 2000] [--connections 20] [--warmup 100]
 * [--max-seconds 600] [--server-cpu-prof DIR] [--json]`: attempts per second
 * through the real submit endpoint, against two floors.
 *
 * On a throwaway PostgreSQL (or a fresh database on DATABASE_URL, which must
 * be on this machine) it starts the built app and seeds, in bulk, one agent
 * per request (warm-up included), each signed in (a session made with the
 * app's createSession, its cookie signed with the app's secret) and served
 * one drill through the app's serveNextDrill: an agent has one open drill at
 * a time, and only its first attempt at a drill counts, so every request is
 * a first attempt by an agent of its own. autocannon then drives
 * `POST /play/<servedId>`, each request taking the next unused agent.
 *
 * Floor 1 inserts the same attempt rows (copies of the ones the app stored,
 * each for a fresh agent and served drill of its own) with one bare
 * postgres.js insert each. Floor 2 replays the statements one submission
 * issues (recorded in this process through findSessionUser and submitAttempt
 * on a database opened with a statement log, one recording per drill), with
 * each submission's own ids swapped in, in one transaction per submission,
 * for a second set of agents served the same drills in the same order. Both
 * floors run at the load's concurrency (a pool of one connection per load
 * connection; the app keeps its own pool of 10). Warm-up requests, inserts
 * and replays are not measured; p50/p95 are exact percentiles of the
 * successful responses' latencies as autocannon timed them (autocannon
 * itself reports p97.5/p99) and of the floors' statement or transaction
 * times.
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

function remainingMs() {
  return deadline - performance.now();
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** A fresh database on the given server, dropped again at cleanup. */
async function createBenchDatabase(serverUrl: string) {
  const host = new URL(serverUrl).hostname;
  if (!LOOPBACK.has(host)) throw new Error(`DATABASE_URL must point at this machine (127.0.0.1), not ${host}: the benchmark targets only 127.0.0.1`);
  const database = await createDatabase(serverUrl, "redline_bench");
  cleanups.push({ name: "drop the bench database", run: () => database.drop() });
  return database.url;
}

/** The built app as a child process, the way `npm run serve` runs it, on a free port of 127.0.0.1. */
async function startApp(databaseUrl: string, sessionSecret: string): Promise<AppServer> {
  const profile = values["server-cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["server-cpu-prof"])}`] : [];
  const server = await startAppServer({ env: { DATABASE_URL: databaseUrl, NODE_ENV: "production", SESSION_SECRET: sessionSecret, LOG_LEVEL: "warn" }, nodeArgs: profile });
  cleanups.push({ name: "stop the app server", run: () => server.stop() });
  return server;
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

  progress("starting the app (migrate, import the library)");
  const sessionSecret = randomBytes(32).toString("hex");
  const app = await startApp(benchUrl, sessionSecret);

  const connection = openPostgres(benchUrl, { max: SEEDING_POOL });
  cleanups.push({ name: "close the seeding pool", run: () => connection.close() });
  const submissions = warmup + requests;
  progress(`seeding ${submissions} agents for the app and ${submissions} for the statement replay, one open served drill each`);
  const seeding = performance.now();
  const team = await createBenchTeam(connection);
  // Served first, from the same state: replay agent i gets the same drill and answer as app agent i.
  const replayServed = await preServe({ connection, team, userIds: await createAgents({ connection, team, count: submissions, label: "replay" }), remainingMs });
  const appServed = await preServe({ connection, team, userIds: await createAgents({ connection, team, count: submissions, label: "app" }), remainingMs });
  const replayAgents = await createSessions({ connection, agents: replayServed });
  // Signed in last: a session unused for a minute is touched (one more write) on its next request.
  const cookieFor = sessionCookieHeader(sessionSecret);
  const appAgents: Submission[] = await Promise.all(
    (await createSessions({ connection, agents: appServed })).map(async (agent) => ({ cookie: await cookieFor(agent.token), servedId: agent.served.id, body: agent.body })),
  );
  progress(`seeded, served and signed in ${2 * submissions} agents in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  let taken = 0;
  const nextSubmission = () => {
    const submission = appAgents[taken++];
    if (!submission) throw new Error("autocannon made more requests than there are pre-served agents");
    return submission;
  };
  const load = { base: app.base, connections, timeoutSeconds: REQUEST_TIMEOUT_S, next: nextSubmission };
  if (warmup > 0) {
    progress(`warm-up: ${warmup} submissions`);
    const warm = await drive({ ...load, amount: warmup, timeLeftMs: remainingMs() - 5_000 });
    if (warm.successes === 0) throw new Error(`no warm-up submission succeeded: ${JSON.stringify(warm.statusCodes)} ${warm.sample}\n${app.output().slice(-3000)}`);
  }
  progress(`load: ${requests} submissions over ${connections} connections`);
  const measured = await drive({ ...load, amount: requests, timeLeftMs: remainingMs() - 5_000 });
  if (measured.successes === 0) throw new Error(`no submission succeeded: ${JSON.stringify(measured.statusCodes)} ${measured.sample}\n${app.output().slice(-3000)}`);
  if (measured.errors > 0) progress(`errors: ${JSON.stringify(measured.statusCodes)}; first: ${measured.sample}`);
  if (measured.stoppedEarly) progress("the load run was stopped by --max-seconds before all requests were made");

  const sql = openFloorPool(benchUrl, connections);
  cleanups.push({ name: "close the floor pool", run: () => sql.end({ timeout: 5 }) });
  const appUserIds = appServed.map((agent) => agent.userId);
  const [touched] = await sql<{ n: number }[]>`select count(*)::int as n from sessions where user_id = any(${intArray(appUserIds)}::int[]) and last_seen_at > created_at`;
  if (touched && touched.n > 0) progress(`${touched.n} sessions were touched during the load (unused for over a minute): those submissions made one more write`);
  const templates = await storedAttempts(sql, appUserIds);
  progress(`the app stored ${templates.length} attempts; floor 1: ${requests} bare inserts of the same rows over ${connections} connections`);
  const insertFloor = await runInsertFloor({ sql, team, templates, warmupCount: warmup, count: requests, connections, remainingMs });

  const recordings = await recordSubmissions({ benchUrl, connection, team, replayAgents: replayServed });
  progress(`recorded one submission of each of ${recordings.size} drills; floor 2: ${requests} replays of a submission's statements over ${connections} connections`);
  const replayFloor = await runReplayFloor({ sql, recordings, agents: replayAgents, warmupCount: warmup, count: requests, connections, remainingMs });

  const rowChars = templates.length === 0 ? 0 : Math.round(templates.reduce((sum, t) => sum + JSON.stringify(t).length, 0) / templates.length);
  const run = { requests, connections, warmup, load: measured, insertFloor, replayFloor: { ...replayFloor, drills: recordings.size }, rowChars };
  console.log(json ? JSON.stringify(report(run)) : table(run));
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
