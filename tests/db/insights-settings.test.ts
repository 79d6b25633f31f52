import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { agentRatings, agentTierChanges, assistRollups, attempts, auditLog, drillRevisions, insightRollups, servedDrills, teamAssistRollups, teamInsightRollups } from "~/db/schema";
import { parseFilters } from "~/app/insights/filters";
import type { RollupCounts } from "~/app/insights/rollup-rows";
import { teamTable } from "~/app/insights/team-insights.server";
import { weeklyTrend } from "~/app/insights/trend.server";
import { InputError } from "~/app/input-error";
import { DEFAULT_BAND_SETTINGS } from "~/app/settings/band-settings";
import { bandsForTeams, clearTeamBands, organisationBands, saveOrganisationBands, saveTeamBands } from "~/app/settings/band-settings.server";
import type { FlawType, Tier } from "~/app/vocabulary";
import { importFixtureLibrary, useTestDatabase } from "./test-database";

const connection = useTestDatabase();

// A Wednesday; its ISO week starts on 2026-11-23.
const NOW = new Date("2026-11-25T12:00:00Z");
const DEFAULTS = { low: 5, high: 30, minDecisions: 20, lightEdit: 20 };

async function organisation() {
  const db = connection.db;
  const alpha = await makeTeam(db, { name: "Alpha" });
  const bravo = await makeTeam(db, { name: "Bravo" });
  const charlie = await makeTeam(db, { name: "Charlie" });
  const leader = await makeUser(db, { teamId: alpha.id, passwordHash: "x", role: "leader", leads: [alpha.id, bravo.id] });
  const admin = await makeUser(db, { teamId: charlie.id, passwordHash: "x", role: "admin" });
  const ann = await makeUser(db, { teamId: alpha.id, passwordHash: "x" });
  const bob = await makeUser(db, { teamId: bravo.id, passwordHash: "x" });
  return { alpha, bravo, charlie, leader: { id: leader.id, role: leader.role }, admin: { id: admin.id, role: admin.role }, ann, bob };
}

/** A week of one agent's first attempts: `decisions` drafts, all flawed, `overrides` of them overridden. */
async function week({ teamId, userId, week, decisions, overrides, flawType = "all" }: { teamId: number; userId: number; week: string; decisions: number; overrides: number; flawType?: FlawType | "all" }) {
  const counts: Partial<RollupCounts> = { attempts: decisions, flawedDrafts: decisions, hits: overrides, misses: decisions - overrides, planted: decisions, caught: overrides };
  await connection.db.insert(insightRollups).values({ teamId, userId, week, flawType, ...counts });
  // The team's row of the same week adds them, as countIntoRollups does.
  const add = Object.fromEntries(Object.keys(counts).map((field) => [field, sql`${teamInsightRollups[field as keyof RollupCounts]} + excluded.${sql.identifier(teamInsightRollups[field as keyof RollupCounts].name)}`]));
  await connection.db
    .insert(teamInsightRollups)
    .values({ teamId, week, flawType, ...counts })
    .onConflictDoUpdate({ target: [teamInsightRollups.teamId, teamInsightRollups.week, teamInsightRollups.flawType], set: add });
}

const table = async (teams: { id: number; name: string }[], query = "") => {
  const { range, filters } = parseFilters(new URLSearchParams(query), NOW);
  return teamTable({ db: connection.db, teams, range, flawType: filters.flawType });
};

async function refused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  return error instanceof InputError ? { field: error.field, status: error.status } : error;
}

describe("insights windows", () => {
  it("count the whole ISO weeks a window covers, and only those", async () => {
    const org = await organisation();
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-23", decisions: 4, overrides: 1 });
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-02", decisions: 8, overrides: 2 });
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-09-07", decisions: 16, overrides: 4 });
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2025-11-24", decisions: 32, overrides: 8 });
    const attemptsIn = async (query: string) => (await table([org.alpha], query))[0]?.figures.attempts;
    expect(await attemptsIn("window=7")).toBe(4);
    expect(await attemptsIn("window=30")).toBe(12);
    expect(await attemptsIn("window=90")).toBe(28);
    expect(await attemptsIn("window=custom&from=2025-11-01&to=2025-12-31")).toBe(32);
    expect(await attemptsIn("window=custom&from=2026-11-03&to=2026-11-03")).toBe(8);

    const { range } = parseFilters(new URLSearchParams("window=30"), NOW);
    const trend = await weeklyTrend({ db: connection.db, teamIds: [org.alpha.id], range, flawType: null, settings: DEFAULT_BAND_SETTINGS });
    expect(trend.map((row) => [row.week, row.attempts])).toEqual([
      ["2026-10-26", 0],
      ["2026-11-02", 8],
      ["2026-11-09", 0],
      ["2026-11-16", 0],
      ["2026-11-23", 4],
    ]);
    expect(trend[1]?.override.rate).toBe(0.25);
  });

  it("narrow to a flaw type's rows, and to the teams asked for", async () => {
    const org = await organisation();
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-23", decisions: 10, overrides: 5 });
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-23", decisions: 3, overrides: 3, flawType: "tone" });
    await week({ teamId: org.bravo.id, userId: org.bob.id, week: "2026-11-23", decisions: 6, overrides: 0 });
    const [alpha] = await table([org.alpha], "window=7&type=tone");
    expect(alpha?.figures.attempts).toBe(3);
    expect(alpha?.figures.spottingByType.tone.rate).toBe(1);
    const both = await table([org.alpha, org.bravo]);
    expect(both.map((row) => [row.name, row.figures.attempts, row.activeAgents])).toEqual([
      ["Alpha", 10, 1],
      ["Bravo", 6, 1],
    ]);
  });
});

describe("tiers and time to proficiency", () => {
  /** A tier change after a stored attempt of the agent's at `at` (the history's rows name the attempt that changed the tier). */
  async function tierChange(userId: number, teamId: number, at: string, tier: Tier) {
    const db = connection.db;
    const [revision] = await db.select().from(drillRevisions).limit(1);
    if (!revision) throw new Error("no drill");
    const [served] = await db.insert(servedDrills).values({ userId, drillId: revision.drillId, revisionId: revision.id, reason: "practice", isControl: false, servedAt: new Date(at), closedAt: new Date(at) }).returning();
    if (!served) throw new Error("not served");
    const score = { counts: {} } as unknown as typeof attempts.$inferInsert.score;
    const [attempt] = await db
      .insert(attempts)
      .values({ clientId: randomUUID(), userId, drillId: revision.drillId, revisionId: revision.id, servedId: served.id, teamId, decision: "send", marks: [], timeOnTaskMs: 1, score, flawed: true, outcome: "miss", points: 0, gameScore: 0, agentRating: 1500, agentRatingDelta: 0, counted: false, createdAt: new Date(at) })
      .returning();
    if (!attempt) throw new Error("no attempt");
    await db.insert(agentTierChanges).values({ attemptId: attempt.id, userId, at: new Date(at), tier });
  }

  it("come from each active agent's stored tier history and stored proficiency, as of the window's end", async () => {
    await importFixtureLibrary(connection);
    const org = await organisation();
    const db = connection.db;
    const amy = await makeUser(db, { teamId: org.alpha.id, passwordHash: "x" });
    const max = await makeUser(db, { teamId: org.alpha.id, passwordHash: "x" });
    for (const user of [org.ann, amy, max]) await week({ teamId: org.alpha.id, userId: user.id, week: "2026-11-23", decisions: 3, overrides: 0 });
    // Ann reached Advanced on 9 November; Max reached it in October and fell back this week.
    await tierChange(org.ann.id, org.alpha.id, "2026-10-20T09:00:00Z", "associate");
    await tierChange(org.ann.id, org.alpha.id, "2026-11-09T09:00:00Z", "advanced");
    await tierChange(max.id, org.alpha.id, "2026-09-01T09:00:00Z", "associate");
    await tierChange(max.id, org.alpha.id, "2026-10-01T09:00:00Z", "advanced");
    await tierChange(max.id, org.alpha.id, "2026-11-24T09:00:00Z", "associate");
    const rating = { rating: 1500, rd: 200, volatility: 0.06 };
    await db.insert(agentRatings).values([
      { userId: org.ann.id, ...rating, proficiencyReachedAt: new Date("2026-11-10T10:00:00Z"), proficiencyDrills: 24, proficiencyDays: 15 },
      { userId: amy.id, ...rating },
    ]);
    const [alpha] = await table([org.alpha], "window=7");
    expect(alpha?.activeAgents).toBe(3);
    expect(alpha?.tiers).toEqual({ associate: 2, advanced: 1, specialist: 0, coach: 0 });
    expect(alpha?.proficiency).toEqual({ proficient: 1, agents: 3, medianDays: 15, medianDrills: 24 });

    // A window ending before Ann got there and before Max fell back; no proficiency yet.
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-02", decisions: 3, overrides: 0 });
    await week({ teamId: org.alpha.id, userId: max.id, week: "2026-11-02", decisions: 3, overrides: 0 });
    const [earlier] = await table([org.alpha], "window=custom&from=2026-11-03&to=2026-11-08");
    expect(earlier?.tiers).toEqual({ associate: 1, advanced: 1, specialist: 0, coach: 0 });
    expect(earlier?.proficiency).toEqual({ proficient: 0, agents: 2, medianDays: null, medianDrills: null });
  });
});

describe("band settings", () => {
  it("are validated at their fields", async () => {
    const org = await organisation();
    const db = connection.db;
    expect(await refused(saveOrganisationBands({ db, actorId: org.admin.id, values: { ...DEFAULTS, low: 40 } }))).toEqual({ field: "high", status: 400 });
    expect(await refused(saveOrganisationBands({ db, actorId: org.admin.id, values: { ...DEFAULTS, high: 120 } }))).toEqual({ field: "high", status: 400 });
    expect(await refused(saveOrganisationBands({ db, actorId: org.admin.id, values: { ...DEFAULTS, minDecisions: 0 } }))).toEqual({ field: "minDecisions", status: 400 });
    expect(await refused(saveTeamBands({ db, viewer: org.leader, teamId: org.alpha.id, values: { ...DEFAULTS, lightEdit: 12 } }))).toEqual({ field: "lightEdit", status: 400 });
    expect((await organisationBands({ db })).source).toBe("built-in");
  });

  it("take a team's override over the organisation's defaults over the built-in ones, audited", async () => {
    const org = await organisation();
    const db = connection.db;
    const bands = async () => {
      const of = await bandsForTeams({ db, teamIds: [org.alpha.id, org.bravo.id] });
      return [of(org.alpha.id), of(org.bravo.id)].map((effective) => [effective.source, effective.settings.high, effective.settings.minDecisions]);
    };
    expect(await bands()).toEqual([
      ["built-in", 0.3, 20],
      ["built-in", 0.3, 20],
    ]);
    await saveOrganisationBands({ db, actorId: org.admin.id, values: { ...DEFAULTS, high: 40 } });
    await saveTeamBands({ db, viewer: org.leader, teamId: org.alpha.id, values: { ...DEFAULTS, high: 50, minDecisions: 5 } });
    expect(await bands()).toEqual([
      ["team", 0.5, 5],
      ["organisation", 0.4, 20],
    ]);
    // A leader cannot set the bands of a team they do not lead.
    expect(await refused(saveTeamBands({ db, viewer: org.leader, teamId: org.charlie.id, values: DEFAULTS }))).toEqual({ field: null, status: 404 });
    expect(await refused(clearTeamBands({ db, viewer: org.leader, teamId: org.charlie.id }))).toEqual({ field: null, status: 404 });
    await clearTeamBands({ db, viewer: org.leader, teamId: org.alpha.id });
    expect(await bands()).toEqual([
      ["organisation", 0.4, 20],
      ["organisation", 0.4, 20],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetType, "settings")).orderBy(auditLog.id);
    expect(audit.map((entry) => [entry.action, entry.actorId, entry.targetId])).toEqual([
      ["settings.bands.update", org.admin.id, "bands"],
      ["settings.bands.update", org.leader.id, `bands:team:${org.alpha.id}`],
      ["settings.bands.clear", org.leader.id, `bands:team:${org.alpha.id}`],
    ]);
    expect(audit[2]?.details).toMatchObject({ before: { high: 0.5, minDecisions: 5 }, after: null });
  });

  it("move the bands when they change", async () => {
    const org = await organisation();
    const db = connection.db;
    await week({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-23", decisions: 20, overrides: 7 });
    await week({ teamId: org.bravo.id, userId: org.bob.id, week: "2026-11-23", decisions: 20, overrides: 0 });
    const bandsNow = async () => (await table([org.alpha, org.bravo], "window=7")).map((row) => row.figures.band.band);
    expect(await bandsNow()).toEqual(["distrust", "blind_acceptance_risk"]);
    await saveTeamBands({ db, viewer: org.leader, teamId: org.alpha.id, values: { ...DEFAULTS, high: 40 } });
    expect(await bandsNow()).toEqual(["calibrated", "blind_acceptance_risk"]);
    await saveOrganisationBands({ db, actorId: org.admin.id, values: { ...DEFAULTS, minDecisions: 25 } });
    // Alpha keeps its own minimum of 20; Bravo follows the organisation's new 25.
    expect(await bandsNow()).toEqual(["calibrated", "not_enough_data"]);
    await saveOrganisationBands({ db, actorId: org.admin.id, values: { ...DEFAULTS, low: 0 } });
    expect(await bandsNow()).toEqual(["calibrated", "calibrated"]);
  });

  it("put the production band beside the drill band, with the team's light-edit threshold", async () => {
    const org = await organisation();
    const db = connection.db;
    // 10 accepted, 10 edits of 10–15 %, 1 rejected.
    const editedByRatio = Array.from({ length: 20 }, (_, bucket) => (bucket === 2 ? 10 : 0));
    await db.insert(assistRollups).values({ teamId: org.alpha.id, userId: org.ann.id, week: "2026-11-23", suggestionKind: "reply", accepted: 10, rejected: 1, editedUnknownRatio: 0, editedByRatio });
    await db.insert(teamAssistRollups).values({ teamId: org.alpha.id, week: "2026-11-23", suggestionKind: "reply", accepted: 10, rejected: 1, editedUnknownRatio: 0, editedByRatio });
    const production = async () => (await table([org.alpha, org.bravo], "window=7")).map((row) => (row.production ? [row.production.override.rate, row.production.band.band] : null));
    expect(await production()).toEqual([[1 / 21, "blind_acceptance_risk"], null]);
    await saveTeamBands({ db, viewer: org.leader, teamId: org.alpha.id, values: { ...DEFAULTS, lightEdit: 10 } });
    expect(await production()).toEqual([[11 / 21, "distrust"], null]);
  });
});
