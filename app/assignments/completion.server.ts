import { and, asc, count, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignmentDrills, assignments, assignmentTeams, attempts, servedDrills, users } from "~/db/schema";

/**
 * The completion rule, defined once for the agent's list, the creator's progress pages and
 * serving: an agent has done an assigned drill once they attempted it at or after the
 * assignment was created (and, for a cancelled one, no later than its cancel), however it was served.
 */
export function assignedDrillDone({ userId, drillId, assignedAt, cancelledAt }: { userId: SQLWrapper | number; drillId: SQLWrapper; assignedAt: SQLWrapper; cancelledAt: SQLWrapper }): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${attempts} where ${attempts.userId} = ${userId} and ${attempts.drillId} = ${drillId} and ${attempts.createdAt} >= ${assignedAt} and (${cancelledAt} is null or ${attempts.createdAt} <= ${cancelledAt}))`;
}

const doneOf = (userId: SQLWrapper | number) => assignedDrillDone({ userId, drillId: assignmentDrills.drillId, assignedAt: assignments.createdAt, cancelledAt: assignments.cancelledAt });

/** The assigned drills of the agent's team (cancelled assignments are no longer assigned work), by due date and position, each with whether the agent has done it. */
export async function assignedDrillsFor({ db, userId, teamId }: { db: Db; userId: number; teamId: number }) {
  return db
    .select({
      assignmentId: assignments.id,
      title: assignments.title,
      dueAt: assignments.dueAt,
      createdAt: assignments.createdAt,
      drillId: assignmentDrills.drillId,
      position: assignmentDrills.position,
      completed: doneOf(userId),
    })
    .from(assignments)
    .innerJoin(assignmentTeams, eq(assignmentTeams.assignmentId, assignments.id))
    .innerJoin(assignmentDrills, eq(assignmentDrills.assignmentId, assignments.id))
    .where(and(eq(assignmentTeams.teamId, teamId), isNull(assignments.cancelledAt)))
    .orderBy(asc(assignments.dueAt), asc(assignmentDrills.position));
}

const activeAgentOf = (teamId: SQLWrapper) => and(eq(users.teamId, teamId), eq(users.role, "agent"), isNull(users.disabledAt));

/** Per assignment and agent of an assigned team: how many distinct assigned drills the agent has done. */
export async function doneByAgent({ db, assignmentIds }: { db: Db; assignmentIds: number[] }) {
  if (assignmentIds.length === 0) return [];
  return db
    .select({ assignmentId: assignmentDrills.assignmentId, userId: users.id, teamId: users.teamId, done: count() })
    .from(assignmentDrills)
    .innerJoin(assignments, eq(assignments.id, assignmentDrills.assignmentId))
    .innerJoin(assignmentTeams, eq(assignmentTeams.assignmentId, assignmentDrills.assignmentId))
    .innerJoin(users, activeAgentOf(assignmentTeams.teamId))
    .where(and(inArray(assignmentDrills.assignmentId, assignmentIds), doneOf(users.id)))
    .groupBy(assignmentDrills.assignmentId, users.id, users.teamId);
}

/** One assignment's done (agent, drill) pairs among the given agents. */
export async function doneDrills({ db, assignmentId, agentIds }: { db: Db; assignmentId: number; agentIds: number[] }) {
  if (agentIds.length === 0) return [];
  return db
    .select({ userId: users.id, drillId: assignmentDrills.drillId })
    .from(assignmentDrills)
    .innerJoin(assignments, eq(assignments.id, assignmentDrills.assignmentId))
    .innerJoin(users, inArray(users.id, agentIds))
    .where(and(eq(assignmentDrills.assignmentId, assignmentId), doneOf(users.id)));
}

/**
 * The agents who have started an assignment: served one of its drills as assigned work, or done
 * one (the completion rule, among today's agents of its teams). Once anyone has, its drill list
 * is fixed, so completion keeps measuring the drills they worked on.
 */
export async function agentsWhoStarted({ db, assignmentId }: { db: Db; assignmentId: number }) {
  const served = await db.selectDistinct({ userId: servedDrills.userId }).from(servedDrills).where(eq(servedDrills.assignmentId, assignmentId));
  const done = await doneByAgent({ db, assignmentIds: [assignmentId] });
  return new Set([...served.map((s) => s.userId), ...done.map((d) => d.userId)]).size;
}
