import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { makeTeam, makeUser } from "~/db/factories";
import { assignmentDrills, assignments, assignmentTeams, attempts, auditLog, drills, servedDrills } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { assignmentProgress, createAssignment, listAssignments } from "~/app/assignments/assignments.server";
import { assignmentForEdit, cancelAssignment, editAssignment, type EditAssignmentInput } from "~/app/assignments/changes.server";
import { assignedDrillsFor } from "~/app/assignments/completion.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import { agentHome } from "~/app/practice/progress.server";
import { getServed, serveNextDrill } from "~/app/practice/serve.server";
import { useTestDatabase } from "./test-database";

// The fixture library's active drills: see tests/db/assignments.test.ts.
const DAY = 24 * 60 * 60 * 1000;
const connection = useTestDatabase({ fixtureLibrary: true });

let teamA: number;
let teamB: number;
let author: number;
let admin: number;
let leader: number;
let otherLeader: number;
let agentA: number;
let agentB: number;

beforeEach(async () => {
  const db = connection.db;
  teamA = (await makeTeam(db, { name: "Alpha" })).id;
  teamB = (await makeTeam(db, { name: "Bravo" })).id;
  author = (await makeUser(db, { teamId: teamA, passwordHash: "x", role: "author", name: "Priya" })).id;
  admin = (await makeUser(db, { teamId: teamB, passwordHash: "x", role: "admin", name: "Ada" })).id;
  leader = (await makeUser(db, { teamId: teamA, passwordHash: "x", role: "leader", leads: [teamA, teamB], name: "Marcus" })).id;
  otherLeader = (await makeUser(db, { teamId: teamA, passwordHash: "x", role: "leader", leads: [teamA], name: "Olga" })).id;
  agentA = (await makeUser(db, { teamId: teamA, passwordHash: "x", name: "Dana" })).id;
  agentB = (await makeUser(db, { teamId: teamB, passwordHash: "x", name: "Yuki" })).id;
});

async function create(actorId = leader, teamIds = [teamA, teamB]) {
  return createAssignment({
    db: connection.db,
    actorId,
    input: { title: "Week 1", teamIds, dueAt: new Date(Date.now() + 7 * DAY), mode: "list", drillIds: ["refunds-day-31", "data-accountant-iban"] },
  });
}

function edit(base: { title: string; teamIds: number[]; dueAt: Date; version?: number }, overrides: Partial<EditAssignmentInput> = {}): EditAssignmentInput {
  return { title: base.title, teamIds: base.teamIds, dueAt: base.dueAt, version: base.version ?? 1, mode: "keep", ...overrides } as EditAssignmentInput;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

async function attempt(userId: number, teamId: number, assignmentId: number, position: number) {
  const served = await serveNextDrill({ db: connection.db, userId, teamId, assigned: { assignmentId, position } });
  if (!served) throw new Error("nothing was served");
  return submitAttempt({ db: connection.db, userId, servedId: served.id, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision: "send", timeOnTaskMs: 20_000 } });
}

/** An agent answers a drill served as ordinary practice (not through the assignment). */
async function practise(userId: number, drillId: string, now = new Date()) {
  const [drill] = await connection.db.select({ revisionId: drills.currentRevisionId }).from(drills).where(eq(drills.id, drillId));
  if (!drill?.revisionId) throw new Error(`${drillId} has no revision`);
  const [served] = await connection.db.insert(servedDrills).values({ userId, drillId, revisionId: drill.revisionId, reason: "practice", isControl: false, servedAt: now }).returning();
  if (!served) throw new Error("nothing was served");
  return submitAttempt({ db: connection.db, userId, servedId: served.id, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision: "send", timeOnTaskMs: 20_000 }, now });
}

async function audits(action: string) {
  return connection.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
}

describe("who may change an assignment", () => {
  it("lets its creator, authors and admins change it; a leader who did not create it gets a 403, one who cannot read it a 404", async () => {
    const created = await create(leader);
    for (const viewer of [
      { id: leader, role: "leader" as const },
      { id: author, role: "author" as const },
      { id: admin, role: "admin" as const },
    ]) {
      expect((await assignmentForEdit({ db: connection.db, viewer, assignmentId: created.id })).title).toBe("Week 1");
    }
    expect((await refusal(assignmentForEdit({ db: connection.db, viewer: { id: otherLeader, role: "leader" }, assignmentId: created.id }))).status).toBe(403);
    expect((await refusal(editAssignment({ db: connection.db, actorId: otherLeader, assignmentId: created.id, input: edit(created, { title: "Mine now" }) }))).status).toBe(403);
    expect((await refusal(cancelAssignment({ db: connection.db, actorId: otherLeader, assignmentId: created.id, version: 1 }))).status).toBe(403);
    expect((await refusal(cancelAssignment({ db: connection.db, actorId: agentA, assignmentId: created.id, version: 1 }))).status).toBe(403);
    const stranger = (await makeUser(connection.db, { teamId: teamB, passwordHash: "x", role: "leader" })).id;
    expect((await refusal(assignmentForEdit({ db: connection.db, viewer: { id: stranger, role: "leader" }, assignmentId: created.id }))).status).toBe(404);
    expect((await refusal(assignmentForEdit({ db: connection.db, viewer: { id: author, role: "author" }, assignmentId: created.id + 100 }))).status).toBe(404);
    const [row] = await connection.db.select().from(assignments).where(eq(assignments.id, created.id));
    expect(row).toMatchObject({ title: "Week 1", version: 1, cancelledAt: null });
    expect(await audits("assignment.edit")).toHaveLength(0);
  });
});

describe("editing", () => {
  it("changes the title, due date and teams, raises the version and audits exactly what changed", async () => {
    const created = await create(leader, [teamA]);
    const dueAt = new Date(Date.now() + 14 * DAY);
    const saved = await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { title: "Week 1 – 返品 🧾", dueAt, teamIds: [teamB] }) });
    expect(saved.version).toBe(2);
    const [row] = await connection.db.select().from(assignments).where(eq(assignments.id, created.id));
    expect(row).toMatchObject({ title: "Week 1 – 返品 🧾", dueAt, version: 2 });
    expect((await connection.db.select().from(assignmentTeams).where(eq(assignmentTeams.assignmentId, created.id))).map((t) => t.teamId)).toEqual([teamB]);
    const [entry] = await audits("assignment.edit");
    expect(entry).toMatchObject({ actorId: author, targetType: "assignment", targetId: String(created.id) });
    expect(entry?.details).toEqual({
      version: 2,
      title: { from: "Week 1", to: "Week 1 – 返品 🧾" },
      dueAt: { from: created.dueAt.toISOString(), to: dueAt.toISOString() },
      teams: { added: [teamB], removed: [teamA] },
      removedTeamsDone: { [teamA]: 0 },
    });
    // The agents follow: the removed team's agent no longer has it, the added team's has.
    expect(await assignedDrillsFor({ db: connection.db, userId: agentA, teamId: teamA })).toEqual([]);
    expect(await assignedDrillsFor({ db: connection.db, userId: agentB, teamId: teamB })).toHaveLength(2);
  });

  it("writes nothing for an edit that changes nothing", async () => {
    const created = await create();
    const saved = await editAssignment({ db: connection.db, actorId: leader, assignmentId: created.id, input: edit(created, { title: "  Week 1 " }) });
    expect(saved).toMatchObject({ version: 1, changes: {} });
    expect(await audits("assignment.edit")).toHaveLength(0);
  });

  it("refuses a due date moved into the past, but keeps a past one unchanged through an edit of the teams", async () => {
    const created = await create();
    const error = await refusal(editAssignment({ db: connection.db, actorId: leader, assignmentId: created.id, input: edit(created, { dueAt: new Date(Date.now() - DAY) }) }));
    expect([error.field, error.message]).toEqual(["dueAt", "The due date is in the past."]);
    const pastDue = new Date(Date.now() - 2 * DAY);
    await connection.db.update(assignments).set({ dueAt: pastDue }).where(eq(assignments.id, created.id));
    await editAssignment({ db: connection.db, actorId: leader, assignmentId: created.id, input: edit({ ...created, dueAt: pastDue }, { teamIds: [teamA] }) });
    expect((await connection.db.select().from(assignmentTeams).where(eq(assignmentTeams.assignmentId, created.id))).map((t) => t.teamId)).toEqual([teamA]);
  });

  it("refuses teams the editor may not assign to and unknown teams, at the teams field", async () => {
    const created = await create(otherLeader, [teamA]);
    const outside = await refusal(editAssignment({ db: connection.db, actorId: otherLeader, assignmentId: created.id, input: edit(created, { teamIds: [teamA, teamB] }) }));
    expect([outside.field, outside.message]).toEqual(["teamIds", "You can only assign drills to teams you lead; you do not lead Bravo."]);
    const unknown = await refusal(editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { teamIds: [9999] }) }));
    expect([unknown.field, unknown.message]).toEqual(["teamIds", "Unknown team id 9999."]);
    const none = await refusal(editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { teamIds: [] }) }));
    expect(none.field).toBe("teamIds");
  });

  it("replaces the drills while nobody has started, then shows and keeps them fixed", async () => {
    const created = await create();
    await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { mode: "list", drillIds: ["refunds-fabricated-gift-card", "refunds-day-31"] }) });
    const stored = await connection.db.select().from(assignmentDrills).where(eq(assignmentDrills.assignmentId, created.id)).orderBy(asc(assignmentDrills.position));
    expect(stored.map((d) => d.drillId)).toEqual(["refunds-fabricated-gift-card", "refunds-day-31"]);
    expect((await audits("assignment.edit"))[0]?.details).toMatchObject({ drillIds: { from: ["refunds-day-31", "data-accountant-iban"], to: ["refunds-fabricated-gift-card", "refunds-day-31"] } });
    const byFilter = await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit({ ...created, version: 2 }, { mode: "filter", flawTypes: ["restricted_data"], skills: [], locale: "ja", count: 1 }) });
    expect(byFilter.changes.drillIds?.to).toEqual(["ja-my-number-echo"]);
    expect((await connection.db.select().from(assignments).where(eq(assignments.id, created.id)))[0]?.filter).toEqual({ flawTypes: ["restricted_data"], skills: [], locale: "ja", count: 1 });

    // Serving a drill of it to an agent starts it: the list is fixed from then on.
    await serveNextDrill({ db: connection.db, userId: agentA, teamId: teamA, assigned: { assignmentId: created.id, position: 0 } });
    const form = await assignmentForEdit({ db: connection.db, viewer: { id: author, role: "author" }, assignmentId: created.id });
    expect(form.drillsLocked).toBe("The drills can no longer change: 1 agent has started this assignment, and its completion keeps measuring the drills they worked on.");
    const locked = await refusal(editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit({ ...created, version: 3 }, { mode: "list", drillIds: ["refunds-day-31"] }) }));
    expect([locked.field, locked.status, locked.problem]).toEqual(["drillIds", 409, "drills_locked"]);
    // Keeping the drills still lets the rest change.
    await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit({ ...created, version: 3 }, { title: "Week 1 (extended)" }) });
    expect((await connection.db.select().from(assignmentDrills).where(eq(assignmentDrills.assignmentId, created.id))).map((d) => d.drillId)).toEqual(["ja-my-number-echo"]);
  });

  it("counts an attempt made outside the assignment as a start too (the completion rule)", async () => {
    const created = await create();
    // Practice that happens to serve an assigned drill, answered: it counts as done, so the assignment has started.
    await practise(agentB, "data-accountant-iban");
    expect((await assignmentForEdit({ db: connection.db, viewer: { id: admin, role: "admin" }, assignmentId: created.id })).drillsLocked).toMatch(/1 agent has started/);
  });

  it("removes a team that has started and keeps what it did", async () => {
    const created = await create(author);
    await attempt(agentB, teamB, created.id, 0);
    await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { teamIds: [teamA] }) });
    expect((await audits("assignment.edit"))[0]?.details).toMatchObject({ teams: { added: [], removed: [teamB] }, removedTeamsDone: { [teamB]: 1 } });
    expect(await connection.db.select().from(attempts).where(eq(attempts.userId, agentB))).toHaveLength(1);
    // Added back, its done work counts again.
    await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit({ ...created, version: 2 }, { teamIds: [teamA, teamB] }) });
    const progress = await assignmentProgress({ db: connection.db, assignmentId: created.id, viewer: { id: author, role: "author" } });
    expect(progress?.teams.find((t) => t.id === teamB)).toMatchObject({ done: 1, total: 2 });
  });

  it("refuses a save made from an older version and keeps the first save", async () => {
    const created = await create();
    await editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { title: "Priya's title" }) });
    // Admin opened the form at version 1 too, and saves after Priya.
    const conflict = await refusal(editAssignment({ db: connection.db, actorId: admin, assignmentId: created.id, input: edit(created, { title: "Ada's title" }) }));
    expect([conflict.field, conflict.status, conflict.problem]).toEqual([null, 409, "version_conflict"]);
    expect(conflict.message).toBe(
      "Someone else (Priya) changed this assignment after this form was opened, so these changes were not saved. Reload the page to see the current version, then make your changes again.",
    );
    const own = await refusal(editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { title: "From a stale tab" }) }));
    expect(own.message).toMatch(/^You changed this assignment in another window after this form was opened/);
    expect((await connection.db.select().from(assignments).where(eq(assignments.id, created.id)))[0]).toMatchObject({ title: "Priya's title", version: 2 });
    expect((await refusal(cancelAssignment({ db: connection.db, actorId: admin, assignmentId: created.id, version: 1 }))).problem).toBe("version_conflict");
  });

  it("refuses the second of two saves from one version made at the same moment", async () => {
    const created = await create();
    const results = await Promise.allSettled([
      editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit(created, { title: "First" }) }),
      editAssignment({ db: connection.db, actorId: admin, assignmentId: created.id, input: edit(created, { title: "Second" }) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason instanceof InputError && rejected.reason.problem).toBe("version_conflict");
    expect(await audits("assignment.edit")).toHaveLength(1);
  });
});

describe("cancelling", () => {
  it("hides the assignment from agents' homes and from serving, keeps attempts and the completion up to the cancel, and audits it", async () => {
    const created = await create(author);
    await attempt(agentA, teamA, created.id, 0);
    // Dana has its second drill open when it is cancelled.
    const open = await serveNextDrill({ db: connection.db, userId: agentA, teamId: teamA, assigned: { assignmentId: created.id, position: 1 } });
    if (!open) throw new Error("nothing was served");
    expect((await agentHome({ db: connection.db, userId: agentB, teamId: teamB })).assigned).toHaveLength(2);

    const cancelledAt = new Date();
    await cancelAssignment({ db: connection.db, actorId: leader, assignmentId: created.id, version: 1, now: cancelledAt }).then(
      () => expect.unreachable("a leader who did not create it may not cancel it"),
      (e: unknown) => expect(e).toMatchObject({ status: 403 }),
    );
    await cancelAssignment({ db: connection.db, actorId: admin, assignmentId: created.id, version: 1, now: cancelledAt });

    for (const [userId, teamId] of [
      [agentA, teamA],
      [agentB, teamB],
    ] as const) {
      const home = await agentHome({ db: connection.db, userId, teamId });
      expect(home).toMatchObject({ assigned: [], totalAssigned: 0 });
      await expect(serveNextDrill({ db: connection.db, userId, teamId, assigned: { assignmentId: created.id, position: 0 } })).rejects.toMatchObject({ status: 404 });
    }
    // The open drill is closed with the reason; the next one served is ordinary practice.
    expect((await getServed({ db: connection.db, userId: agentA, servedId: open.id }))?.closed).toMatch(/assignment was cancelled/);
    await expect(
      submitAttempt({ db: connection.db, userId: agentA, servedId: open.id, form: { clientId: randomUUID(), revisionId: open.revisionId, marks: [], decision: "send", timeOnTaskMs: 20_000 } }),
    ).rejects.toMatchObject({ status: 409 });
    const next = await serveNextDrill({ db: connection.db, userId: agentB, teamId: teamB, random: () => 0 });
    expect(next?.reason).not.toBe("assigned");

    expect(await connection.db.select().from(attempts).where(and(eq(attempts.userId, agentA), eq(attempts.assignmentId, created.id)))).toHaveLength(1);
    const viewer = { id: author, role: "author" as const };
    const progress = await assignmentProgress({ db: connection.db, assignmentId: created.id, viewer });
    expect(progress).toMatchObject({ cancelledAt, cancelledBy: "Ada", overall: { done: 1, total: 4 } });
    // Work after the cancel does not count for it.
    await practise(agentA, "data-accountant-iban", new Date(cancelledAt.getTime() + 60_000));
    expect((await assignmentProgress({ db: connection.db, assignmentId: created.id, viewer }))?.overall.done).toBe(1);
    expect((await listAssignments({ db: connection.db, viewer }))[0]).toMatchObject({ cancelledAt, completion: 0.25 });

    const [entry] = await audits("assignment.cancel");
    expect(entry).toMatchObject({ actorId: admin, targetId: String(created.id) });
    expect(entry?.details).toEqual({ title: "Week 1", version: 2, teamIds: [teamA, teamB].sort((a, b) => a - b), drillIds: ["refunds-day-31", "data-accountant-iban"], closedServedDrills: 1 });
  });

  it("cannot be cancelled twice or edited once cancelled", async () => {
    const created = await create();
    await cancelAssignment({ db: connection.db, actorId: leader, assignmentId: created.id, version: 1 });
    expect((await refusal(cancelAssignment({ db: connection.db, actorId: author, assignmentId: created.id, version: 2 }))).problem).toBe("cancelled");
    const edited = await refusal(editAssignment({ db: connection.db, actorId: author, assignmentId: created.id, input: edit({ ...created, version: 2 }, { title: "Revived" }) }));
    expect([edited.status, edited.problem]).toEqual([409, "cancelled"]);
    expect(await audits("assignment.cancel")).toHaveLength(1);
  });
});
