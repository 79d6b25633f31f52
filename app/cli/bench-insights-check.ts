import { and, eq, inArray } from "drizzle-orm";
import type { Sql } from "postgres";
import type { Db } from "~/db/client.server";
import { assistEvents, assistRollups, attempts, controlRollups, flawRollups, insightRollups, teamAssistRollups, teamInsightRollups } from "~/db/schema";
import { FLAW_ROLLUP_COUNTS, flawRollupRowsOf } from "~/app/insights/flaw-rollup-rows";
import { declaredFlaws } from "~/app/insights/rollups.server";
import { isoWeekStart, ROLLUP_COUNTS, rollupRowsOf, type RollupCounts } from "~/app/insights/rollup-rows";
import { countsOfEvent, EDIT_RATIO_BUCKETS } from "~/app/production/tally";

/**
 * Checks the bulk-loaded rollups against what the app would have written: for a sample of
 * agents, every counted attempt is put through rollupRowsOf (what countIntoRollups and
 * rebuildRollups add) and every event through countsOfEvent (the production rollups' own rule), and the sums must equal the stored
 * rows exactly, key for key and count for count.
 */

function addInto(target: Map<string, number[]>, key: string, values: readonly number[]) {
  const sums = target.get(key) ?? values.map(() => 0);
  values.forEach((value, i) => (sums[i] = (sums[i] ?? 0) + value));
  target.set(key, sums);
}

function compare(what: string, expected: Map<string, number[]>, stored: Map<string, number[]>, names: readonly string[]) {
  const problems: string[] = [];
  for (const key of new Set([...expected.keys(), ...stored.keys()])) {
    const want = expected.get(key);
    const have = stored.get(key);
    if (!want || !have) {
      problems.push(`${what} ${key}: ${want ? "missing from the rollups" : "in the rollups but made by no attempt or event"}`);
      continue;
    }
    names.forEach((name, i) => {
      if (want[i] !== have[i]) problems.push(`${what} ${key} ${name}: expected ${want[i]}, stored ${have[i]}`);
    });
  }
  return problems;
}

const countsOf = (counts: RollupCounts) => ROLLUP_COUNTS.map((field) => counts[field]);

export async function checkInsightRollups({ db, userIds }: { db: Db; userIds: number[] }) {
  const expected = new Map<string, number[]>();
  const rows = await db
    .select({ teamId: attempts.teamId, userId: attempts.userId, at: attempts.createdAt, score: attempts.score, marks: attempts.marks, points: attempts.points, timeOnTaskMs: attempts.timeOnTaskMs })
    .from(attempts)
    .where(and(eq(attempts.counted, true), inArray(attempts.userId, userIds)));
  for (const row of rows) {
    const week = isoWeekStart(row.at);
    for (const rolled of rollupRowsOf(row)) addInto(expected, `team ${row.teamId} agent ${row.userId} week ${week} ${rolled.flawType}`, countsOf(rolled.counts));
  }
  const stored = new Map<string, number[]>();
  for (const row of await db.select().from(insightRollups).where(inArray(insightRollups.userId, userIds))) {
    addInto(stored, `team ${row.teamId} agent ${row.userId} week ${row.week} ${row.flawType}`, countsOf(row));
  }
  return { attempts: rows.length, rows: stored.size, problems: compare("insight rollup", expected, stored, ROLLUP_COUNTS) };
}

const ASSIST_COUNTS = ["accepted", "rejected", "editedUnknownRatio", ...Array.from({ length: EDIT_RATIO_BUCKETS }, (_, i) => `edited ${i * 5}–${i * 5 + 5} %`)];

export async function checkAssistRollups({ db, userIds }: { db: Db; userIds: number[] }) {
  const expected = new Map<string, number[]>();
  const events = await db
    .select({ teamId: assistEvents.teamId, userId: assistEvents.userId, at: assistEvents.occurredAt, action: assistEvents.action, kind: assistEvents.suggestionKind, ratio: assistEvents.editRatio })
    .from(assistEvents)
    .where(inArray(assistEvents.userId, userIds));
  for (const event of events) {
    const counts = countsOfEvent({ action: event.action, editRatio: event.ratio });
    addInto(expected, `team ${event.teamId} agent ${event.userId} week ${isoWeekStart(event.at)} kind "${event.kind ?? ""}"`, [counts.accepted, counts.rejected, counts.editedUnknownRatio, ...counts.editedByRatio]);
  }
  const stored = new Map<string, number[]>();
  for (const row of await db.select().from(assistRollups).where(inArray(assistRollups.userId, userIds))) {
    addInto(stored, `team ${row.teamId} agent ${row.userId} week ${row.week} kind "${row.suggestionKind}"`, [row.accepted, row.rejected, row.editedUnknownRatio, ...row.editedByRatio]);
  }
  return { events: events.length, rows: stored.size, problems: compare("assist rollup", expected, stored, ASSIST_COUNTS) };
}

/**
 * The team-level rollups of one team against its attempts and events, the same way: every counted
 * attempt through rollupRowsOf (the team's rows), on a clean control into its revision's control
 * row, and on a flawed draft through flawRollupRowsOf (its revision's flaw rows); every event
 * through countsOfEvent.
 */
export async function checkTeamRollups({ db, teamId }: { db: Db; teamId: number }) {
  const expected = new Map<string, number[]>();
  const controls = new Map<string, number[]>();
  const flaws = new Map<string, number[]>();
  const rows = await db
    .select({ at: attempts.createdAt, revisionId: attempts.revisionId, score: attempts.score, marks: attempts.marks, points: attempts.points, timeOnTaskMs: attempts.timeOnTaskMs })
    .from(attempts)
    .where(and(eq(attempts.counted, true), eq(attempts.teamId, teamId)));
  const declared = await declaredFlaws({ db, revisionIds: rows.map((row) => row.revisionId) });
  for (const row of rows) {
    const week = isoWeekStart(row.at);
    for (const rolled of rollupRowsOf(row)) addInto(expected, `team ${teamId} week ${week} ${rolled.flawType}`, countsOf(rolled.counts));
    if (!row.score.flawed) addInto(controls, `team ${teamId} week ${week} revision ${row.revisionId}`, [1, row.score.decision === "send" ? 0 : 1]);
    for (const flaw of flawRollupRowsOf({ score: row.score, flaws: declared.get(row.revisionId) ?? [] })) {
      addInto(flaws, `team ${teamId} week ${week} revision ${row.revisionId} flaw ${flaw.flawIndex} ${flaw.flawType}`, FLAW_ROLLUP_COUNTS.map((field) => flaw.counts[field]));
    }
  }
  const stored = new Map<string, number[]>();
  for (const row of await db.select().from(teamInsightRollups).where(eq(teamInsightRollups.teamId, teamId))) addInto(stored, `team ${teamId} week ${row.week} ${row.flawType}`, countsOf(row));
  const storedControls = new Map<string, number[]>();
  for (const row of await db.select().from(controlRollups).where(eq(controlRollups.teamId, teamId))) addInto(storedControls, `team ${teamId} week ${row.week} revision ${row.revisionId}`, [row.attempts, row.overridden]);
  const storedFlaws = new Map<string, number[]>();
  for (const row of await db.select().from(flawRollups).where(eq(flawRollups.teamId, teamId))) {
    addInto(storedFlaws, `team ${teamId} week ${row.week} revision ${row.revisionId} flaw ${row.flawIndex} ${row.flawType}`, FLAW_ROLLUP_COUNTS.map((field) => row[field]));
  }

  const expectedAssist = new Map<string, number[]>();
  const events = await db.select({ at: assistEvents.occurredAt, action: assistEvents.action, kind: assistEvents.suggestionKind, ratio: assistEvents.editRatio }).from(assistEvents).where(eq(assistEvents.teamId, teamId));
  for (const event of events) {
    const counts = countsOfEvent({ action: event.action, editRatio: event.ratio });
    addInto(expectedAssist, `team ${teamId} week ${isoWeekStart(event.at)} kind "${event.kind ?? ""}"`, [counts.accepted, counts.rejected, counts.editedUnknownRatio, ...counts.editedByRatio]);
  }
  const storedAssist = new Map<string, number[]>();
  for (const row of await db.select().from(teamAssistRollups).where(eq(teamAssistRollups.teamId, teamId))) {
    addInto(storedAssist, `team ${teamId} week ${row.week} kind "${row.suggestionKind}"`, [row.accepted, row.rejected, row.editedUnknownRatio, ...row.editedByRatio]);
  }
  return {
    attempts: rows.length,
    events: events.length,
    rows: stored.size + storedControls.size + storedFlaws.size + storedAssist.size,
    problems: [...compare("team rollup", expected, stored, ROLLUP_COUNTS), ...compare("control rollup", controls, storedControls, ["attempts", "overridden"]), ...compare("flaw rollup", flaws, storedFlaws, FLAW_ROLLUP_COUNTS), ...compare("team assist rollup", expectedAssist, storedAssist, ASSIST_COUNTS)],
  };
}

/**
 * The organisation's flaw and control rollups against the teams' summed over every team (rows
 * that differ either way), in SQL: all of them, not a sample.
 */
export async function checkOrganisationRollups(sql: Sql) {
  const flawCounts = FLAW_ROLLUP_COUNTS.map((field) => flawRollups[field].name);
  const differing = async (what: string, keys: string, counts: readonly string[], teams: string, organisation: string) => {
    const summed = `select ${keys}, ${counts.map((column) => `sum(${column})`).join(", ")} from ${teams} group by ${keys}`;
    const stored = `select ${keys}, ${counts.join(", ")} from ${organisation}`;
    const [row] = await sql.unsafe<{ n: number; rows: number }[]>(`select (select count(*)::int from ((${summed} except ${stored}) union all (${stored} except ${summed})) d) as n, (select count(*)::int from ${organisation}) as rows`);
    return { what, differing: Number(row?.n ?? 0), rows: Number(row?.rows ?? 0) };
  };
  const checks = [await differing("organisation flaw rollup", "week, revision_id, flaw_index", flawCounts, "flaw_rollups", "organisation_flaw_rollups"), await differing("organisation control rollup", "week, revision_id", ["attempts", "overridden"], "control_rollups", "organisation_control_rollups")];
  return { rows: checks.reduce((sum, check) => sum + check.rows, 0), problems: checks.filter((check) => check.differing > 0).map((check) => `${check.what}: ${check.differing} rows differ from the teams' summed`) };
}
