import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignmentDrills, assignments, assignmentTeams, auditLog, drillRevisions, drills, servedDrills, teams, users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { can } from "~/app/auth/permissions";
import { currentRevision } from "~/app/drills/drills.server";
import { assertDueDate, assertTeams, chooseDrills, inScope, teamScope, type AssignmentFilter, type Viewer } from "./assignments.server";
import { assignmentChanges, drillsLockedReason, mayChangeAssignment, teamsAfterEdit } from "./assignment-changes";
import { AssignmentParams } from "./assignment-schema";
import { agentsWhoStarted, doneByAgent } from "./completion.server";

/**
 * Editing and cancelling an assignment (rules in assignment-changes.ts). Every change is one
 * transaction with an audit entry, made against the version the editor opened: a save from an
 * older version is refused (409), never written over someone else's.
 */

type CommonEdit = { title: string; teamIds: number[]; dueAt: Date; version: number };
export type EditAssignmentInput = (CommonEdit & { mode: "keep" }) | (CommonEdit & { mode: "list"; drillIds: string[] }) | (CommonEdit & { mode: "filter" } & AssignmentFilter);

const NOT_FOUND = "No such assignment.";
const NOT_YOURS = "Only the assignment's creator, authors and admins can change it.";

async function actorOf(db: Db, actorId: number): Promise<Viewer> {
  const [actor] = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, actorId));
  if (!actor) throw new Error(`user ${actorId} does not exist`);
  return actor;
}

/**
 * The assignment as one who may change it sees it: a 404 when it does not exist or the viewer
 * may not read it (a leader leading none of its teams, as on its page), a 403 when they may read
 * but not change it.
 */
async function changeable(db: Db, viewer: Viewer, assignmentId: number) {
  if (!can(viewer.role, "assignments:manage")) throw new InputError(null, NOT_YOURS, { status: 403 });
  const [row] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!row) throw new InputError(null, NOT_FOUND, { status: 404 });
  const teamIds = (await db.select({ teamId: assignmentTeams.teamId }).from(assignmentTeams).where(eq(assignmentTeams.assignmentId, assignmentId)).orderBy(asc(assignmentTeams.teamId))).map(
    (t) => t.teamId,
  );
  const scope = await teamScope(db, viewer);
  if (row.createdBy !== viewer.id && !teamIds.some((id) => inScope(scope, id))) throw new InputError(null, NOT_FOUND, { status: 404 });
  if (!mayChangeAssignment({ viewer, createdBy: row.createdBy })) throw new InputError(null, NOT_YOURS, { status: 403 });
  const drillIds = (
    await db.select({ drillId: assignmentDrills.drillId }).from(assignmentDrills).where(eq(assignmentDrills.assignmentId, assignmentId)).orderBy(asc(assignmentDrills.position))
  ).map((d) => d.drillId);
  return { ...row, teamIds, drillIds, scope };
}

function refuseCancelled(cancelledAt: Date | null) {
  if (cancelledAt) throw new InputError(null, `This assignment was cancelled on ${cancelledAt.toISOString().slice(0, 10)}; it can no longer be changed.`, { status: 409, problem: "cancelled" });
}

/** The refusal of a save made from an older version, naming who changed it since when the audit log knows. */
async function versionConflict(db: Db, assignmentId: number, actorId: number) {
  const [latest] = await db
    .select({ actorId: auditLog.actorId, name: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.targetType, "assignment"), eq(auditLog.targetId, String(assignmentId))))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const who = latest?.actorId === actorId ? "You changed this assignment in another window" : `Someone else${latest?.name ? ` (${latest.name})` : ""} changed this assignment`;
  return new InputError(null, `${who} after this form was opened, so these changes were not saved. Reload the page to see the current version, then make your changes again.`, {
    status: 409,
    problem: "version_conflict",
  });
}

/** What the edit form shows: the assignment's current state and whether its drills can still change. */
/** The assignment an edit or cancel page opens, from its route params: a malformed id is a 404 like a missing one. */
export async function assignmentForChange({ db, viewer, params }: { db: Db; viewer: Viewer; params: unknown }) {
  const parsed = AssignmentParams.safeParse(params);
  if (!parsed.success) throw new InputError(null, "No such assignment.", { status: 404 });
  return assignmentForEdit({ db, viewer, assignmentId: parsed.data.assignmentId });
}

export async function assignmentForEdit({ db, viewer, assignmentId }: { db: Db; viewer: Viewer; assignmentId: number }) {
  const current = await changeable(db, viewer, assignmentId);
  const drillRows = await db
    .select({ id: assignmentDrills.drillId, title: drillRevisions.title, locale: drillRevisions.locale, status: drills.status })
    .from(assignmentDrills)
    .innerJoin(drills, eq(drills.id, assignmentDrills.drillId))
    .leftJoin(drillRevisions, currentRevision)
    .where(eq(assignmentDrills.assignmentId, assignmentId))
    .orderBy(asc(assignmentDrills.position));
  const otherTeams = current.teamIds.filter((id) => !inScope(current.scope, id));
  const otherTeamNames = otherTeams.length === 0 ? [] : (await db.select({ name: teams.name }).from(teams).where(inArray(teams.id, otherTeams)).orderBy(asc(teams.name))).map((t) => t.name);
  return {
    id: current.id,
    title: current.title,
    dueAt: current.dueAt,
    version: current.version,
    cancelledAt: current.cancelledAt,
    teamIds: current.teamIds.filter((id) => inScope(current.scope, id)),
    otherTeamNames,
    drills: drillRows.map((d) => ({ id: d.id, title: d.title ?? d.id, locale: d.locale, status: d.status })),
    drillsLocked: drillsLockedReason(await agentsWhoStarted({ db, assignmentId })),
  };
}

/**
 * Saves an edit: title, due date (unchanged, or not in the past), teams (a removed team's done
 * work stays in its agents' attempts; its figures leave the assignment's page and come back if
 * it is added again) and, while no agent has started it, the drills. Nothing changed: nothing
 * is written. Broken rules are InputErrors at their field; nothing is written then.
 */
export async function editAssignment({ db, actorId, assignmentId, input, now = new Date() }: { db: Db; actorId: number; assignmentId: number; input: EditAssignmentInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const actor = await actorOf(tx, actorId);
    const current = await changeable(tx, actor, assignmentId);
    refuseCancelled(current.cancelledAt);
    if (input.version !== current.version) throw await versionConflict(tx, assignmentId, actor.id);

    const title = input.title.trim();
    if (title === "") throw new InputError("title", "Enter a title.");
    const chosen = [...new Set(input.teamIds)];
    await assertTeams(tx, actor, chosen);
    const teamIds = teamsAfterEdit({ current: current.teamIds, chosen, scope: current.scope });
    if (input.dueAt.getTime() !== current.dueAt.getTime()) assertDueDate(input.dueAt, now);
    let filter = current.filter;
    let drillIds = current.drillIds;
    if (input.mode !== "keep") {
      const locked = drillsLockedReason(await agentsWhoStarted({ db: tx, assignmentId }));
      if (locked) throw new InputError(input.mode === "list" ? "drillIds" : "count", locked, { status: 409, problem: "drills_locked" });
      ({ filter, drillIds } = await chooseDrills(tx, input, title));
    }

    const changes = assignmentChanges(current, { title, dueAt: input.dueAt, teamIds, drillIds });
    if (Object.keys(changes).length === 0) return { id: assignmentId, version: current.version, changes };
    const version = current.version + 1;
    // The version guard also holds when two saves run at once: the second finds no row to update.
    const updated = await tx
      .update(assignments)
      .set({ title, dueAt: input.dueAt, filter: changes.drillIds ? filter : current.filter, version })
      .where(and(eq(assignments.id, assignmentId), eq(assignments.version, input.version), isNull(assignments.cancelledAt)))
      .returning({ id: assignments.id });
    if (updated.length === 0) throw await versionConflict(tx, assignmentId, actor.id);
    let removedTeamsDone: Record<number, number> | undefined;
    if (changes.teams) {
      const { added, removed } = changes.teams;
      if (removed.length > 0) {
        // What the removed teams had done, for the record: their attempts stay, they no longer count here.
        const done = await doneByAgent({ db: tx, assignmentIds: [assignmentId] });
        removedTeamsDone = Object.fromEntries(removed.map((teamId) => [teamId, done.filter((d) => d.teamId === teamId).reduce((sum, d) => sum + d.done, 0)]));
        await tx.delete(assignmentTeams).where(and(eq(assignmentTeams.assignmentId, assignmentId), inArray(assignmentTeams.teamId, removed)));
      }
      if (added.length > 0) await tx.insert(assignmentTeams).values(added.map((teamId) => ({ assignmentId, teamId })));
    }
    if (changes.drillIds) {
      await tx.delete(assignmentDrills).where(eq(assignmentDrills.assignmentId, assignmentId));
      await tx.insert(assignmentDrills).values(drillIds.map((drillId, position) => ({ assignmentId, drillId, position })));
    }
    await recordAudit(tx, { actorId: actor.id, action: "assignment.edit", targetType: "assignment", targetId: assignmentId, details: { version, ...changes, ...(removedTeamsDone ? { removedTeamsDone } : {}) } });
    return { id: assignmentId, version, changes };
  });
}

/**
 * Cancels an assignment: agents no longer see it or get its drills (an open served drill of it
 * is closed, with a reason on its page); every attempt stays, and its completion, counted up to
 * the cancel, stays readable on its page.
 */
export async function cancelAssignment({ db, actorId, assignmentId, version, now = new Date() }: { db: Db; actorId: number; assignmentId: number; version: number; now?: Date }) {
  return db.transaction(async (tx) => {
    const actor = await actorOf(tx, actorId);
    const current = await changeable(tx, actor, assignmentId);
    refuseCancelled(current.cancelledAt);
    if (version !== current.version) throw await versionConflict(tx, assignmentId, actor.id);
    const updated = await tx
      .update(assignments)
      .set({ cancelledAt: now, cancelledBy: actor.id, version: current.version + 1 })
      .where(and(eq(assignments.id, assignmentId), eq(assignments.version, version), isNull(assignments.cancelledAt)))
      .returning({ id: assignments.id });
    if (updated.length === 0) throw await versionConflict(tx, assignmentId, actor.id);
    const closed = await tx
      .update(servedDrills)
      .set({ closedAt: now })
      .where(and(eq(servedDrills.assignmentId, assignmentId), isNull(servedDrills.closedAt)))
      .returning({ id: servedDrills.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.cancel",
      targetType: "assignment",
      targetId: assignmentId,
      details: { title: current.title, version: current.version + 1, teamIds: current.teamIds, drillIds: current.drillIds, closedServedDrills: closed.length },
    });
    return { id: assignmentId, cancelledAt: now };
  });
}
