import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { agentRatingPoints, agentRatings, agentStreaks, agentTierChanges, attempts, drillRevisions, servedDrills, teams, users } from "~/db/schema";
import type { Drill } from "~/app/content/drill";
import { syncLibrary } from "~/app/content/sync.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import {
  dayStreak,
  errorSpottingRate,
  falseFlagRate,
  summariseAttempt,
  tierFor,
  timeToProficiency,
  unneededOverrideRate,
  weakFlawTypes,
  weakTypesState,
  weakTypeWindow,
} from "~/app/practice/metrics";
import { agentHome, agentProgress } from "~/app/practice/progress.server";
import { updateTeam } from "~/app/admin/teams.server";
import { improvedFlawTypes, IMPROVEMENT } from "~/app/practice/improvement";
import { nextMilestone } from "~/app/practice/milestone";
import { tallyOf } from "~/app/practice/tally";
import { weeklyGoalProgress } from "~/app/practice/weekly-goal";
import { isoWeekStart } from "~/app/insights/rollup-rows";
import { isWeekday } from "~/app/vocabulary";
import { feedbackHeadline } from "~/app/practice/feedback-headline";
import { storedRewriteCheck } from "~/app/practice/feedback.server";
import { DEFAULT_RATING } from "~/app/practice/glicko2";
import { agentRating, lockAgentRating, lockDrillRating, RATING_HISTORY_POINTS, ratingPoints, ratingStride, saveRatings } from "~/app/practice/ratings.server";
import { seededRandom } from "~/app/practice/seeded-random";
import { agentsWithoutTierHistory, rebuildTierHistory, tiersAt } from "~/app/practice/tier-history.server";
import type { Mark } from "~/app/practice/types";
import { DECISIONS, FLAW_TYPES } from "~/app/vocabulary";
import { createTestDatabase, resetDatabase } from "./test-database";

/**
 * The agent's pages read rollups, bounded windows and stored state (app/practice/progress.server.ts);
 * every figure must equal a full recomputation from all of the agent's attempts, as the pages
 * computed it before.
 */

let connection: Connection;
type Revision = { id: number; drillId: string; drill: Drill };
let revisions: Revision[] = [];

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  await resetDatabase(connection);
  const sync = await syncLibrary({ db: connection.db, directories: { policiesDir: "policies", drillsDir: "drills" } });
  if (!sync.ok) throw new Error("the starter library did not sync");
  // Two copies of every drill (new ids, same content): an agent has one counted attempt per drill.
  await connection.db.execute(sql`insert into drills (id, file, status) select d.id || '~' || c, d.file, d.status from drills d cross join generate_series(1, 2) c`);
  await connection.db.execute(sql`
    insert into drill_revisions (drill_id, revision, hash, title, locale, channel, difficulty, skills, flaw_types, content)
    select d.id || '~' || c, r.revision, r.hash, r.title, r.locale, r.channel, r.difficulty, r.skills, r.flaw_types, r.content
    from drills d join drill_revisions r on r.id = d.current_revision_id cross join generate_series(1, 2) c`);
  await connection.db.execute(sql`update drills set current_revision_id = r.id from drill_revisions r where r.drill_id = drills.id and drills.current_revision_id is null`);
  revisions = (await connection.db.select({ id: drillRevisions.id, drillId: drillRevisions.drillId, drill: drillRevisions.content }).from(drillRevisions).orderBy(asc(drillRevisions.id))).map((r) => ({ ...r }));
});

const HOUR = 60 * 60 * 1000;
/** The data migrations that store, for history already there, what the attempt's transaction keeps. */
const BACKFILLS = ["0013_backfill_proficiency.sql", "0016_backfill_agent_page_state.sql"];
const DAY = 24 * HOUR;

/** A careful answer with probability `skill`, otherwise a random one (marks on and off the flaws, any decision). */
function answerFor(drill: Drill, skill: number, random: () => number) {
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error("nothing to pick");
    return item;
  };
  const withoutFlaws = [...drill.flaws].sort((a, b) => b.start - a.start).reduce((text, flaw) => text.slice(0, flaw.start) + text.slice(flaw.end), drill.draft);
  if (random() < skill) {
    const marks: Mark[] = drill.flaws.map((flaw) => ({ start: flaw.start, end: flaw.end, type: flaw.type }));
    const decision = drill.expected;
    return { marks, decision, rewrite: decision === "rewrite" ? withoutFlaws : undefined };
  }
  const marks: Mark[] = [];
  for (const flaw of drill.flaws) if (random() < 0.5) marks.push({ start: flaw.start, end: flaw.end, type: random() < 0.7 ? flaw.type : pick(FLAW_TYPES) });
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    const start = Math.floor(random() * Math.max(1, drill.draft.length - 6));
    marks.push({ start, end: start + 1 + Math.floor(random() * 4), type: pick(FLAW_TYPES) });
  }
  const decision = pick(DECISIONS);
  return { marks, decision, rewrite: decision === "rewrite" ? pick([drill.draft, "ok", withoutFlaws]) : undefined };
}

/** Serves `revision` to the agent and submits an answer through the app's own transaction. */
async function attempt({ userId, revision, at, skill, random }: { userId: number; revision: Revision; at: Date; skill: number; random: () => number }) {
  const [served] = await connection.db
    .insert(servedDrills)
    .values({ userId, drillId: revision.drillId, revisionId: revision.id, reason: "practice", isControl: revision.drill.flaws.length === 0, servedAt: at })
    .returning();
  if (!served) throw new Error("not served");
  const answer = answerFor(revision.drill, skill, random);
  await submitAttempt({
    db: connection.db,
    userId,
    servedId: served.id,
    form: { clientId: randomUUID(), revisionId: revision.id, marks: answer.marks, decision: answer.decision, rewrite: answer.rewrite, escalationReason: answer.decision === "escalate" ? "Needs the specialist team." : undefined, timeOnTaskMs: 30_000 },
    now: at,
  });
}

/** The pages' figures as they were computed before: every attempt read and summarised. */
async function fullRecount({ userId, now }: { userId: number; now: Date }) {
  const rows = await connection.db
    .select({ id: attempts.id, createdAt: attempts.createdAt, score: attempts.score, decision: attempts.decision, points: attempts.points, outcome: attempts.outcome, agentRating: attempts.agentRating, counted: attempts.counted, title: drillRevisions.title })
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .where(eq(attempts.userId, userId))
    .orderBy(asc(attempts.createdAt), asc(attempts.id));
  const counted = rows.filter((row) => row.counted);
  const summaries = counted.map((row) => summariseAttempt({ at: row.createdAt, score: row.score }));
  const rating = await agentRating({ db: connection.db, userId });
  const proficiency = timeToProficiency(summaries);
  const [agent] = await connection.db.select({ workingDays: teams.workingDays, weeklyGoal: users.weeklyGoal }).from(users).innerJoin(teams, eq(teams.id, users.teamId)).where(eq(users.id, userId));
  if (!agent) throw new Error("no such agent");
  const tier = tierFor({ attempts: summaries });
  // The ISO week of now (all of it) and the 4 weeks before, from the attempts.
  const week = isoWeekStart(now);
  const weeksFrom = new Date(Date.parse(`${week}T00:00:00Z`) - IMPROVEMENT.weeksBefore * 7 * DAY).toISOString().slice(0, 10);
  const thisWeek = summaries.filter((s) => isoWeekStart(s.at) === week);
  const before = summaries.filter((s) => isoWeekStart(s.at) >= weeksFrom && isoWeekStart(s.at) < week);
  return {
    attempts: counted.length,
    points: counted.reduce((total, row) => total + row.points, 0),
    rating: Math.round(rating.rating),
    ratingDeviation: Math.round(rating.rd),
    streak: dayStreak(
      rows.map((r) => r.createdAt),
      now,
      { workingDays: agent.workingDays.filter(isWeekday) },
    ),
    errorSpotting: errorSpottingRate(summaries),
    falseFlagRate: falseFlagRate(summaries),
    unneededOverrideRate: unneededOverrideRate(summaries),
    weakFlawTypes: weakFlawTypes({ attempts: summaries, now }),
    weakTypesFalseFlagRate: falseFlagRate(weakTypeWindow({ attempts: summaries, now })),
    tier,
    milestone: nextMilestone(tier),
    weeklyGoal: weeklyGoalProgress({ done: thisWeek.length, goal: agent.weeklyGoal }),
    improved: improvedFlawTypes({ thisWeek: tallyOf(thisWeek), before: tallyOf(before) }),
    weakTypes: weakTypesState({ window: weakTypeWindow({ attempts: summaries, now }) }),
    proficiency: proficiency ? { days: proficiency.days, drills: proficiency.drills, reachedAt: proficiency.reachedAt.toISOString() } : null,
    ratingHistory: counted.map((r) => ({ at: r.createdAt.toISOString(), rating: Math.round(r.agentRating) })),
    recent: rows
      .slice(-10)
      .reverse()
      .map((r) => ({
        id: r.id,
        title: r.title,
        outcome: r.outcome,
        headline: feedbackHeadline({ ...r.score, rewriteCheck: storedRewriteCheck(r.score.rewriteCheck ?? null), decision: r.decision, expected: r.score.expected }).title,
        points: r.points,
        counted: r.counted,
        at: r.createdAt.toISOString(),
      })),
  };
}

/** What the comparisons have covered, so a history too tame to test anything fails. */
const seen = new Set<string>();

/** The pages' figures equal the full recount at `now`; the rating history is every point, or a true sample of at most 100. */
async function expectPagesToMatch({ userId, teamId, now }: { userId: number; teamId: number; now: Date }) {
  const full = await fullRecount({ userId, now });
  if (full.weakFlawTypes.length > 0) seen.add("weak flaw types");
  if (full.tier.tier !== "associate") seen.add("a tier above associate");
  if (full.streak > 1) seen.add("a streak");
  if (full.proficiency) seen.add("proficiency");
  if (full.improved.length > 0) seen.add("an improved flaw type");
  if (full.weeklyGoal.done > 0) seen.add("attempts this week");
  const { ratingHistory, ...progress } = await agentProgress({ db: connection.db, userId, now });
  const { ratingHistory: fullHistory, improved, weakTypes, ...expected } = full;
  expect(progress, `progress at ${now.toISOString()}`).toEqual(expected);

  const home = await agentHome({ db: connection.db, userId, teamId, now });
  expect(
    { rating: home.rating, streak: home.streak, attempts: home.attempts, weakTypes: home.weakTypes, weakTypesFalseFlagRate: home.weakTypesFalseFlagRate, weeklyGoal: home.weeklyGoal, improved: home.improved, milestone: home.milestone },
    `home at ${now.toISOString()}`,
  ).toEqual({
    rating: expected.rating,
    streak: expected.streak,
    attempts: expected.attempts,
    weakTypes,
    weakTypesFalseFlagRate: expected.weakTypesFalseFlagRate,
    weeklyGoal: expected.weeklyGoal,
    improved,
    milestone: expected.milestone,
  });
  expect(home.weakTypes.kind === "weak" ? home.weakTypes.weak : []).toEqual(expected.weakFlawTypes);

  expect(ratingHistory.attempts).toBe(fullHistory.length);
  const every = ratingStride(fullHistory.length);
  expect(ratingHistory.every).toBe(every);
  // The first attempt, every `every`-th and the latest, each at its attempt's number: all of them up to 100.
  const kept = fullHistory.map((point, i) => ({ n: i + 1, ...point })).filter((point) => point.n === 1 || point.n % every === 0 || point.n === fullHistory.length);
  expect(ratingHistory.points).toEqual(kept);
  expect(ratingHistory.points.length).toBeLessThanOrEqual(RATING_HISTORY_POINTS);
  if (every === 1) expect(ratingHistory.points.map(({ at, rating }) => ({ at, rating }))).toEqual(fullHistory);
  else seen.add("a thinned rating history");
}

/** A random history: attempts minutes to days apart (runs of days and gaps, ISO week edges), about one repeat in seven. */
async function practise({ userId, count, from, seed, skill = (i: number) => 0.3 + (0.7 * i) / count, onAttempt }: { userId: number; count: number; from: Date; seed: number; skill?: (i: number) => number; onAttempt?: (i: number, at: Date) => Promise<void> }) {
  const random = seededRandom(seed);
  let at = from.getTime();
  const done: Revision[] = [];
  for (let i = 0; i < count; i++) {
    at += random() < 0.7 ? Math.floor(5 + random() * 300) * 60_000 : Math.floor(1 + random() * 60) * HOUR;
    const revision = revisions[i];
    if (!revision) throw new Error("not enough drills");
    await attempt({ userId, revision, at: new Date(at), skill: skill(i), random });
    done.push(revision);
    if (random() < 0.15) {
      // A review of a drill already answered: stored, never counted.
      at += 60_000;
      const again = done[Math.floor(random() * done.length)] ?? revision;
      await attempt({ userId, revision: again, at: new Date(at), skill: skill(i), random });
    }
    await onAttempt?.(i, new Date(at));
  }
  return new Date(at);
}

/** Moments to look at the pages from: just after, later that day, the next days, after a gap, past the 30 days, and in the middle of the history. */
function viewpoints(last: Date, first: Date) {
  return [1, 3 * HOUR, DAY, 2 * DAY, 9 * DAY, 31 * DAY].map((ms) => new Date(last.getTime() + ms)).concat([new Date((first.getTime() + last.getTime()) / 2)]);
}

// Long histories through the app's own transactions: minutes on a busy PostgreSQL, not seconds.
describe("the agent's pages read bounded data", { timeout: 240_000 }, () => {
  it("equal a full recomputation from the attempts for a random history, at every step and from any moment", async () => {
    const alpha = await makeTeam(connection.db, { name: "Alpha" });
    // Bravo works Sunday to Thursday: the agent's streak, counted with Alpha's days, is recounted.
    const bravo = await makeTeam(connection.db, { name: "Bravo" });
    await connection.db.update(teams).set({ workingDays: [7, 1, 2, 3, 4] }).where(eq(teams.id, bravo.id));
    const agent = await makeUser(connection.db, { teamId: alpha.id, passwordHash: "x" });
    await connection.db.update(users).set({ weeklyGoal: 25 }).where(eq(users.id, agent.id));
    const from = new Date("2026-01-05T07:30:00Z");
    const checkAt = new Set([0, 4, 19, 20, 35, 60, 99, 100, 101, 130, 159]);
    const last = await practise({
      userId: agent.id,
      count: 160,
      from,
      seed: 41,
      onAttempt: async (i, at) => {
        // Midway the agent moves team: their rollups are in both teams.
        if (i === 70) await connection.db.update(users).set({ teamId: bravo.id }).where(eq(users.id, agent.id));
        if (checkAt.has(i)) for (const now of [new Date(at.getTime() + 1), new Date(at.getTime() + 5 * DAY), new Date(at.getTime() + 40 * DAY)]) await expectPagesToMatch({ userId: agent.id, teamId: alpha.id, now });
      },
    });
    // Figures of interest were reached: proficiency, a tier, weak types at some point.
    const final = await fullRecount({ userId: agent.id, now: new Date(last.getTime() + 1) });
    expect(final.attempts).toBe(160);
    expect(final.proficiency).not.toBeNull();
    for (const now of viewpoints(last, from)) await expectPagesToMatch({ userId: agent.id, teamId: bravo.id, now });
    // Every ISO weekday offset of the 30-day window's start (both ways of counting its first week), over the history.
    for (let hours = 0; hours < 8 * 24; hours += 13) await expectPagesToMatch({ userId: agent.id, teamId: bravo.id, now: new Date(last.getTime() - 20 * DAY + hours * HOUR) });
    expect([...seen].sort()).toEqual(["a streak", "a thinned rating history", "a tier above associate", "an improved flaw type", "attempts this week", "proficiency", "weak flaw types"]);
  });

  it("agree for an agent who never reaches proficiency, and for one with no attempts", async () => {
    const team = await makeTeam(connection.db);
    const novice = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    const nobody = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    const last = await practise({ userId: novice.id, count: 45, from: new Date("2026-03-02T09:00:00Z"), seed: 5, skill: () => 0.2 });
    expect((await fullRecount({ userId: novice.id, now: last })).proficiency).toBeNull();
    for (const now of viewpoints(last, new Date("2026-03-02T09:00:00Z"))) {
      await expectPagesToMatch({ userId: novice.id, teamId: team.id, now });
      await expectPagesToMatch({ userId: nobody.id, teamId: team.id, now });
    }
  });

  it("keep the streak exact when an attempt arrives out of time order (another instance's clock), and when one is dated after now", async () => {
    const team = await makeTeam(connection.db);
    const agent = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    const random = seededRandom(9);
    const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 4, n, hour));
    // Days 1, 2 and 4, then day 3 arrives late and joins them; then a late one inside the streak, and an old island.
    const order = [day(1), day(2), day(4), day(3), day(2, 15), day(4, 20), day(5, 8), new Date(Date.UTC(2026, 3, 20, 9)), day(6, 7)];
    for (const [i, at] of order.entries()) {
      const revision = revisions[i];
      if (!revision) throw new Error("not enough drills");
      await attempt({ userId: agent.id, revision, at, skill: 0.9, random });
      const [stored] = await connection.db.select({ days: agentStreaks.days }).from(agentStreaks).where(eq(agentStreaks.userId, agent.id));
      const all = (await connection.db.select({ at: attempts.createdAt }).from(attempts).where(eq(attempts.userId, agent.id))).map((row) => row.at);
      const latest = new Date(Math.max(...all.map((a) => a.getTime())));
      expect(stored?.days, `after the attempt at ${at.toISOString()}`).toBe(dayStreak(all, latest));
    }
    for (const now of [day(6, 6), day(6, 8), day(7, 1), day(8, 1), day(3, 12), day(5, 9)]) {
      const full = await fullRecount({ userId: agent.id, now });
      expect((await agentProgress({ db: connection.db, userId: agent.id, now })).streak, `streak at ${now.toISOString()}`).toBe(full.streak);
      expect((await agentHome({ db: connection.db, userId: agent.id, teamId: team.id, now })).weakTypesFalseFlagRate).toBe(full.weakTypesFalseFlagRate);
    }
  });

  it("keep the rating history bounded: at most 100 points however long the history", async () => {
    const team = await makeTeam(connection.db);
    const agent = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    // Two spells of practice a month apart, 170 attempts: past 100, every second one is kept.
    const first = await practise({ userId: agent.id, count: 90, from: new Date("2026-02-02T08:00:00Z"), seed: 3 });
    const random = seededRandom(4);
    let at = first.getTime() + 30 * DAY;
    for (const revision of revisions.slice(90, 170)) {
      at += 2 * HOUR;
      await attempt({ userId: agent.id, revision, at: new Date(at), skill: 0.8, random });
    }
    const now = new Date(at + HOUR);
    const progress = await agentProgress({ db: connection.db, userId: agent.id, now });
    expect(progress.attempts).toBe(170);
    expect(progress.ratingHistory.every).toBe(2);
    expect(progress.ratingHistory.points.length).toBeLessThanOrEqual(RATING_HISTORY_POINTS);
    expect(JSON.stringify(progress).length).toBeLessThan(20_000);
    await expectPagesToMatch({ userId: agent.id, teamId: team.id, now });
  });

  it("thins the stored history through every doubling: never more than 100 points, the first and every stride-th kept", async () => {
    const team = await makeTeam(connection.db);
    const agent = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    const drillId = revisions[0]?.drillId ?? "";
    const tx = connection.db;
    await lockAgentRating({ tx, userId: agent.id });
    await lockDrillRating({ tx, drillId });
    const start = Date.UTC(2026, 0, 1);
    for (let n = 1; n <= 1_700; n++) {
      await saveRatings({ tx, userId: agent.id, drillId, agent: { rating: 1500 + n / 10, rd: 100, volatility: 0.06 }, drill: DEFAULT_RATING, now: new Date(start + n * 60_000) });
      if (n % 97 !== 0 && n !== 1_700 && n !== 101 && n !== 199) continue;
      const stored = await ratingPoints({ db: connection.db, userId: agent.id });
      const stride = ratingStride(n);
      const expected = Array.from({ length: n }, (_, i) => i + 1).filter((seq) => seq === 1 || seq % stride === 0);
      expect(stored.map((point) => point.seq), `after ${n} attempts`).toEqual(expected);
      // With the latest added by the page, at most 100.
      expect(expected.length + (n % stride === 0 ? 0 : 1)).toBeLessThanOrEqual(RATING_HISTORY_POINTS);
    }
    expect(ratingStride(1_700)).toBe(32);
    for (const n of [101, 198, 199, 10_000, 1_000_000]) expect(Math.floor(n / ratingStride(n)) + 2).toBeLessThanOrEqual(RATING_HISTORY_POINTS);
  });

  it("keeps the tier the rule gives after every counted attempt, equal to a rebuild from the attempts", async () => {
    const team = await makeTeam(connection.db);
    const agents = [await makeUser(connection.db, { teamId: team.id, passwordHash: "x" }), await makeUser(connection.db, { teamId: team.id, passwordHash: "x" })];
    await practise({ userId: agents[0]?.id ?? 0, count: 120, from: new Date(Date.UTC(2026, 5, 1, 8)), seed: 31, skill: (i) => (i < 30 ? 0.3 : 0.97) });
    await practise({ userId: agents[1]?.id ?? 0, count: 60, from: new Date(Date.UTC(2026, 5, 2, 8)), seed: 32, skill: () => 0.4 });
    const history = () => connection.db.select().from(agentTierChanges).orderBy(asc(agentTierChanges.userId), asc(agentTierChanges.at), asc(agentTierChanges.attemptId));
    // The rule after each counted attempt, from the whole history: the first tier, then each change.
    const expected: (typeof agentTierChanges.$inferSelect)[] = [];
    for (const agent of agents) {
      const counted = await connection.db.select().from(attempts).where(and(eq(attempts.userId, agent.id), eq(attempts.counted, true))).orderBy(asc(attempts.createdAt), asc(attempts.id));
      const summaries = counted.map((row) => summariseAttempt({ at: row.createdAt, score: row.score }));
      let previous: string | null = null;
      counted.forEach((row, i) => {
        const { tier } = tierFor({ attempts: summaries.slice(Math.max(0, i - 99), i + 1), volume: i + 1 });
        if (tier !== previous) expected.push({ attemptId: row.id, userId: agent.id, at: row.createdAt, tier });
        previous = tier;
      });
    }
    const stored = await history();
    expect(stored).toEqual(expected);
    expect(new Set(stored.map((row) => row.tier))).toEqual(new Set(["associate", "advanced"]));
    // The tier at any moment is the latest change before it.
    const promoted = stored.find((row) => row.tier === "advanced");
    if (!promoted || !agents[0] || !agents[1]) throw new Error("nobody was promoted");
    const ids = agents.map((agent) => agent.id);
    expect(await tiersAt({ db: connection.db, userIds: ids, until: promoted.at })).toEqual(new Map([[agents[0].id, "associate"], [agents[1].id, "associate"]]));
    expect((await tiersAt({ db: connection.db, userIds: ids, until: new Date(promoted.at.getTime() + 1) })).get(agents[0].id)).toBe("advanced");
    expect(await tiersAt({ db: connection.db, userIds: ids, until: new Date(Date.UTC(2026, 0, 1)) })).toEqual(new Map());
    // As on a database from before the history: nothing stored, then rebuilt.
    await connection.db.delete(agentTierChanges);
    expect((await agentsWithoutTierHistory({ db: connection.db })).sort()).toEqual([...ids].sort());
    expect(await rebuildTierHistory({ db: connection.db })).toEqual({ agents: 2, changes: expected.length });
    expect(await history()).toEqual(expected);
    expect(await agentsWithoutTierHistory({ db: connection.db })).toEqual([]);
  });

  it("the backfill migrations store what the attempts' transactions stored", async () => {
    const team = await makeTeam(connection.db);
    const agents = await Promise.all([0, 1, 2].map(() => makeUser(connection.db, { teamId: team.id, passwordHash: "x" })));
    for (const [i, agent] of agents.entries()) await practise({ userId: agent.id, count: [30, 130, 8][i] ?? 10, from: new Date(Date.UTC(2026, 5, 1 + i, 8)), seed: 20 + i, skill: (n) => (i === 2 ? 0.1 : 0.5 + n / 100) });
    const stored = async () => ({
      agents: await connection.db
        .select({ userId: users.id, reachedAt: agentRatings.proficiencyReachedAt, drills: agentRatings.proficiencyDrills, days: agentRatings.proficiencyDays, counted: agentRatings.countedAttempts, streakLastAt: agentStreaks.lastAt, streakDays: agentStreaks.days })
        .from(users)
        .leftJoin(agentRatings, eq(agentRatings.userId, users.id))
        .leftJoin(agentStreaks, eq(agentStreaks.userId, users.id))
        .where(inArray(users.id, agents.map((agent) => agent.id)))
        .orderBy(asc(users.id)),
      points: await connection.db.select().from(agentRatingPoints).orderBy(asc(agentRatingPoints.userId), asc(agentRatingPoints.seq)),
    });
    const kept = await stored();
    expect(kept.agents.filter((row) => row.reachedAt !== null).length).toBeGreaterThan(0);
    expect(kept.agents.every((row) => row.streakDays !== null)).toBe(true);
    expect(kept.points.length).toBeGreaterThan(50);
    // As on a database from before the stored state: nothing stored, then the data migrations run.
    await connection.db.update(agentRatings).set({ proficiencyReachedAt: null, proficiencyDrills: null, proficiencyDays: null, countedAttempts: 0 });
    await connection.db.delete(agentStreaks);
    await connection.db.delete(agentRatingPoints);
    for (const file of BACKFILLS) {
      for (const statement of readFileSync(`db/migrations/${file}`, "utf8").split("--> statement-breakpoint")) await connection.db.execute(sql.raw(statement));
    }
    // The streak backfill (0016) counted every calendar day, before working days: it stores no working days, so the pages recount it.
    const withoutStreakDays = ({ agents: rows, points }: Awaited<ReturnType<typeof stored>>) => ({ agents: rows.map(({ streakDays, ...row }) => row), points });
    expect(withoutStreakDays(await stored())).toEqual(withoutStreakDays(kept));
    expect(await connection.db.select({ workingDays: agentStreaks.workingDays }).from(agentStreaks)).toEqual(agents.map(() => ({ workingDays: null })));
    const latest = kept.agents.reduce((max, row) => Math.max(max, row.streakLastAt?.getTime() ?? 0), 0);
    for (const now of [new Date(latest + 1), new Date(latest + DAY)]) {
      for (const agent of agents) expect((await agentHome({ db: connection.db, userId: agent.id, teamId: team.id, now })).streak).toBe((await fullRecount({ userId: agent.id, now })).streak);
    }
  });

  it("count the streak over the team's working days, in the attempt's transaction, and follow an admin's change of them", async () => {
    const team = await makeTeam(connection.db);
    const admin = await makeUser(connection.db, { teamId: team.id, role: "admin", passwordHash: "x" });
    const agent = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    const random = seededRandom(12);
    // Thursday 7 May 2026 to Tuesday 12 May, with the weekend off and an attempt on the Saturday.
    const days = [new Date(Date.UTC(2026, 4, 7, 9)), new Date(Date.UTC(2026, 4, 8, 9)), new Date(Date.UTC(2026, 4, 9, 9)), new Date(Date.UTC(2026, 4, 11, 9)), new Date(Date.UTC(2026, 4, 12, 9))];
    const storedStreak = async () => (await connection.db.select({ days: agentStreaks.days, workingDays: agentStreaks.workingDays }).from(agentStreaks).where(eq(agentStreaks.userId, agent.id)))[0];
    const expectedDays = [1, 2, 2, 3, 4];
    for (const [i, at] of days.entries()) {
      const revision = revisions[i];
      if (!revision) throw new Error("not enough drills");
      await attempt({ userId: agent.id, revision, at, skill: 0.9, random });
      expect(await storedStreak(), `after ${at.toISOString()}`).toEqual({ days: expectedDays[i], workingDays: [1, 2, 3, 4, 5] });
    }
    const home = (now: Date) => agentHome({ db: connection.db, userId: agent.id, teamId: team.id, now });
    expect((await home(new Date(Date.UTC(2026, 4, 13, 23)))).streak).toBe(4);
    expect((await home(new Date(Date.UTC(2026, 4, 14, 0)))).streak).toBe(0);
    // The team now works every day: the weekend without a Sunday attempt breaks the run, and the Saturday counts.
    await updateTeam({ db: connection.db, actorId: admin.id, teamId: team.id, name: team.name, leaderIds: [], workingDays: [1, 2, 3, 4, 5, 6, 7] });
    const now = new Date(Date.UTC(2026, 4, 12, 18));
    expect((await home(now)).streak).toBe(2);
    expect((await home(now)).streak).toBe((await fullRecount({ userId: agent.id, now })).streak);
    expect((await home(now)).workingDays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The next attempt recounts it with the team's days and stores them.
    const next = revisions[days.length];
    if (!next) throw new Error("not enough drills");
    await attempt({ userId: agent.id, revision: next, at: new Date(Date.UTC(2026, 4, 13, 9)), skill: 0.9, random });
    expect(await storedStreak()).toEqual({ days: 3, workingDays: [1, 2, 3, 4, 5, 6, 7] });
    // No working day at all is refused, at the field.
    await expect(updateTeam({ db: connection.db, actorId: admin.id, teamId: team.id, name: team.name, leaderIds: [], workingDays: [] })).rejects.toMatchObject({ field: "workingDays" });
    await expect(updateTeam({ db: connection.db, actorId: admin.id, teamId: team.id, name: team.name, leaderIds: [], workingDays: [0, 8] })).rejects.toMatchObject({ field: "workingDays" });
  });
});
