import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openPostgres } from "~/db/client.server";
import { DEMO_PASSWORD } from "~/db/seed";
import { hashPassword } from "~/app/auth/password.server";
import { createSession } from "~/app/auth/sessions.server";
import { formatContentError } from "~/app/content/errors";
import { syncLibrary } from "~/app/content/sync.server";
import { rebuildTierHistory } from "~/app/practice/tier-history.server";
import { isoWeekStart } from "~/app/insights/rollup-rows";
import { sessionCookieHeader } from "./bench-submit-setup";
import { checkAssistRollups, checkInsightRollups, checkTeamRollups, checkOrganisationRollups } from "./bench-insights-check";
import { timeExport, timePage, type PageTiming } from "./bench-insights-http";
import * as load from "./bench-insights-load";
import { agentPages, csvExportPath, insightsPages, type Sessions } from "./bench-insights-pages";
import { report, table, type PagePair } from "./bench-insights-report";
import { cleanup, createBenchDatabase, installWatchdog, logSlowStatements, onCleanup, progress, seconds, startApp } from "./bench-insights-run";
import { buildTemplates, flawTypeCardTemplate, reviewCardTemplate } from "./bench-insights-templates";
import { startPostgres } from "./postgres-server";

/**
 * `npm run bench:insights -- [--attempts 1000000] [--events 1000000] [--requests 100]
 * [--warmup 20] [--page-seconds 60] [--max-seconds 1800] [--slow-log FILE] [--json]`: the leadership insights and the agent pages at
 * scale (issue 13, "Performance").
 *
 * On a throwaway PostgreSQL (or a fresh database on DATABASE_URL, which must be on this machine):
 * migrates, imports the starter library, starts the built app, then bulk-loads in SQL 50 teams,
 * 2,000 agents, a leader of team 1, an admin, 5,500 drills copied from starter drills, and
 * attempts (each with its closed served drill; scores copied from templates made by the real
 * scoreAttempt) spread over the last 26 ISO weeks, with their insight rollups (template rows from
 * rollupRowsOf, summed per team × agent × week × flaw type and per team × week × flaw type), the
 * clean controls' rollups and review cards; then production events with their rollups. Rollups of
 * a sample of agents, and team 1's team-level rollups, are checked against rollupRowsOf and
 * countsOfEvent.
 *
 * Timed (sequential GETs after a warm-up, p50/p95 exact): the insights pages at 10,000 attempts
 * and again at the full count; the agent home and progress pages of an agent with 50 and one with
 * 5,000 attempts; the CSV export of every attempt, from a freshly started server (time, rows, the
 * server's peak VmRSS sampled every 50 ms). --attempts counts every attempt, the special agents'
 * 5,050 included. A slow page gets at least 5 timed requests, then stops after --page-seconds.
 * --slow-log FILE copies every statement of 20 ms or more that PostgreSQL ran (loading included)
 * into FILE, to find what a slow page waits for.
 *
 * Bounded by --max-seconds; only 127.0.0.1 is targeted; the server, the database and PostgreSQL
 * are removed afterwards, also on failure. The last line of stdout is one JSON object (with
 * --json the table goes to stderr).
 */

const { values } = parseArgs({
  options: {
    attempts: { type: "string", default: "1000000" },
    events: { type: "string", default: "1000000" },
    requests: { type: "string", default: "100" },
    warmup: { type: "string", default: "20" },
    "max-seconds": { type: "string", default: "1800" },
    "page-seconds": { type: "string", default: "60" },
    "slow-log": { type: "string" },
    json: { type: "boolean", default: false },
  },
});

function intOption(name: string, raw: string | undefined, min: number, max: number) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got ${raw})`);
  return value;
}

const FIRST_PHASE = 10_000;
const SPECIAL = { small: 50, large: 5_000 };
const attemptsTotal = intOption("attempts", values.attempts, 2 * FIRST_PHASE + SPECIAL.small + SPECIAL.large, 5_000_000);
const eventsTotal = intOption("events", values.events, 0, 10_000_000);
const requests = intOption("requests", values.requests, 5, 1_000);
const warmup = intOption("warmup", values.warmup, 1, 100);
const maxSeconds = intOption("max-seconds", values["max-seconds"], 60, 4 * 3600);
const pageSeconds = intOption("page-seconds", values["page-seconds"], 5, 3600);
const watchdog = installWatchdog(maxSeconds);

/** Regular agents' attempts; the two special agents' come on top, so the total is --attempts. */
const regular = attemptsTotal - SPECIAL.small - SPECIAL.large;
const firstEvents = Math.round((eventsTotal * FIRST_PHASE) / attemptsTotal);

async function timeAll(pairs: { name: string; path: string; cookie: string }[]): Promise<PageTiming[]> {
  const timings: PageTiming[] = [];
  for (const page of pairs) {
    if (watchdog.remainingMs() < 60_000) throw new Error("ran out of time timing the pages");
    const timing = await timePage({ base: appBase(), path: page.path, cookie: page.cookie, warmup, count: requests, budgetMs: pageSeconds * 1000 });
    progress(`  ${page.name}: ${timing.status === "ok" ? `p50 ${timing.p50} ms, p95 ${timing.p95} ms (${timing.bytes.toLocaleString("en")} chars)` : timing.status === "missing" ? `not measured: route missing (GET ${page.path} answered 404)` : `HTTP ${timing.code}`}`);
    timings.push(timing);
  }
  return timings;
}

let base = "";
const appBase = () => base;

async function main() {
  let serverUrl = process.env.DATABASE_URL || undefined;
  if (serverUrl) {
    if (values["slow-log"]) throw new Error("--slow-log needs the throwaway PostgreSQL (no DATABASE_URL): it changes the server's logging");
    progress("using the PostgreSQL in DATABASE_URL (a fresh database on it)");
  } else {
    progress("starting a throwaway PostgreSQL");
    const pg = await startPostgres();
    onCleanup("stop PostgreSQL", () => pg.stop());
    serverUrl = pg.url;
    if (values["slow-log"]) await logSlowStatements({ serverUrl, file: values["slow-log"], ms: 20 });
  }
  const benchUrl = await createBenchDatabase(serverUrl);
  const connection = openPostgres(benchUrl, { max: 4 });
  onCleanup("close the app-code pool", () => connection.close());
  const sql = postgres(benchUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  onCleanup("close the loading connection", () => sql.end({ timeout: 5 }));

  const loads: Record<string, number> = {};
  const loadAverage = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;
  const loadStart = loadAverage();
  let started = performance.now();
  progress("migrating and importing the starter library");
  await connection.migrate();
  const sync = await syncLibrary({ db: connection.db, directories: { policiesDir: "policies", drillsDir: "drills" } });
  if (!sync.ok) throw new Error(`the starter library does not import:\n${sync.errors.map(formatContentError).join("\n")}`);
  const { starters, templates, slots } = await buildTemplates({ db: connection.db });
  loads["migrate + library + templates"] = seconds(started);
  progress(`${templates.length} score templates on ${starters.length} starter drills (${starters.map((s) => s.drillId).join(", ")})`);

  // Started before the synthetic drills exist: its start-up sync would retire drills that have no file.
  progress("starting the app");
  const sessionSecret = randomBytes(32).toString("hex");
  const app = await startApp(benchUrl, sessionSecret);
  base = app.base;

  started = performance.now();
  const now = new Date();
  const span = { from: new Date(Date.parse(`${isoWeekStart(now)}T00:00:00Z`) - 25 * 7 * 86_400_000).toISOString(), to: now.toISOString() };
  await load.createHelpers(sql, { starters, templates, slots });
  const org = await load.loadOrganisation(sql, await hashPassword(DEMO_PASSWORD));
  await load.loadDrills(sql);
  const tokenId = await load.createApiToken(sql, org.adminId);
  await load.loadFlawTypeCards(sql, flawTypeCardTemplate(now));
  loads["organisation + drills"] = seconds(started);
  progress(`${load.TEAMS} teams, ${load.AGENTS + 2} agents, ${load.DRILLS} drills in ${loads["organisation + drills"]} s`);

  const cards = { drill: reviewCardTemplate(now) };
  const remainingMs = watchdog.remainingMs;
  started = performance.now();
  await load.loadAttempts(sql, span, cards, { firstId: 1, from: 0, to: FIRST_PHASE, agent: `s % ${load.AGENTS}`, j: `s / ${load.AGENTS}`, label: "attempts, first 10,000", remainingMs });
  await load.loadEvents(sql, span, { from: 0, to: firstEvents, tokenId, remainingMs });
  await load.syncSequences(sql);
  await load.rebuildAssistRollups(sql);
  // The attempts are bulk-loaded, not submitted, so their tier history is rebuilt as a database from before it would be.
  await rebuildTierHistory({ db: connection.db });
  await load.vacuumAnalyze(sql);
  loads["10,000 attempts"] = seconds(started);

  const cookieFor = sessionCookieHeader(sessionSecret);
  const cookie = async (userId: number) => cookieFor(await createSession({ db: connection.db, userId }));
  const sessions: Sessions = { admin: await cookie(org.adminId), leader: await cookie(org.leaderId), agent50: await cookie(org.agent50Id), agent5000: await cookie(org.agent5000Id) };

  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const insights = insightsPages({ org, sessions, month });
  progress(`timing ${insights.length} insights pages at 10,000 attempts`);
  const before = await timeAll(insights);

  started = performance.now();
  const rest = { agent: `s % ${load.AGENTS}`, j: `s / ${load.AGENTS}`, remainingMs };
  await load.loadAttempts(sql, span, cards, { ...rest, firstId: 1, from: FIRST_PHASE, to: regular, label: "attempts, the rest" });
  await load.loadAttempts(sql, span, cards, { firstId: regular + 1, from: 0, to: SPECIAL.small, agent: String(load.AGENT_50), j: "s", label: "attempts of the 50-attempt agent", remainingMs });
  await load.loadAttempts(sql, span, cards, { firstId: regular + SPECIAL.small + 1, from: 0, to: SPECIAL.large, agent: String(load.AGENT_5000), j: "s", label: "attempts of the 5,000-attempt agent", remainingMs });
  loads["attempts to full"] = seconds(started);
  started = performance.now();
  await load.loadEvents(sql, span, { from: firstEvents, to: eventsTotal, tokenId, remainingMs });
  loads["events to full"] = seconds(started);
  await load.syncSequences(sql);
  loads["assist rollups"] = await load.rebuildAssistRollups(sql);
  // Only now: at 10,000 attempts no agent has the 20 a proficient window needs, and the insights pages read no streaks.
  started = performance.now();
  const backfills = await load.rerunBackfills(sql);
  loads["backfills"] = seconds(started);
  started = performance.now();
  const tiers = await rebuildTierHistory({ db: connection.db });
  loads["tier history"] = seconds(started);
  progress(`rebuilt the tier history: ${tiers.changes.toLocaleString("en")} changes for ${tiers.agents.toLocaleString("en")} agents in ${loads["tier history"]} s`);
  progress(backfills.length > 0 ? `re-ran the backfill migrations over the loaded attempts: ${backfills.join(", ")}` : "no backfill migrations to re-run");
  loads["vacuum analyze"] = await load.vacuumAnalyze(sql);
  progress(`loaded to ${attemptsTotal.toLocaleString("en")} attempts and ${eventsTotal.toLocaleString("en")} events`);

  started = performance.now();
  const sample = await sql.unsafe<{ user_id: number }[]>(`select user_id from bench.agents where idx < ${load.AGENTS} order by random() limit 8`);
  const userIds = [...sample.map((row) => row.user_id), org.agent50Id, org.agent5000Id];
  const rolled = await checkInsightRollups({ db: connection.db, userIds });
  const assisted = await checkAssistRollups({ db: connection.db, userIds });
  const team = await checkTeamRollups({ db: connection.db, teamId: org.team1Id });
  const organisation = await checkOrganisationRollups(sql);
  const [counted] = await sql.unsafe<{ attempts: number; rows: number }[]>("select (select count(*)::int from attempts) as attempts, (select count(*)::int from insight_rollups) as rows");
  loads["checks"] = seconds(started);
  const problems = [...rolled.problems, ...assisted.problems, ...team.problems, ...organisation.problems];
  if (problems.length > 0) throw new Error(`the bulk-loaded rollups differ from rollupRowsOf, flawRollupRowsOf or countsOfEvent:\n${problems.slice(0, 20).join("\n")}`);
  if (counted?.attempts !== attemptsTotal) throw new Error(`expected ${attemptsTotal} attempts, found ${counted?.attempts}`);
  const checks = [
    `rollups of ${userIds.length} agents (2 special) equal rollupRowsOf of their ${rolled.attempts.toLocaleString("en")} attempts: ${rolled.rows.toLocaleString("en")} rows, every count (${counted.rows.toLocaleString("en")} rollup rows in all)`,
    `assist rollups of the same agents equal countsOfEvent of their ${assisted.events.toLocaleString("en")} events: ${assisted.rows.toLocaleString("en")} rows`,
    `team 1's team, control, flaw and production rollups equal its ${team.attempts.toLocaleString("en")} attempts and ${team.events.toLocaleString("en")} events: ${team.rows.toLocaleString("en")} rows`,
    `the organisation's flaw and control rollups equal the teams' summed: ${organisation.rows.toLocaleString("en")} rows`,
  ];
  for (const line of checks) progress(line);
  await load.dropHelpers(sql);

  progress(`timing ${insights.length} insights pages at ${attemptsTotal.toLocaleString("en")} attempts`);
  const after = await timeAll(insights);
  const pairsOf = (pages: { name: string; path: string; core?: boolean }[], b: PageTiming[], a: PageTiming[]): PagePair[] =>
    pages.map((page, i) => ({ name: page.name, path: page.path, core: page.core ?? true, before: b[i] ?? { status: "missing" }, after: a[i] ?? { status: "missing" } }));

  const agents = agentPages({ sessions });
  progress("timing the agent pages");
  const small = await timeAll(agents.map((page) => ({ name: `${page.name} (50)`, path: page.path, cookie: page.small })));
  const large = await timeAll(agents.map((page) => ({ name: `${page.name} (5,000)`, path: page.path, cookie: page.large })));

  // A fresh server: the one that rendered the pages keeps the heap they grew, which is not the export's.
  progress("starting a fresh app server for the export");
  const exporter = await startApp(benchUrl, sessionSecret);
  await load.reviveDrills(sql);
  const csvPath = csvExportPath({ from: span.from.slice(0, 10), to: span.to.slice(0, 10) });
  progress(`downloading the CSV export of all attempts (GET ${csvPath})`);
  const csv = await timeExport({ base: exporter.base, path: csvPath, cookie: sessions.admin, pid: exporter.pid, timeoutMs: Math.floor(Math.max(10_000, watchdog.remainingMs() - 30_000)) });
  progress(csv.status === "ok" ? `  ${csv.rows.toLocaleString("en")} rows in ${csv.seconds} s, peak RSS ${csv.peakRssMb} MB` : `  CSV export: ${csv.status === "missing" ? "not measured: route missing" : `HTTP ${csv.code}`}`);

  const run = {
    attempts: attemptsTotal,
    events: eventsTotal,
    agents: load.AGENTS + 2,
    teams: load.TEAMS,
    drills: load.DRILLS,
    templates: templates.length,
    requests,
    warmup,
    machine: { cpus: availableParallelism(), loadStart, loadEnd: loadAverage() },
    loads,
    checks,
    insights: pairsOf(insights, before, after),
    agentPages: pairsOf(agents, small, large),
    csv: { path: csvPath, timing: csv },
  };
  if (values.json) console.error(table(run));
  else console.log(table(run));
  console.log(JSON.stringify(report(run)));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup();
  watchdog.stop();
}
