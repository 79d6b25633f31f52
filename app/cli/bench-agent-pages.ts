import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { count, sql } from "drizzle-orm";
import { openPglite, openPostgres, type Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { agentRatings, assignmentDrills, assignments, assignmentTeams, attempts, drillRevisions, drills, insightRollups, servedDrills } from "~/db/schema";
import type { Drill } from "~/app/content/drill";
import { syncLibrary } from "~/app/content/sync.server";
import { isoWeekStart, ROLLUP_COUNTS, rollupRowsOf, type RollupCounts, type RollupKey } from "~/app/insights/rollup-rows";
import { knownAnchors } from "~/app/policies/anchors.server";
import { restrictedDetectors, restrictedFinder } from "~/app/policies/restricted.server";
import { DEFAULT_RATING, rateAttempt, type Rating } from "~/app/practice/glicko2";
import { plantedFlaws } from "~/app/practice/planted-flaws";
import { agentHome, agentProgress } from "~/app/practice/progress.server";
import { scoreAttempt, type AttemptScore } from "~/app/practice/scoring";
import { seededRandom } from "~/app/practice/seeded-random";
import type { Mark } from "~/app/practice/types";
import { FLAW_TYPES, type Decision } from "~/app/vocabulary";
import { startPostgres, type PostgresServer } from "./postgres-server";

/**
 * `npm run bench:agent-pages -- [--sizes 50,500,5000] [--runs 40] [--postgres] [--json]`:
 * how the agent's own pages (home and progress) scale with the agent's history.
 *
 * On an in-memory PGlite (the embedded database; `--postgres` uses a throwaway PostgreSQL
 * instead) with the starter library imported, it copies the library's drills until there are
 * enough for the largest history (an agent has one counted attempt per drill), then bulk-loads
 * one agent per size: that many counted attempts, scored by the app's own scoreAttempt on a
 * realistic answer (skill rising over the history), rated with Glicko-2 in order, about one
 * repeat (not counted) per ten, 12 counted attempts a day on every day up to now, with their
 * served drills, rollups and rating row, then runs the data migrations that store time to
 * proficiency, the day streak and the thinned rating history for history already there (as a
 * deploy does). The team
 * has an open assignment made 60 days ago. It then times `agentHome` and `agentProgress` (the
 * loaders of `/` and `/progress` without the session check and the render), round robin over
 * the agents after a warm-up, and prints p50/p95, the progress payload's size and the
 * ratio of the largest size to the smallest. Goal (issue 13): p95 under 50 ms, at most 2 ×
 * between 50 and 5,000 attempts. Its last line with --json is one JSON object.
 */

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "50,500,5000" },
    runs: { type: "string", default: "40" },
    warmup: { type: "string", default: "5" },
    postgres: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const sizes = (values.sizes ?? "").split(",").map((s) => Number(s.trim()));
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) throw new Error(`--sizes must be whole numbers from 1 to 100000 (got ${values.sizes})`);
const runs = Number(values.runs);
const warmup = Number(values.warmup);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error("--runs must be at least 1 and --warmup at least 0");
const json = values.json;
const log = (line: string) => {
  if (!json) console.log(line);
  else console.error(line);
};

const ATTEMPTS_PER_DAY = 12;
const REPEAT_SHARE = 0.1;
const INSERT_CHUNK = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

// ── loading ──

/** Copies every drill of the library `copies` times (new ids, same revision content). */
async function copyDrills(connection: Connection, copies: number) {
  const db = connection.db;
  await db.execute(sql`
    insert into drills (id, file, status)
    select d.id || '~' || c, d.file, d.status from drills d cross join generate_series(1, ${copies}::int) c
    where d.id not like '%~%' and d.current_revision_id is not null`);
  await db.execute(sql`
    insert into drill_revisions (drill_id, revision, hash, title, locale, channel, difficulty, skills, flaw_types, content)
    select d.id || '~' || c, r.revision, r.hash, r.title, r.locale, r.channel, r.difficulty, r.skills, r.flaw_types, r.content
    from drills d join drill_revisions r on r.id = d.current_revision_id cross join generate_series(1, ${copies}::int) c
    where d.id not like '%~%'`);
  await db.execute(sql`update drills set current_revision_id = r.id from drill_revisions r where r.drill_id = drills.id and drills.current_revision_id is null`);
}

type Revision = { id: number; drillId: string; drill: Drill };

/** A plausible answer by an agent of the given skill (0–1): marks on most flaws, some stray marks, mostly the expected decision. */
function answer(drill: Drill, skill: number, random: () => number): { marks: Mark[]; decision: Decision; rewrite?: string } {
  const marks: Mark[] = [];
  for (const flaw of drill.flaws) {
    if (random() < skill) marks.push({ start: flaw.start, end: flaw.end, type: random() < 0.9 ? flaw.type : (FLAW_TYPES[Math.floor(random() * FLAW_TYPES.length)] ?? flaw.type) });
  }
  if (random() < 0.15) {
    const start = Math.floor(random() * Math.max(1, drill.draft.length - 8));
    marks.push({ start, end: start + 6, type: FLAW_TYPES[Math.floor(random() * FLAW_TYPES.length)] ?? "tone" });
  }
  const withoutFlaws = [...drill.flaws].sort((a, b) => b.start - a.start).reduce((text, flaw) => text.slice(0, flaw.start) + text.slice(flaw.end), drill.draft);
  if (drill.flaws.length === 0) return random() < skill ? { marks, decision: "send" } : { marks, decision: "rewrite", rewrite: drill.draft };
  if (marks.length === 0 && random() > skill) return { marks, decision: "send" };
  if (drill.expected === "escalate") return { marks, decision: "escalate" };
  return { marks, decision: "rewrite", rewrite: withoutFlaws.trim() || drill.draft };
}

type RollupKeyRow = { teamId: number; userId: number; week: string; flawType: RollupKey; counts: RollupCounts };

/** One agent's history of `counted` first attempts (plus repeats) ending just before `end`, bulk-inserted. */
async function loadHistory({ connection, userId, teamId, counted, revisions, end, seed }: { connection: Connection; userId: number; teamId: number; counted: number; revisions: Revision[]; end: Date; seed: number }) {
  const db = connection.db;
  const random = seededRandom(seed);
  const findRestricted = restrictedFinder(await restrictedDetectors({ db }));
  const anchors = await knownAnchors({ db });
  const score = (revision: Revision, skill: number): { form: ReturnType<typeof answer>; score: AttemptScore } => {
    const form = answer(revision.drill, skill, random);
    return {
      form,
      score: scoreAttempt({ draft: revision.drill.draft, flaws: plantedFlaws(revision.drill), marks: form.marks, decision: form.decision, expected: revision.drill.expected, rewrite: form.rewrite, findRestricted, knownAnchors: anchors }),
    };
  };

  // Days back from `end`: ATTEMPTS_PER_DAY counted attempts a day, between 08:00 and 18:00 UTC.
  const days = Math.ceil(counted / ATTEMPTS_PER_DAY);
  const endDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  let agent: Rating = DEFAULT_RATING;
  const done: Revision[] = [];
  const served: (typeof servedDrills.$inferInsert)[] = [];
  const rows: Omit<typeof attempts.$inferInsert, "servedId">[] = [];
  const rollups = new Map<string, RollupKeyRow>();
  for (let i = 0; i < counted; i++) {
    const day = endDay - (days - 1 - Math.floor(i / ATTEMPTS_PER_DAY)) * DAY_MS;
    const slot = i % ATTEMPTS_PER_DAY;
    const at = new Date(Math.min(end.getTime() - (counted - i) * 1000, day + 8 * 3600_000 + slot * 45 * 60_000 + Math.floor(random() * 20 * 60_000)));
    const skill = 0.55 + 0.4 * (i / counted);
    const revision = revisions[i];
    if (!revision) throw new Error(`not enough drills for ${counted} attempts`);
    const scored = score(revision, skill);
    const rated = rateAttempt({ agent, drill: DEFAULT_RATING, score: scored.score.gameScore });
    const common = (rev: Revision, when: Date, result: typeof scored) => ({
      clientId: randomUUID(),
      userId,
      drillId: rev.drillId,
      revisionId: rev.id,
      assignmentId: null,
      teamId,
      decision: result.form.decision,
      marks: result.form.marks,
      rewrite: result.form.rewrite ?? null,
      escalationReason: result.form.decision === "escalate" ? "Needs the specialist team." : null,
      timeOnTaskMs: 20_000 + Math.floor(random() * 90_000),
      score: result.score,
      flawed: result.score.flawed,
      outcome: result.score.outcome,
      points: result.score.points,
      gameScore: result.score.gameScore,
      createdAt: when,
    });
    served.push({ userId, drillId: revision.drillId, revisionId: revision.id, reason: "practice", isControl: revision.drill.flaws.length === 0, servedAt: at, closedAt: at });
    const row = { ...common(revision, at, scored), agentRating: rated.agent.rating, agentRatingDelta: rated.agent.rating - agent.rating, counted: true };
    rows.push(row);
    agent = rated.agent;
    done.push(revision);
    for (const rollup of rollupRowsOf({ score: scored.score, marks: scored.form.marks, points: scored.score.points, timeOnTaskMs: row.timeOnTaskMs })) {
      const week = isoWeekStart(at);
      const key = `${week}|${rollup.flawType}`;
      const stored = rollups.get(key);
      if (!stored) rollups.set(key, { teamId, userId, week, flawType: rollup.flawType, counts: { ...rollup.counts } });
      else for (const field of ROLLUP_COUNTS) stored.counts[field] += rollup.counts[field];
    }
    if (random() < REPEAT_SHARE && done.length > 1) {
      // A due review of an earlier drill, a minute later: stored, never counted.
      const again = done[Math.floor(random() * (done.length - 1))] ?? revision;
      const later = new Date(at.getTime() + 60_000);
      if (later.getTime() < end.getTime()) {
        served.push({ userId, drillId: again.drillId, revisionId: again.id, reason: "review", isControl: again.drill.flaws.length === 0, servedAt: later, closedAt: later });
        rows.push({ ...common(again, later, score(again, skill)), agentRating: agent.rating, agentRatingDelta: 0, counted: false });
      }
    }
  }

  for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
    const servedChunk = served.slice(from, from + INSERT_CHUNK);
    const ids = await db.insert(servedDrills).values(servedChunk).returning({ id: servedDrills.id, drillId: servedDrills.drillId, servedAt: servedDrills.servedAt });
    const idOf = new Map(ids.map((s) => [`${s.drillId}|${s.servedAt.getTime()}`, s.id]));
    const chunk = rows.slice(from, from + INSERT_CHUNK).map((row) => {
      const servedId = idOf.get(`${row.drillId}|${row.createdAt?.getTime() ?? 0}`);
      if (servedId === undefined) throw new Error("a served drill went missing");
      return { ...row, servedId };
    });
    await db.insert(attempts).values(chunk);
  }
  const rollupRows = [...rollups.values()].map(({ counts, ...key }) => ({ ...key, ...counts }));
  for (let from = 0; from < rollupRows.length; from += INSERT_CHUNK) await db.insert(insightRollups).values(rollupRows.slice(from, from + INSERT_CHUNK));
  await db.insert(agentRatings).values({ userId, ...agent, updatedAt: end });
  return { stored: rows.length };
}

/** The data migrations that store what the attempt transaction keeps (time to proficiency, the day streak) for history already there. */
const BACKFILLS = ["db/migrations/0013_backfill_proficiency.sql", "db/migrations/0016_backfill_agent_page_state.sql"];

/** Runs a committed migration's statements again, as it runs on a database with history. */
async function runMigrationFile(db: Connection["db"], file: string) {
  for (const statement of readFileSync(file, "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) await db.execute(sql.raw(statement));
  }
}

// ── timing ──

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function timeIt(work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** How many rating points a progress payload carries (a list, or `{ points }`). */
function ratingPointsOf(payload: unknown): number {
  const history = payload !== null && typeof payload === "object" && "ratingHistory" in payload ? payload.ratingHistory : null;
  if (Array.isArray(history)) return history.length;
  return history !== null && typeof history === "object" && "points" in history && Array.isArray(history.points) ? history.points.length : 0;
}

// ── main ──

let postgresServer: PostgresServer | undefined;
let connection: Connection | undefined;
try {
  const started = performance.now();
  if (values.postgres) {
    postgresServer = await startPostgres();
    connection = openPostgres(postgresServer.url);
  } else {
    connection = await openPglite();
  }
  const db = connection.db;
  await connection.migrate();
  const sync = await syncLibrary({ db, directories: { policiesDir: "policies", drillsDir: "drills" } });
  if (!sync.ok) throw new Error("the starter library did not import (run npm run content:check)");
  const [library] = await db.select({ n: count() }).from(drills);
  const largest = Math.max(...sizes);
  await copyDrills(connection, Math.ceil(largest / Math.max(1, library?.n ?? 1)));
  const revisionRows = await db.select({ id: drillRevisions.id, drillId: drillRevisions.drillId, drill: drillRevisions.content }).from(drillRevisions);
  const revisions = revisionRows.sort((a, b) => a.id - b.id);
  log(`${revisions.length} drills to practise on (${connection.kind})`);

  const team = await makeTeam(db, { name: "Bench agents" });
  const author = await makeUser(db, { teamId: team.id, passwordHash: "x", role: "author", email: "bench.author@bench.example" });
  const end = new Date();
  const [assignment] = await db.insert(assignments).values({ title: "Refresher", createdBy: author.id, dueAt: new Date(end.getTime() + 7 * DAY_MS), createdAt: new Date(end.getTime() - 60 * DAY_MS) }).returning();
  if (!assignment) throw new Error("no assignment");
  await db.insert(assignmentTeams).values({ assignmentId: assignment.id, teamId: team.id });
  await db.insert(assignmentDrills).values(revisions.slice(0, 5).map((r, position) => ({ assignmentId: assignment.id, drillId: r.drillId, position })));

  const agents: { size: number; userId: number }[] = [];
  for (const [index, size] of sizes.entries()) {
    const agent = await makeUser(db, { teamId: team.id, passwordHash: "x", email: `bench.agent.${size}.${index}@bench.example` });
    const loadStarted = performance.now();
    // Every first attempt of an agent is at a drill of its own.
    const { stored } = await loadHistory({ connection, userId: agent.id, teamId: team.id, counted: size, revisions: revisions.slice(0, size), end, seed: 7 + index });
    log(`agent with ${size} counted attempts: ${stored} attempts stored in ${Math.round(performance.now() - loadStarted)} ms`);
    agents.push({ size, userId: agent.id });
  }
  // Bulk-loaded history is what a database migrated from before stored proficiency holds: the backfill stores it.
  for (const file of BACKFILLS.filter((f) => existsSync(f))) {
    const ms = await timeIt(() => runMigrationFile(db, file));
    log(`${path.basename(file)} over ${agents.length} agents' history: ${Math.round(ms)} ms`);
  }
  await db.execute(sql`analyze`);

  const results: { size: number; home: number[]; progress: number[]; payloadBytes: number; ratingPoints: number }[] = agents.map((a) => ({ size: a.size, home: [], progress: [], payloadBytes: 0, ratingPoints: 0 }));
  // Round robin over the agents, so a busy moment of the machine falls on every size alike.
  for (let run = 0; run < warmup + runs; run++) {
    for (const [index, agent] of agents.entries()) {
      const result = results[index];
      if (!result) continue;
      const home = await timeIt(() => agentHome({ db, userId: agent.userId, teamId: team.id }));
      let payload: unknown;
      const progress = await timeIt(async () => {
        payload = await agentProgress({ db, userId: agent.userId });
      });
      if (run >= warmup) {
        result.home.push(home);
        result.progress.push(progress);
      }
      if (run === 0) {
        result.payloadBytes = JSON.stringify(payload).length;
        result.ratingPoints = ratingPointsOf(payload);
      }
    }
  }

  const summary = results.map((r) => {
    const home = [...r.home].sort((a, b) => a - b);
    const progress = [...r.progress].sort((a, b) => a - b);
    return {
      attempts: r.size,
      home: { p50_ms: round(percentile(home, 50)), p95_ms: round(percentile(home, 95)) },
      progress: { p50_ms: round(percentile(progress, 50)), p95_ms: round(percentile(progress, 95)) },
      progress_payload_kb: round(r.payloadBytes / 1024),
      rating_points: r.ratingPoints,
    };
  });
  const smallest = summary[0];
  const biggest = summary[summary.length - 1];
  const ratio = (pick: (s: (typeof summary)[number]) => number) => (smallest && biggest && pick(smallest) > 0 ? Math.round((pick(biggest) / pick(smallest)) * 100) / 100 : null);
  const worstP95 = Math.max(...summary.map((s) => Math.max(s.home.p95_ms, s.progress.p95_ms)));
  const ratios = { home_p95: ratio((s) => s.home.p95_ms), progress_p95: ratio((s) => s.progress.p95_ms), home_p50: ratio((s) => s.home.p50_ms), progress_p50: ratio((s) => s.progress.p50_ms) };
  const report = {
    database: connection.kind,
    runs,
    sizes: summary,
    ratio_largest_to_smallest: ratios,
    goal: { p95_under_50_ms: worstP95 < 50, ratio_at_most_2: Math.max(ratios.home_p95 ?? Infinity, ratios.progress_p95 ?? Infinity) <= 2 },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  if (json) {
    console.log(JSON.stringify(report));
  } else {
    console.log(`\n${"attempts".padStart(9)} ${"home p50".padStart(9)} ${"home p95".padStart(9)} ${"prog p50".padStart(9)} ${"prog p95".padStart(9)} ${"payload".padStart(9)} ${"points".padStart(7)}`);
    for (const s of summary) {
      console.log(`${String(s.attempts).padStart(9)} ${`${s.home.p50_ms}`.padStart(9)} ${`${s.home.p95_ms}`.padStart(9)} ${`${s.progress.p50_ms}`.padStart(9)} ${`${s.progress.p95_ms}`.padStart(9)} ${`${s.progress_payload_kb} KB`.padStart(9)} ${String(s.rating_points).padStart(7)}`);
    }
    console.log(`\nratio ${biggest?.attempts} vs ${smallest?.attempts} attempts: home p95 ${ratios.home_p95} ×, progress p95 ${ratios.progress_p95} × (p50: ${ratios.home_p50} ×, ${ratios.progress_p50} ×)`);
    console.log(`goal: p95 under 50 ms ${report.goal.p95_under_50_ms ? "met" : "NOT met"}; at most 2 × ${report.goal.ratio_at_most_2 ? "met" : "NOT met"}  (${report.seconds} s)`);
  }
} finally {
  await connection?.close();
  postgresServer?.stop();
}
