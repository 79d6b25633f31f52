import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { WEEKLY_GOAL } from "./weekly-goal";

/** The agent's weekly goal. */
export async function weeklyGoalOf({ db, userId }: { db: Db; userId: number }): Promise<number> {
  const [row] = await db.select({ weeklyGoal: users.weeklyGoal }).from(users).where(eq(users.id, userId));
  return row?.weeklyGoal ?? WEEKLY_GOAL.default;
}

/** Sets the agent's own weekly goal (a whole number of counted attempts from 1 to 200), audited. */
export async function setWeeklyGoal({ db, userId, goal, field = "weeklyGoal" }: { db: Db; userId: number; goal: number; field?: string }) {
  if (!Number.isInteger(goal) || goal < WEEKLY_GOAL.min || goal > WEEKLY_GOAL.max) throw new InputError(field, `Enter a whole number from ${WEEKLY_GOAL.min} to ${WEEKLY_GOAL.max}.`);
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ weeklyGoal: users.weeklyGoal }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new InputError(null, "No such user.", { status: 404 });
    await tx.update(users).set({ weeklyGoal: goal }).where(eq(users.id, userId));
    await recordAudit(tx, { actorId: userId, action: "user.weekly_goal", targetType: "user", targetId: userId, details: { before: before.weeklyGoal, after: goal } });
  });
}
