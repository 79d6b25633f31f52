import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openPostgres, type Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { attempts, controlRollups, drillItemRollups, flawRollups, insightRollups, organisationControlRollups, organisationFlawRollups, servedDrills, teamInsightRollups, users } from "~/db/schema";
import { acceptedTypes } from "~/app/content/accepted-types";
import { FLAW_ROLLUP_COUNTS, MISTYPED_AS } from "~/app/insights/flaw-rollup-rows";
import { isoWeekStart, ROLLUP_COUNTS } from "~/app/insights/rollup-rows";
import { loadRevision } from "~/app/drills/drills.server";
import { rebuildRollups, rollupsMissing } from "~/app/insights/rollups.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import { seededRandom } from "~/app/practice/seeded-random";
import { serveNextDrill } from "~/app/practice/serve.server";
import type { Mark } from "~/app/practice/types";
import { DECISIONS, FLAW_TYPES } from "~/app/vocabulary";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

type Pick = <T>(items: readonly T[]) => T;

/** A random but plausible answer to one served drill: marks on and off the flaws, any decision, rewrites good and useless. */
async function randomAnswer({ db, revisionId, random }: { db: Connection["db"]; revisionId: number; random: () => number }) {
  const revision = await loadRevision({ db, revisionId });
  if (!revision) throw new Error("no revision");
  const { draft, flaws } = revision.drill;
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  const marks: Mark[] = [];
  for (const flaw of flaws) if (random() < 0.7) marks.push({ start: flaw.start, end: flaw.end, type: random() < 0.8 ? flaw.type : pick(FLAW_TYPES) });
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    const start = Math.floor(random() * (draft.length - 5));
    marks.push({ start, end: start + 1 + Math.floor(random() * 4), type: pick(FLAW_TYPES) });
  }
  const decision = pick(DECISIONS);
  return {
    clientId: randomUUID(),
    revisionId,
    marks,
    decision,
    rewrite: decision === "rewrite" ? pick([draft, "ok", flaws.reduceRight((text, flaw) => text.slice(0, flaw.start) + text.slice(flaw.end), draft)]) : undefined,
    escalationReason: decision === "escalate" ? "Needs a specialist." : undefined,
    timeOnTaskMs: Math.floor(random() * 120_000),
  };
}

/** Agents practising at random: new drills, repeats after the answer (not counted), a move to another team midway. */
async function practise({ db, agents, rounds, seed, from }: { db: Connection["db"]; agents: { id: number; teamId: number }[]; rounds: number; seed: number; from: Date }) {
  const random = seededRandom(seed);
  const hour = 60 * 60 * 1000;
  let at = from.getTime();
  for (let round = 0; round < rounds; round++) {
    const agent = agents[round % agents.length];
    if (!agent) continue;
    // Time moves on, across several ISO weeks.
    at += Math.floor(1 + random() * 30) * hour;
    const now = new Date(at);
    let served = await serveNextDrill({ db, userId: agent.id, teamId: agent.teamId, random, now });
    if (random() < 0.2) {
      // A repeat of a drill already answered (a due review): it must not count.
      const [done] = await db.select().from(attempts).where(eq(attempts.userId, agent.id)).limit(1);
      if (done && served) {
        await db.update(servedDrills).set({ closedAt: now }).where(eq(servedDrills.id, served.id));
        const [repeat] = await db.insert(servedDrills).values({ userId: agent.id, drillId: done.drillId, revisionId: done.revisionId, reason: "review", isControl: !done.flawed, servedAt: now }).returning();
        served = repeat ?? null;
      }
    }
    if (!served) continue;
    await submitAttempt({ db, userId: agent.id, servedId: served.id, form: await randomAnswer({ db, revisionId: served.revisionId, random }), now });
  }
}

async function rollups(db: Connection["db"]) {
  return db.select().from(insightRollups).orderBy(asc(insightRollups.teamId), asc(insightRollups.userId), asc(insightRollups.week), asc(insightRollups.flawType));
}

/** Every rollup table: the agents', the teams', the clean controls' and the planted flaws' (per team and over the organisation). */
async function allRollups(db: Connection["db"]) {
  // Its sums of ratings are floats, added in another order by a rebuild: equal to a millionth.
  const drillItems = (await db.select().from(drillItemRollups).orderBy(asc(drillItemRollups.drillId))).map((row) => ({
    ...row,
    ...Object.fromEntries((["ratingSum", "ratingSquareSum", "rightRatingSum", "lowestRating", "highestRating"] as const).map((field) => [field, Math.round(row[field] * 1e6) / 1e6])),
  }));
  return {
    drillItems,
    organisationControls: await db.select().from(organisationControlRollups).orderBy(asc(organisationControlRollups.week), asc(organisationControlRollups.revisionId)),
    organisationFlaws: await db.select().from(organisationFlawRollups).orderBy(asc(organisationFlawRollups.week), asc(organisationFlawRollups.revisionId), asc(organisationFlawRollups.flawIndex)),
    agents: await rollups(db),
    teams: await db.select().from(teamInsightRollups).orderBy(asc(teamInsightRollups.teamId), asc(teamInsightRollups.week), asc(teamInsightRollups.flawType)),
    controls: await db.select().from(controlRollups).orderBy(asc(controlRollups.teamId), asc(controlRollups.week), asc(controlRollups.revisionId)),
    flaws: await db.select().from(flawRollups).orderBy(asc(flawRollups.teamId), asc(flawRollups.week), asc(flawRollups.revisionId), asc(flawRollups.flawIndex)),
  };
}

/** The team rollups as the agents' rows summed per team × week × flaw type. */
function teamSums(agentRows: Awaited<ReturnType<typeof rollups>>) {
  const sums = new Map<string, Record<string, number | string>>();
  for (const row of agentRows) {
    const key = `${row.teamId}|${row.week}|${row.flawType}`;
    const sum = sums.get(key) ?? { teamId: row.teamId, week: row.week, flawType: row.flawType, ...Object.fromEntries(ROLLUP_COUNTS.map((field) => [field, 0])) };
    for (const field of ROLLUP_COUNTS) sum[field] = Number(sum[field]) + row[field];
    sums.set(key, sum);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, sum]) => sum);
}

/** The control rollups recounted from the counted attempts on clean drafts. */
async function controlRecount(db: Connection["db"]) {
  const clean = await db.select().from(attempts).where(and(eq(attempts.counted, true), eq(attempts.flawed, false)));
  const rows = new Map<string, { teamId: number; week: string; revisionId: number; drillId: string; attempts: number; overridden: number }>();
  for (const attempt of clean) {
    const week = isoWeekStart(attempt.createdAt);
    const key = `${attempt.teamId}|${week}|${attempt.revisionId}`;
    const row = rows.get(key) ?? { teamId: attempt.teamId, week, revisionId: attempt.revisionId, drillId: attempt.drillId, attempts: 0, overridden: 0 };
    row.attempts += 1;
    if (attempt.decision !== "send") row.overridden += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.teamId - b.teamId || a.week.localeCompare(b.week) || a.revisionId - b.revisionId);
}

/** The flaw rollups recounted from the counted attempts' scored flaws and their revisions' accepted types. */
async function flawRecount(db: Connection["db"]) {
  const flawed = await db.select().from(attempts).where(and(eq(attempts.counted, true), eq(attempts.flawed, true)));
  const rows = new Map<string, Record<string, number | string>>();
  for (const attempt of flawed) {
    const revision = await loadRevision({ db, revisionId: attempt.revisionId });
    if (!revision) throw new Error("no revision");
    const week = isoWeekStart(attempt.createdAt);
    for (const flaw of attempt.score.flaws) {
      const key = `${attempt.teamId}|${week}|${String(attempt.revisionId).padStart(6, "0")}|${String(flaw.index).padStart(3, "0")}`;
      const row = rows.get(key) ?? { teamId: attempt.teamId, week, revisionId: attempt.revisionId, flawIndex: flaw.index, drillId: attempt.drillId, flawType: flaw.type, ...Object.fromEntries(FLAW_ROLLUP_COUNTS.map((field) => [field, 0])) };
      const add = (field: (typeof FLAW_ROLLUP_COUNTS)[number]) => (row[field] = Number(row[field]) + 1);
      add("planted");
      if (flaw.status === "missed") add("missed");
      else add("caught");
      if (flaw.status === "caught") add("correctlyTyped");
      const declared = revision.drill.flaws[flaw.index];
      if (!declared) throw new Error("a scored flaw the revision does not have");
      for (const type of FLAW_TYPES) if (flaw.markedAs.includes(type) && !acceptedTypes(declared).has(type)) add(MISTYPED_AS[type]);
      rows.set(key, row);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
}

/** Rows summed over their teams: what the organisation's rollup of a team rollup holds. */
function overTeams<Row extends { teamId: number; week: string; revisionId: number }>(rows: readonly Row[], keyOf: (row: Row) => string, counts: readonly (keyof Row & string)[]) {
  const sums = new Map<string, Record<string, unknown>>();
  for (const { teamId: _team, ...row } of rows) {
    const key = keyOf(row as unknown as Row);
    const sum = sums.get(key);
    if (!sum) sums.set(key, { ...row });
    else for (const field of counts) sum[field] = Number(sum[field]) + Number(row[field as keyof typeof row]);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, sum]) => sum);
}

/** The team, control and flaw rollups agree with the agents' rows and the attempts they count, and the organisation's with the teams'. */
async function expectTeamAndControlRollups(db: Connection["db"]) {
  const { agents, teams, controls, flaws, organisationControls, organisationFlaws, drillItems } = await allRollups(db);
  const perDrill = new Map<string, [number, number]>();
  for (const attempt of await db.select().from(attempts).where(eq(attempts.counted, true))) {
    const [n, right] = perDrill.get(attempt.drillId) ?? [0, 0];
    perDrill.set(attempt.drillId, [n + 1, right + (attempt.outcome === "hit" || attempt.outcome === "correct_rejection" ? 1 : 0)]);
  }
  expect(drillItems.map((row) => [row.drillId, row.attempts, row.rightDecisions])).toEqual([...perDrill].sort(([a], [b]) => a.localeCompare(b)).map(([drillId, [n, right]]) => [drillId, n, right]));
  const revisionWeek = (row: { week: string; revisionId: number }) => `${row.week}|${String(row.revisionId).padStart(6, "0")}`;
  expect(organisationControls).toEqual(overTeams(controls, revisionWeek, ["attempts", "overridden"]));
  expect(organisationFlaws).toEqual(overTeams(flaws, (row) => `${revisionWeek(row)}|${String(row.flawIndex).padStart(3, "0")}`, [...FLAW_ROLLUP_COUNTS]));
  const byKey = (rows: readonly Record<string, unknown>[]) => [...rows].sort((a, b) => `${a.teamId}|${a.week}|${a.flawType}`.localeCompare(`${b.teamId}|${b.week}|${b.flawType}`));
  expect(byKey(teams)).toEqual(teamSums(agents));
  expect(controls).toEqual(await controlRecount(db));
  expect(controls.length).toBeGreaterThan(0);
  const flawKey = (row: { teamId: number; week: string; revisionId: number; flawIndex: number }) => `${row.teamId}|${row.week}|${String(row.revisionId).padStart(6, "0")}|${String(row.flawIndex).padStart(3, "0")}`;
  expect([...flaws].sort((a, b) => flawKey(a).localeCompare(flawKey(b)))).toEqual(await flawRecount(db));
  // The flaws' planted counts are the type rows' (summed over agents), and both outcomes occurred.
  const plantedByType = (type: string) => flaws.filter((row) => row.flawType === type).reduce((sum, row) => sum + row.planted, 0);
  for (const type of FLAW_TYPES) expect(plantedByType(type)).toBe(agents.filter((row) => row.flawType === type).reduce((sum, row) => sum + row.planted, 0));
  expect(flaws.some((row) => row.missed > 0)).toBe(true);
  expect(flaws.some((row) => row.caught > 0)).toBe(true);
}

describe("insight rollups (agents', teams', clean controls', planted flaws')", () => {
  it("equal a rebuild from the attempts after a random sequence of attempts", async () => {
    const alpha = await makeTeam(connection.db, { name: "Alpha" });
    const bravo = await makeTeam(connection.db, { name: "Bravo" });
    const agents = await Promise.all([alpha.id, alpha.id, bravo.id].map(async (teamId) => ({ id: (await makeUser(connection.db, { teamId, passwordHash: "x" })).id, teamId })));
    await practise({ db: connection.db, agents, rounds: 6, seed: 7, from: new Date("2026-11-02T08:00:00Z") });
    // One agent moves team: their next attempts count for the new team, the old ones stay.
    const mover = agents[0];
    if (!mover) throw new Error("no agents");
    await connection.db.update(users).set({ teamId: bravo.id }).where(eq(users.id, mover.id));
    mover.teamId = bravo.id;
    await practise({ db: connection.db, agents, rounds: 30, seed: 8, from: new Date("2026-12-20T08:00:00Z") });

    const incremental = await rollups(connection.db);
    expect(incremental.length).toBeGreaterThan(5);
    expect(new Set(incremental.filter((r) => r.userId === mover.id).map((r) => r.teamId))).toEqual(new Set([alpha.id, bravo.id]));
    const counted = await connection.db.select().from(attempts).where(eq(attempts.counted, true));
    const allRows = incremental.filter((r) => r.flawType === "all");
    expect(allRows.reduce((sum, r) => sum + r.attempts, 0)).toBe(counted.length);
    expect(allRows.reduce((sum, r) => sum + r.points, 0)).toBe(counted.reduce((sum, a) => sum + a.points, 0));

    await expectTeamAndControlRollups(connection.db);
    const { controls, organisationFlaws } = await allRollups(connection.db);
    // Two teams met the same flaw in the same week: the organisation's row is fewer than the teams'.
    expect(organisationFlaws.length).toBeLessThan((await allRollups(connection.db)).flaws.length);
    // Both kinds of answer to a clean control were given: overridden and sent.
    expect(controls.some((row) => row.overridden > 0)).toBe(true);
    expect(controls.some((row) => row.overridden < row.attempts)).toBe(true);
    // Some flaw was caught with a type it does not accept.
    const { flaws } = await allRollups(connection.db);
    expect(flaws.some((row) => FLAW_TYPES.some((type) => row[MISTYPED_AS[type]] > 0))).toBe(true);

    const before = await allRollups(connection.db);
    const rebuilt = await rebuildRollups({ db: connection.db });
    expect(rebuilt.attempts).toBe(counted.length);
    expect(await allRollups(connection.db)).toEqual(before);

    // A database from before the flaw rollups: the start command's check asks for a rebuild.
    expect(await rollupsMissing({ db: connection.db })).toBe(false);
    await connection.db.delete(flawRollups);
    expect(await rollupsMissing({ db: connection.db })).toBe(true);
  });

  it("are filled in for a database from before the organisation and drill item rollups by their backfill migrations", async () => {
    const team = await makeTeam(connection.db);
    const others = await makeTeam(connection.db);
    const agents = await Promise.all([team.id, others.id, others.id].map(async (teamId) => ({ id: (await makeUser(connection.db, { teamId, passwordHash: "x" })).id, teamId })));
    await practise({ db: connection.db, agents, rounds: 12, seed: 21, from: new Date("2026-11-02T08:00:00Z") });
    const before = await allRollups(connection.db);
    expect(before.organisationFlaws.length).toBeGreaterThan(0);
    expect(before.drillItems.length).toBeGreaterThan(0);
    await connection.db.delete(organisationFlawRollups);
    await connection.db.delete(organisationControlRollups);
    await connection.db.delete(drillItemRollups);
    const backfill = ["0035_backfill_organisation_rollups", "0037_backfill_drill_item_rollups"].flatMap((name) => readFileSync(`db/migrations/${name}.sql`, "utf8").split("--> statement-breakpoint"));
    for (const statement of backfill) await connection.db.execute(sql.raw(statement));
    expect(await allRollups(connection.db)).toEqual(before);
    // Run again over rows already there, it adds nothing.
    for (const statement of backfill) await connection.db.execute(sql.raw(statement));
    expect(await allRollups(connection.db)).toEqual(before);
  });

  it("stay exact with two app instances writing at once", async () => {
    const team = await makeTeam(connection.db);
    const agents = await Promise.all(Array.from({ length: 6 }, async () => ({ id: (await makeUser(connection.db, { teamId: team.id, passwordHash: "x" })).id, teamId: team.id })));
    // On PostgreSQL the second instance is a pool of its own on the same database; PGlite is one connection, shared.
    const second = connection.url ? openPostgres(connection.url, { max: 5 }) : connection;
    try {
      await Promise.all([
        practise({ db: connection.db, agents: agents.slice(0, 3), rounds: 24, seed: 11, from: new Date("2026-11-02T08:00:00Z") }),
        practise({ db: second.db, agents: agents.slice(3), rounds: 24, seed: 12, from: new Date("2026-11-02T08:00:00Z") }),
      ]);
    } finally {
      if (second !== connection) await second.close();
    }
    const incremental = await allRollups(connection.db);
    await expectTeamAndControlRollups(connection.db);
    await rebuildRollups({ db: connection.db });
    expect(await allRollups(connection.db)).toEqual(incremental);
  });
});
