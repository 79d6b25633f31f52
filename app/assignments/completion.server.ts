import { and, asc, count, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignmentDrills, assignments, assignmentTeams, attempts, users } from "~/db/schema";

/**
 * The completion rule, defined once for the agent's list, the creator's progress pages and
 * serving: an agent has done an assigned drill once they attempted it at or after the
 * assignment was created, however it was served.
 */
export function assignedDrillDone({ userId, drillId, assignedAt }: { userId: SQLWrapper | number; drillId: SQLWrapper; assignedAt: SQLWrapper }): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${attempts} where ${attempts.userId} = ${userId} and ${attempts.drillId} = ${drillId} and ${attempts.createdAt} >= ${assignedAt})`;
}

/** The assigned drills of the agent's team, by due date and position, each with whether the agent has done it. */
export async function assignedDrillsFor({ db, userId, teamId }: { db: Db; userId: number; teamId: number }) {
  return db
    .select({
      assignmentId: assignments.id,
      title: assignments.title,
      dueAt: assignments.dueAt,
      createdAt: assignments.createdAt,
      drillId: assignmentDrills.drillId,
      position: assignmentDrills.position,
      completed: assignedDrillDone({ userId, drillId: assignmentDrills.drillId, assignedAt: assignments.createdAt }),
    })
    .from(assignments)
    .innerJoin(assignmentTeams, eq(assignmentTeams.assignmentId, assignments.id))
    .innerJoin(assignmentDrills, eq(assignmentDrills.assignmentId, assignments.id))
    .where(eq(assignmentTeams.teamId, teamId))
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
    .where(and(inArray(assignmentDrills.assignmentId, assignmentIds), assignedDrillDone({ userId: users.id, drillId: assignmentDrills.drillId, assignedAt: assignments.createdAt })))
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
    .where(and(eq(assignmentDrills.assignmentId, assignmentId), assignedDrillDone({ userId: users.id, drillId: assignmentDrills.drillId, assignedAt: assignments.createdAt })));
}
