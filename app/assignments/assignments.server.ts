import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { assignmentDrills, assignments, assignmentTeams, drillRevisions, drills, teamLeaders, teams, users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { can } from "~/app/auth/permissions";
import { doneByAgent, doneDrills } from "./completion.server";
import { TARGET_CONTROL_SHARE } from "~/app/practice/control-share";
import { ratio } from "~/app/practice/rates";
import { type Role, isFlawType, type FlawType } from "~/app/vocabulary";
import { currentRevision, isLive } from "~/app/drills/drills.server";

/**
 * Assignments (DESIGN: "Practice that sticks"): an author or leader assigns a drill set to
 * teams with a due date; completion is tracked per team and per agent.
 *
 * Who sees what: authors and admins every assignment and team; a leader only the teams they
 * lead (an assignment that also went to other teams shows, to that leader, only the led ones).
 *
 * Completion: an agent (role agent, not disabled, in an assigned team) has done an assigned
 * drill once they attempted it at or after the assignment was created (and no later than its
 * cancel), however it was served (`assignedDrillDone`, the one definition). Completion = distinct
 * assigned drills done / assigned drills, summed over agents for a team or a whole assignment.
 *
 * Editing and cancelling: changes.server.ts.
 */

export type Viewer = { id: number; role: Role };

export type AssignmentFilter = { flawTypes: FlawType[]; skills: string[]; locale: string | null; count: number };

type CommonInput = { title: string; teamIds: number[]; dueAt: Date };
export type CreateAssignmentInput = (CommonInput & { mode: "list"; drillIds: string[] }) | (CommonInput & { mode: "filter" } & AssignmentFilter);

/** Teams the viewer may assign to and read: every team for authors and admins, the led ones for leaders. */
export async function teamScope(db: Db, viewer: Viewer): Promise<"all" | number[]> {
  if (!can(viewer.role, "assignments:manage")) return [];
  if (viewer.role !== "leader") return "all";
  const rows = await db.select({ teamId: teamLeaders.teamId }).from(teamLeaders).where(eq(teamLeaders.userId, viewer.id));
  return rows.map((r) => r.teamId);
}

export function inScope(scope: "all" | number[], teamId: number) {
  return scope === "all" || scope.includes(teamId);
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// ── Creating ──

export async function assertTeams(db: Db, actor: Viewer, teamIds: number[]) {
  if (teamIds.length === 0) throw new InputError("teamIds", "Choose at least one team.");
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds));
  const missing = teamIds.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw new InputError("teamIds", `Unknown team id ${missing.join(", ")}.`);
  const scope = await teamScope(db, actor);
  const outside = rows.filter((r) => !inScope(scope, r.id));
  if (outside.length > 0) {
    throw new InputError("teamIds", `You can only assign drills to teams you lead; you do not lead ${outside.map((r) => r.name).join(", ")}.`);
  }
}

/** An explicit list: every id must name an active drill; duplicates collapse, the order is kept. */
async function resolveList(db: Db, drillIds: string[]) {
  const ids = [...new Set(drillIds)];
  if (ids.length === 0) throw new InputError("drillIds", "Pick at least one drill.");
  const rows = await db.select({ id: drills.id, status: drills.status, currentRevisionId: drills.currentRevisionId }).from(drills).where(inArray(drills.id, ids));
  const unknown = ids.filter((id) => !rows.some((r) => r.id === id));
  const inactive = rows.filter((r) => r.status !== "active" || r.currentRevisionId === null).map((r) => `${r.id} (${r.status.replace("_", " ")})`);
  const problems = [
    unknown.length > 0 ? `Unknown ${unknown.length === 1 ? "drill" : "drills"}: ${unknown.join(", ")}.` : null,
    inactive.length > 0 ? `Not active in the library: ${inactive.join(", ")}.` : null,
  ].filter((p) => p !== null);
  if (problems.length > 0) throw new InputError("drillIds", problems.join(" "));
  return ids;
}

/** A stable pseudo-random sort key: the same seed orders drills the same way, another seed differently. */
function shuffleKey(seed: string, drillId: string) {
  return createHash("sha256").update(`${seed}\u0000${drillId}`).digest("hex");
}

type PoolDrill = { id: string; flawTypes: string[]; skills: string[]; locale: string };

/**
 * Resolves a filter to concrete drills, once, at creation. A drill matches when it plants ANY of
 * the chosen flaw types (if any are chosen), has ANY of the chosen skills (if any) and is in the
 * locale (if one is set). `count` of the matches are picked in an order shuffled by `seed` (the
 * assignment's title), so the choice is reproducible but two assignments with one filter differ.
 * Without a flaw-type restriction, clean controls make up round(30 % of count) of the pick when
 * the matches allow (DESIGN: a quarter to a third of any practice mix); with one, controls
 * cannot match (they plant nothing). Small counts cannot hit the band exactly (2 drills → 1 control).
 */
export function pickFilteredDrills({ pool, filter, seed }: { pool: readonly PoolDrill[]; filter: AssignmentFilter; seed: string }) {
  const matches = pool.filter(
    (d) =>
      (filter.flawTypes.length === 0 || d.flawTypes.some((t) => filter.flawTypes.some((chosen) => chosen === t))) &&
      (filter.skills.length === 0 || d.skills.some((s) => filter.skills.includes(s))) &&
      (filter.locale === null || d.locale === filter.locale),
  );
  if (matches.length < filter.count) {
    throw new InputError(
      "count",
      matches.length === 0
        ? "No active drill matches this filter."
        : `Only ${plural(matches.length, "active drill")} ${matches.length === 1 ? "matches" : "match"} this filter; lower the count to ${matches.length} or widen the filter.`,
    );
  }
  const keyed = matches.map((d) => ({ ...d, key: shuffleKey(seed, d.id) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (filter.flawTypes.length > 0) return keyed.slice(0, filter.count).map((d) => d.id);
  const controls = keyed.filter((d) => d.flawTypes.length === 0);
  const flawed = keyed.filter((d) => d.flawTypes.length > 0);
  const flawedCount = Math.min(filter.count - Math.min(Math.round(filter.count * TARGET_CONTROL_SHARE), controls.length), flawed.length);
  const chosen = new Set([...controls.slice(0, filter.count - flawedCount), ...flawed.slice(0, flawedCount)].map((d) => d.id));
  return keyed.filter((d) => chosen.has(d.id)).map((d) => d.id);
}

async function activePool(db: Db) {
  return db
    .select({ id: drills.id, title: drillRevisions.title, flawTypes: drillRevisions.flawTypes, skills: drillRevisions.skills, locale: drillRevisions.locale })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(isLive);
}

export type DrillChoice = { mode: "list"; drillIds: string[] } | ({ mode: "filter" } & AssignmentFilter);

/** The drills a list or a filter names (a filter resolved now, seeded by the title), and the filter kept for the record. */
export async function chooseDrills(db: Db, choice: DrillChoice, title: string) {
  const filter: AssignmentFilter | null =
    choice.mode === "filter" ? { flawTypes: [...new Set(choice.flawTypes)], skills: [...new Set(choice.skills)], locale: choice.locale || null, count: choice.count } : null;
  if (filter && (!Number.isInteger(filter.count) || filter.count < 1)) throw new InputError("count", "Assign at least one drill.");
  const drillIds = filter ? pickFilteredDrills({ pool: await activePool(db), filter, seed: title }) : await resolveList(db, choice.mode === "list" ? choice.drillIds : []);
  return { filter, drillIds };
}

/** A due date the form's day can be moved to: not one already over. */
export function assertDueDate(dueAt: Date, now: Date) {
  if (Number.isNaN(dueAt.getTime())) throw new InputError("dueAt", "Choose a due date.");
  if (dueAt.getTime() < now.getTime()) throw new InputError("dueAt", "The due date is in the past.");
}

/**
 * Creates an assignment in one transaction, with an audit entry. Broken business rules are
 * InputErrors naming the form field; nothing is written then.
 */
export async function createAssignment({ db, actorId, input, now = new Date() }: { db: Db; actorId: number; input: CreateAssignmentInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const [actor] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, actorId));
    if (!actor || !can(actor.role, "assignments:manage")) throw new Error(`user ${actorId} may not create assignments`);
    const title = input.title.trim();
    if (title === "") throw new InputError("title", "Enter a title.");
    const teamIds = [...new Set(input.teamIds)];
    await assertTeams(tx, actor, teamIds);
    assertDueDate(input.dueAt, now);
    const { filter, drillIds } = await chooseDrills(tx, input, title);

    const [assignment] = await tx.insert(assignments).values({ title, createdBy: actor.id, dueAt: input.dueAt, filter, createdAt: now }).returning();
    if (!assignment) throw new Error("assignment insert returned nothing");
    await tx.insert(assignmentTeams).values(teamIds.map((teamId) => ({ assignmentId: assignment.id, teamId })));
    await tx.insert(assignmentDrills).values(drillIds.map((drillId, position) => ({ assignmentId: assignment.id, drillId, position })));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.create",
      targetType: "assignment",
      targetId: assignment.id,
      details: { title, teamIds, dueAt: input.dueAt.toISOString(), drillIds, filter },
    });
    return { ...assignment, teamIds, drillIds };
  });
}

// ── Reading ──

async function agentCounts(db: Db, teamIds: number[]) {
  if (teamIds.length === 0) return new Map<number, number>();
  const rows = await db
    .select({ teamId: users.teamId, agents: count() })
    .from(users)
    .where(and(inArray(users.teamId, teamIds), eq(users.role, "agent"), isNull(users.disabledAt)))
    .groupBy(users.teamId);
  return new Map(rows.map((r) => [r.teamId, r.agents]));
}

/**
 * The assignments the viewer may see, newest first, each with its teams (only the led ones for
 * a leader), drill count, agent count and overall completion over those teams (null without agents).
 */
export async function listAssignments({ db, viewer }: { db: Db; viewer: Viewer }) {
  const scope = await teamScope(db, viewer);
  if (scope !== "all" && scope.length === 0) return [];
  const teamRows = await db
    .select({ assignmentId: assignmentTeams.assignmentId, id: teams.id, name: teams.name })
    .from(assignmentTeams)
    .innerJoin(teams, eq(teams.id, assignmentTeams.teamId))
    .where(scope === "all" ? undefined : inArray(assignmentTeams.teamId, scope))
    .orderBy(asc(teams.name));
  const ids = [...new Set(teamRows.map((t) => t.assignmentId))];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: assignments.id, title: assignments.title, dueAt: assignments.dueAt, createdAt: assignments.createdAt, filter: assignments.filter, createdBy: users.name, cancelledAt: assignments.cancelledAt })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.createdBy))
    .where(inArray(assignments.id, ids))
    .orderBy(desc(assignments.createdAt), desc(assignments.id));
  const drillCounts = await db
    .select({ assignmentId: assignmentDrills.assignmentId, drills: count() })
    .from(assignmentDrills)
    .where(inArray(assignmentDrills.assignmentId, ids))
    .groupBy(assignmentDrills.assignmentId);
  const agents = await agentCounts(db, [...new Set(teamRows.map((t) => t.id))]);
  const done = (await doneByAgent({ db, assignmentIds: ids })).filter((d) => inScope(scope, d.teamId));
  return rows.map((row) => {
    const rowTeams = teamRows.filter((t) => t.assignmentId === row.id).map(({ id, name }) => ({ id, name }));
    const drillCount = drillCounts.find((d) => d.assignmentId === row.id)?.drills ?? 0;
    const agentCount = rowTeams.reduce((total, team) => total + (agents.get(team.id) ?? 0), 0);
    const doneCount = done.filter((d) => d.assignmentId === row.id).reduce((total, d) => total + d.done, 0);
    return { ...row, teams: rowTeams, drillCount, agentCount, completion: ratio(doneCount, agentCount * drillCount) };
  });
}

const canceller = alias(users, "canceller");

/**
 * One assignment's completion by team, by agent and by drill, over the teams the viewer may
 * read (a cancelled one's as it stood at the cancel). Null when it does not exist or the viewer
 * (a leader) leads none of its teams.
 */
export async function assignmentProgress({ db, assignmentId, viewer }: { db: Db; assignmentId: number; viewer: Viewer }) {
  const scope = await teamScope(db, viewer);
  const [row] = await db
    .select({
      id: assignments.id,
      title: assignments.title,
      dueAt: assignments.dueAt,
      createdAt: assignments.createdAt,
      filter: assignments.filter,
      createdById: assignments.createdBy,
      createdBy: users.name,
      cancelledAt: assignments.cancelledAt,
      cancelledBy: canceller.name,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.createdBy))
    .leftJoin(canceller, eq(canceller.id, assignments.cancelledBy))
    .where(eq(assignments.id, assignmentId));
  if (!row) return null;
  const teamRows = (
    await db
      .select({ id: teams.id, name: teams.name })
      .from(assignmentTeams)
      .innerJoin(teams, eq(teams.id, assignmentTeams.teamId))
      .where(eq(assignmentTeams.assignmentId, assignmentId))
      .orderBy(asc(teams.name))
  ).filter((t) => inScope(scope, t.id));
  if (teamRows.length === 0) return null;
  const drillRows = await db
    .select({ id: assignmentDrills.drillId, position: assignmentDrills.position, title: drillRevisions.title, locale: drillRevisions.locale, status: drills.status })
    .from(assignmentDrills)
    .innerJoin(drills, eq(drills.id, assignmentDrills.drillId))
    .leftJoin(drillRevisions, currentRevision)
    .where(eq(assignmentDrills.assignmentId, assignmentId))
    .orderBy(asc(assignmentDrills.position));
  const agentRows = await db
    .select({ id: users.id, name: users.name, teamId: users.teamId })
    .from(users)
    .where(
      and(
        inArray(
          users.teamId,
          teamRows.map((t) => t.id),
        ),
        eq(users.role, "agent"),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  const drillIds = drillRows.map((d) => d.id);
  const doneRows = await doneDrills({ db, assignmentId, agentIds: agentRows.map((a) => a.id) });
  const total = drillIds.length;
  const byAgent = agentRows.map((agent) => {
    const done = doneRows.filter((d) => d.userId === agent.id).length;
    return { ...agent, done, total, completion: ratio(done, total) };
  });
  const byTeam = teamRows.map((team) => {
    const members = byAgent.filter((a) => a.teamId === team.id);
    const done = members.reduce((sum, a) => sum + a.done, 0);
    return { ...team, agents: members.length, done, total: members.length * total, completion: ratio(done, members.length * total) };
  });
  const byDrill = drillRows.map((drill) => {
    const done = doneRows.filter((d) => d.drillId === drill.id).length;
    return { id: drill.id, title: drill.title ?? drill.id, locale: drill.locale, status: drill.status, done, agents: agentRows.length, completion: ratio(done, agentRows.length) };
  });
  const doneAll = byAgent.reduce((sum, a) => sum + a.done, 0);
  return {
    ...row,
    teams: byTeam,
    agents: byAgent,
    drills: byDrill,
    overall: { done: doneAll, total: agentRows.length * total, completion: ratio(doneAll, agentRows.length * total) },
  };
}

/** What the new-assignment form offers the viewer: assignable teams, the active library, its skills and locales. */
export async function assignmentFormOptions({ db, viewer }: { db: Db; viewer: Viewer }) {
  const scope = await teamScope(db, viewer);
  const teamRows =
    scope !== "all" && scope.length === 0
      ? []
      : await db
          .select({ id: teams.id, name: teams.name })
          .from(teams)
          .where(scope === "all" ? undefined : inArray(teams.id, scope))
          .orderBy(asc(teams.name));
  const pool = await activePool(db);
  const drillOptions = pool
    .map((d) => ({ id: d.id, title: d.title, locale: d.locale, flawTypes: d.flawTypes.filter(isFlawType), skills: d.skills }))
    .sort((a, b) => a.title.localeCompare(b.title, "en") || a.id.localeCompare(b.id, "en"));
  return {
    teams: teamRows,
    drills: drillOptions,
    skills: [...new Set(pool.flatMap((d) => d.skills))].sort(),
    locales: [...new Set(pool.map((d) => d.locale))].sort(),
  };
}
