import { can } from "~/app/auth/permissions";
import type { Role } from "~/app/vocabulary";

/**
 * Changing an assignment after it was created (DESIGN: "Practice that sticks"): its creator,
 * authors and admins may edit or cancel it; a leader who did not create it may only read it,
 * an agent never.
 */
export function mayChangeAssignment({ viewer, createdBy }: { viewer: { id: number; role: Role }; createdBy: number }) {
  if (!can(viewer.role, "assignments:manage")) return false;
  return viewer.role !== "leader" || viewer.id === createdBy;
}

/**
 * The teams an edit leaves the assignment with. The editor chooses among the teams they may
 * assign to (`scope`, every team for authors and admins); teams outside it stay as they were,
 * so a leader's edit never drops a team they no longer lead. The order is the current one,
 * then the added teams as chosen.
 */
export function teamsAfterEdit({ current, chosen, scope }: { current: readonly number[]; chosen: readonly number[]; scope: "all" | readonly number[] }) {
  const inScope = (id: number) => scope === "all" || scope.includes(id);
  const wanted = new Set(chosen.filter(inScope));
  const kept = current.filter((id) => !inScope(id) || wanted.has(id));
  return [...kept, ...[...wanted].filter((id) => !current.includes(id))];
}

export type AssignmentState = { title: string; dueAt: Date; teamIds: readonly number[]; drillIds: readonly string[] };

/** What an edit changed, for the audit log: only the parts that differ (empty when nothing did). */
export function assignmentChanges(before: AssignmentState, after: AssignmentState) {
  const changes: {
    title?: { from: string; to: string };
    dueAt?: { from: string; to: string };
    teams?: { added: number[]; removed: number[] };
    drillIds?: { from: string[]; to: string[] };
  } = {};
  if (before.title !== after.title) changes.title = { from: before.title, to: after.title };
  if (before.dueAt.getTime() !== after.dueAt.getTime()) changes.dueAt = { from: before.dueAt.toISOString(), to: after.dueAt.toISOString() };
  const added = after.teamIds.filter((id) => !before.teamIds.includes(id));
  const removed = before.teamIds.filter((id) => !after.teamIds.includes(id));
  if (added.length > 0 || removed.length > 0) changes.teams = { added, removed };
  const sameDrills = before.drillIds.length === after.drillIds.length && before.drillIds.every((id, i) => after.drillIds[i] === id);
  if (!sameDrills) changes.drillIds = { from: [...before.drillIds], to: [...after.drillIds] };
  return changes;
}

/** Why the drill list can no longer change, for the form and for a refused save. */
export function drillsLockedReason(startedAgents: number) {
  if (startedAgents === 0) return null;
  return `The drills can no longer change: ${startedAgents === 1 ? "1 agent has" : `${startedAgents} agents have`} started this assignment, and its completion keeps measuring the drills they worked on.`;
}
