import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openPglite, openPostgres, type Connection } from "~/db/client.server";
import { getEnv } from "~/app/env.server";
import { runInsertFloor, storedAttempts } from "./bench-submit-floor";
import { drive } from "./bench-submit-load";
import { intArray, openFloorPool } from "./bench-submit-pool";
import { recordSubmissions, runReplayFloor } from "./bench-submit-replay";
import { table, report } from "./bench-submit-report";
import { createAgents, createBenchTeam, createSessions, preServe, SEEDING_POOL, signedInSubmissions } from "./bench-submit-setup";
import { runSoak, soakReport, soakTable } from "./bench-submit-soak";
import { startAppServer, type AppServer } from "./app-server";
import { createDatabase, startPostgres, type PostgresServer } from "./postgres-server";
import { prepareDatabase } from "./prepare-database";

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
 *
 * `--soak [SECONDS]` (300 when no number is given) `[--rate 20]
 * [--connections 10] [--database postgres|pglite]` is the soak mode: a
 * steady load, bounded in rate, concurrency and count (rate × seconds
 * submissions, each by a pre-served agent of its own as above), for minutes,
 * without the floors. It reports errors, p50/p95/p99 latency, throughput,
 * and the server's resident memory (/proc/<pid>/status) before and after the
 * soak, the highest sampled each second and the kernel's high-water mark,
 * with a line per minute to show drift. On PostgreSQL it runs as above; on
 * PGlite (the embedded default) the bench migrates, imports the library and
 * seeds a fresh data directory itself, closes it, and then starts the app on
 * it (PGlite is one process's). --max-seconds defaults to the soak plus 15
 * minutes there.
 */

// ── options ──

/** A bare `--soak` (last, or followed by another option) means the default length. */
const SOAK_DEFAULT_SECONDS = "300";
const argv = process.argv.slice(2);
const soakAt = argv.indexOf("--soak");
if (soakAt >= 0 && (argv[soakAt + 1] === undefined || argv[soakAt + 1]?.startsWith("--"))) argv.splice(soakAt + 1, 0, SOAK_DEFAULT_SECONDS);

const { values } = parseArgs({
  args: argv,
  options: {
    requests: { type: "string" },
    connections: { type: "string" },
    warmup: { type: "string", default: "100" },
    "max-seconds": { type: "string" },
    json: { type: "boolean", default: false },
    "server-cpu-prof": { type: "string" },
    soak: { type: "string" },
    rate: { type: "string" },
    database: { type: "string" },
  },
});

function intOption(name: string, raw: string | undefined, min: number, max: number) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got ${raw})`);
  return value;
}

const soakSeconds = values.soak === undefined ? undefined : intOption("soak", values.soak, 10, 3600);
if (soakSeconds === undefined && (values.rate !== undefined || values.database !== undefined)) throw new Error("--rate and --database belong to --soak");
if (soakSeconds !== undefined && values.requests !== undefined) throw new Error("--soak makes rate × seconds requests: give --rate, not --requests");
const database = values.database ?? "postgres";
if (database !== "postgres" && database !== "pglite") throw new Error(`--database must be postgres or pglite (got ${database})`);
const rate = intOption("rate", values.rate ?? "20", 1, 1000);
const connections = intOption("connections", values.connections ?? (soakSeconds === undefined ? "20" : "10"), 1, 100);
const requests = soakSeconds === undefined ? intOption("requests", values.requests ?? "2000", connections, 100_000) : rate * soakSeconds;
const warmupOption = intOption("warmup", values.warmup, 0, 10_000);
// autocannon needs at least one request per connection.
const warmup = warmupOption === 0 ? 0 : Math.max(warmupOption, connections);
const maxSeconds = intOption("max-seconds", values["max-seconds"] ?? String(soakSeconds === undefined ? 600 : soakSeconds + 900), 10, 7200);
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
async function startApp(database: { DATABASE_URL: string; DATA_DIR?: string }, sessionSecret: string): Promise<AppServer> {
  const profile = values["server-cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["server-cpu-prof"])}`] : [];
  const server = await startAppServer({ env: { ...database, NODE_ENV: "production", SESSION_SECRET: sessionSecret, LOG_LEVEL: "warn" }, nodeArgs: profile });
  cleanups.push({ name: "stop the app server", run: () => server.stop() });
  return server;
}

// ── main ──

/** A fresh database on DATABASE_URL's server, or on a throwaway PostgreSQL. */
async function benchDatabase() {
  let serverUrl = process.env.DATABASE_URL || undefined;
  if (serverUrl) {
    progress("using the PostgreSQL in DATABASE_URL (a fresh database on it)");
  } else {
    progress("starting a throwaway PostgreSQL");
    const pg: PostgresServer = await startPostgres();
    cleanups.push({ name: "stop PostgreSQL", run: () => pg.stop() });
    serverUrl = pg.url;
  }
  return createBenchDatabase(serverUrl);
}

/** `count` agents of a new bench team, each served one drill and signed in: the requests of the load. */
async function seedSubmissions(connection: Connection, count: number, secret: string) {
  const seeding = performance.now();
  progress(`seeding ${count} agents, one open served drill and a session each`);
  const team = await createBenchTeam(connection);
  const served = await preServe({ connection, team, userIds: await createAgents({ connection, team, count, label: "app" }), remainingMs });
  const submissions = await signedInSubmissions({ connection, agents: served, secret });
  progress(`seeded, served and signed in ${count} agents in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  return submissions;
}

async function soak(seconds: number) {
  const sessionSecret = randomBytes(32).toString("hex");
  const count = warmup + requests;
  let app: AppServer;
  let submissions;
  if (database === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "redline-bench-pglite-"));
    cleanups.push({ name: "remove the PGlite data directory", run: () => rmSync(dataDir, { recursive: true, force: true }) });
    progress(`preparing an embedded database in ${dataDir} (migrate, import the library)`);
    const connection = await openPglite(dataDir);
    try {
      await prepareDatabase({ connection, env: { ...getEnv(), NODE_ENV: "production" }, demo: false });
      submissions = await seedSubmissions(connection, count, sessionSecret);
    } finally {
      await connection.close();
    }
    progress("starting the app on it");
    app = await startApp({ DATABASE_URL: "", DATA_DIR: dataDir }, sessionSecret);
  } else {
    const benchUrl = await benchDatabase();
    progress("starting the app (migrate, import the library)");
    app = await startApp({ DATABASE_URL: benchUrl }, sessionSecret);
    const connection = openPostgres(benchUrl, { max: SEEDING_POOL });
    try {
      submissions = await seedSubmissions(connection, count, sessionSecret);
    } finally {
      await connection.close();
    }
  }
  let taken = 0;
  const next = () => {
    const submission = submissions[taken++];
    if (!submission) throw new Error("autocannon made more requests than there are pre-served agents");
    return submission;
  };
  if (warmup > 0) {
    progress(`warm-up: ${warmup} submissions`);
    const warm = await drive({ base: app.base, connections, amount: warmup, timeoutSeconds: REQUEST_TIMEOUT_S, timeLeftMs: remainingMs() - 5_000, next });
    if (warm.successes === 0) throw new Error(`no warm-up submission succeeded: ${JSON.stringify(warm.statusCodes)} ${warm.sample}\n${app.output().slice(-3000)}`);
  }
  progress(`soak: ${requests} submissions at ${rate}/s over ${connections} connections for ${seconds} s (${database})`);
  const result = await runSoak({ app, database, seconds, rate, connections, timeoutSeconds: REQUEST_TIMEOUT_S, remainingMs, next, progress });
  if (result.load.successes === 0) throw new Error(`no submission succeeded: ${JSON.stringify(result.load.statusCodes)} ${result.load.sample}\n${app.output().slice(-3000)}`);
  console.log(json ? JSON.stringify(soakReport(result)) : soakTable(result));
}

async function main() {
  if (soakSeconds !== undefined) return soak(soakSeconds);
  const benchUrl = await benchDatabase();

  progress("starting the app (migrate, import the library)");
  const sessionSecret = randomBytes(32).toString("hex");
  const app = await startApp({ DATABASE_URL: benchUrl }, sessionSecret);

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
  const appAgents = await signedInSubmissions({ connection, agents: appServed, secret: sessionSecret });
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
