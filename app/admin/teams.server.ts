import { asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { teamLeaders, teams, users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { validPracticeLanguages } from "~/app/practice/languages.server";
import { DEFAULT_WORKING_DAYS, isWeekday, WEEKDAYS, type Weekday } from "~/app/vocabulary";
import { CHOOSE_WORKING_DAY } from "./team-schema";

/** A team's working days, in week order without repeats; at least one (a day streak needs a day to count). */
function validWorkingDays(days: readonly number[], field: string): Weekday[] {
  if (!days.every(isWeekday)) throw new InputError(field, "Choose days from the list.");
  const chosen = WEEKDAYS.filter((day) => days.includes(day));
  if (chosen.length === 0) throw new InputError(field, CHOOSE_WORKING_DAY);
  return chosen;
}

export async function listTeams({ db }: { db: Db }) {
  const rows = await db.select().from(teams).orderBy(asc(teams.name));
  const leaders = await db
    .select({ teamId: teamLeaders.teamId, userId: users.id, name: users.name, email: users.email })
    .from(teamLeaders)
    .innerJoin(users, eq(users.id, teamLeaders.userId))
    .orderBy(asc(users.name));
  const members = await db.select({ teamId: users.teamId, members: count() }).from(users).groupBy(users.teamId);
  return rows.map((team) => ({
    ...team,
    leaders: leaders.filter((l) => l.teamId === team.id),
    memberCount: members.find((m) => m.teamId === team.id)?.members ?? 0,
  }));
}

export async function getTeam({ db, teamId }: { db: Db; teamId: number }) {
  const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
  if (!team) return null;
  const leaderRows = await db.select({ userId: teamLeaders.userId }).from(teamLeaders).where(eq(teamLeaders.teamId, teamId));
  return { ...team, leaderIds: leaderRows.map((l) => l.userId) };
}

async function assertNameFree(db: Db, name: string, exceptId?: number) {
  const [clash] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, name));
  if (clash && clash.id !== exceptId) throw new InputError("name", `A team named "${name}" already exists.`);
}

async function assertLeaders(db: Db, leaderIds: number[]) {
  if (leaderIds.length === 0) return;
  const rows = await db.select({ id: users.id, role: users.role, name: users.name }).from(users).where(inArray(users.id, leaderIds));
  const missing = leaderIds.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw new InputError("leaderIds", `Unknown user id ${missing.join(", ")}.`);
  const notLeaders = rows.filter((r) => r.role !== "leader");
  if (notLeaders.length > 0) {
    throw new InputError("leaderIds", `Only users with the leader role can lead a team: ${notLeaders.map((r) => r.name).join(", ")}.`);
  }
}

export async function createTeam({
  db,
  actorId,
  name,
  leaderIds,
  practiceLanguages = ["en"],
  workingDays = DEFAULT_WORKING_DAYS,
}: {
  db: Db;
  actorId: number | null;
  name: string;
  leaderIds: number[];
  practiceLanguages?: readonly string[];
  workingDays?: readonly number[];
}) {
  const languages = validPracticeLanguages(practiceLanguages, "practiceLanguages");
  const days = validWorkingDays(workingDays, "workingDays");
  return db.transaction(async (tx) => {
    await assertNameFree(tx, name);
    await assertLeaders(tx, leaderIds);
    const [team] = await tx.insert(teams).values({ name, practiceLanguages: languages, workingDays: days }).returning();
    if (!team) throw new Error("team insert returned nothing");
    if (leaderIds.length > 0) await tx.insert(teamLeaders).values(leaderIds.map((userId) => ({ teamId: team.id, userId })));
    await recordAudit(tx, { actorId, action: "team.create", targetType: "team", targetId: team.id, details: { name, leaderIds, practiceLanguages: languages, workingDays: days } });
    return team;
  });
}

export async function updateTeam({
  db,
  actorId,
  teamId,
  name,
  leaderIds,
  practiceLanguages,
  workingDays,
}: {
  db: Db;
  actorId: number | null;
  teamId: number;
  name: string;
  leaderIds: number[];
  /** The team's default practice languages; undefined leaves them as they are. */
  practiceLanguages?: readonly string[];
  /** The team's working days; undefined leaves them as they are. Agents' stored streaks counted with other days are recounted when next read. */
  workingDays?: readonly number[];
}) {
  const languages = practiceLanguages === undefined ? undefined : validPracticeLanguages(practiceLanguages, "practiceLanguages");
  const days = workingDays === undefined ? undefined : validWorkingDays(workingDays, "workingDays");
  return db.transaction(async (tx) => {
    const before = await getTeam({ db: tx, teamId });
    if (!before) throw new InputError("name", "This team no longer exists.");
    await assertNameFree(tx, name, teamId);
    await assertLeaders(tx, leaderIds);
    await tx
      .update(teams)
      .set({ name, ...(languages ? { practiceLanguages: languages } : {}), ...(days ? { workingDays: days } : {}) })
      .where(eq(teams.id, teamId));
    await tx.delete(teamLeaders).where(eq(teamLeaders.teamId, teamId));
    if (leaderIds.length > 0) await tx.insert(teamLeaders).values(leaderIds.map((userId) => ({ teamId, userId })));
    await recordAudit(tx, {
      actorId,
      action: "team.update",
      targetType: "team",
      targetId: teamId,
      details: {
        before: { name: before.name, leaderIds: before.leaderIds, practiceLanguages: before.practiceLanguages, workingDays: before.workingDays },
        after: { name, leaderIds, practiceLanguages: languages ?? before.practiceLanguages, workingDays: days ?? before.workingDays },
      },
    });
  });
}
