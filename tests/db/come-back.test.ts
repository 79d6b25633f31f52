import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, teams } from "~/db/schema";
import { createTeam, getTeam, updateTeam } from "~/app/admin/teams.server";
import { WEEKLY_GOAL } from "~/app/practice/weekly-goal";
import { setWeeklyGoal, weeklyGoalOf } from "~/app/practice/weekly-goal.server";
import { agentHome } from "~/app/practice/progress.server";
import { useTestDatabase } from "./test-database";

/** Issue 16, item 10: the agent's weekly goal and the team's working days, as stored and refused. */

const connection = useTestDatabase();

describe("the weekly goal", () => {
  it("starts at the default, is the agent's own to set (audited), and refuses what is not a whole number from 1 to 200, at the field", async () => {
    const team = await makeTeam(connection.db);
    const agent = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    const other = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    expect(await weeklyGoalOf({ db: connection.db, userId: agent.id })).toBe(WEEKLY_GOAL.default);
    await setWeeklyGoal({ db: connection.db, userId: agent.id, goal: 15 });
    expect(await weeklyGoalOf({ db: connection.db, userId: agent.id })).toBe(15);
    expect(await weeklyGoalOf({ db: connection.db, userId: other.id })).toBe(WEEKLY_GOAL.default);
    const home = await agentHome({ db: connection.db, userId: agent.id, teamId: team.id });
    expect(home.weeklyGoal).toEqual({ done: 0, goal: 15, reached: false, remaining: 15 });
    for (const goal of [0, -3, 201, 2.5, Number.NaN]) {
      await expect(setWeeklyGoal({ db: connection.db, userId: agent.id, goal }), String(goal)).rejects.toMatchObject({ field: "weeklyGoal", message: "Enter a whole number from 1 to 200." });
    }
    expect(await weeklyGoalOf({ db: connection.db, userId: agent.id })).toBe(15);
    const audit = await connection.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "user.weekly_goal"));
    expect(audit).toEqual([{ action: "user.weekly_goal", details: { before: 10, after: 15 } }]);
    await expect(setWeeklyGoal({ db: connection.db, userId: 999_999, goal: 5 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a team's working days", () => {
  it("default to Monday to Friday, are kept in week order when set, stay when a post does not send them, and are audited", async () => {
    const admin = await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "admin" });
    const created = await createTeam({ db: connection.db, actorId: admin.id, name: "Riyadh desk", leaderIds: [], workingDays: [4, 7, 1, 3, 2, 2] });
    expect(created.workingDays).toEqual([1, 2, 3, 4, 7]);
    const plain = await createTeam({ db: connection.db, actorId: admin.id, name: "Dublin desk", leaderIds: [] });
    expect(plain.workingDays).toEqual([1, 2, 3, 4, 5]);
    await updateTeam({ db: connection.db, actorId: admin.id, teamId: plain.id, name: "Dublin desk", leaderIds: [] });
    expect((await getTeam({ db: connection.db, teamId: plain.id }))?.workingDays).toEqual([1, 2, 3, 4, 5]);
    await updateTeam({ db: connection.db, actorId: admin.id, teamId: plain.id, name: "Dublin desk", leaderIds: [], workingDays: [6] });
    expect((await connection.db.select({ workingDays: teams.workingDays }).from(teams).where(eq(teams.id, plain.id)))[0]?.workingDays).toEqual([6]);
    const [update] = await connection.db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "team.update")).orderBy(auditLog.id);
    expect(update?.details).toMatchObject({ before: { workingDays: [1, 2, 3, 4, 5] }, after: { workingDays: [1, 2, 3, 4, 5] } });
    await expect(createTeam({ db: connection.db, actorId: admin.id, name: "Nowhere", leaderIds: [], workingDays: [] })).rejects.toMatchObject({ field: "workingDays", message: "Choose at least one working day." });
    expect(await connection.db.select().from(teams).where(eq(teams.name, "Nowhere"))).toEqual([]);
  });
});
