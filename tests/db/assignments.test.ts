import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { assignmentDrills, assignments, assignmentTeams, auditLog, drills, users } from "~/db/schema";
import { InputError } from "~/app/input-error";
import {
  assignmentFormOptions,
  assignmentProgress,
  createAssignment,
  listAssignments,
  type CreateAssignmentInput,
} from "~/app/assignments/assignments.server";
import { assignedDrillsFor } from "~/app/assignments/completion.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { createTestDatabase, importFixtureLibrary, resetDatabase } from "./test-database";

/*
 * The fixture library: five active drills.
 *   data-accountant-iban          en  restricted_data              [restricted-data, third-parties]
 *   ja-my-number-echo             ja  restricted_data, missing_c.  [restricted-data, citations]
 *   refunds-control-restocking    en  (clean control)              [restocking]
 *   refunds-day-31                en  hallucination                [return-window, warranty]
 *   refunds-fabricated-gift-card  en  tone, fabricated_citation    [citations, tone]
 */

const DAY = 24 * 60 * 60 * 1000;

let connection: Connection;
let teamA: number;
let teamB: number;
let author: { id: number; role: "author" };
let leader: { id: number; role: "leader" };
let admin: { id: number; role: "admin" };

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  await resetDatabase(connection);
  await importFixtureLibrary(connection);
  teamA = (await makeTeam(connection.db, { name: "Alpha" })).id;
  teamB = (await makeTeam(connection.db, { name: "Bravo" })).id;
  author = { id: (await makeUser(connection.db, { teamId: teamA, passwordHash: "x", role: "author" })).id, role: "author" };
  leader = { id: (await makeUser(connection.db, { teamId: teamA, passwordHash: "x", role: "leader", leads: [teamA] })).id, role: "leader" };
  admin = { id: (await makeUser(connection.db, { teamId: teamB, passwordHash: "x", role: "admin" })).id, role: "admin" };
});

function listInput(overrides: Partial<Extract<CreateAssignmentInput, { mode: "list" }>> = {}): CreateAssignmentInput {
  return { title: "Week 1", teamIds: [teamA], dueAt: new Date(Date.now() + 7 * DAY), mode: "list", drillIds: ["refunds-day-31", "data-accountant-iban"], ...overrides };
}

function filterInput(overrides: Partial<Extract<CreateAssignmentInput, { mode: "filter" }>> = {}): CreateAssignmentInput {
  return { title: "By filter", teamIds: [teamA], dueAt: new Date(Date.now() + 7 * DAY), mode: "filter", flawTypes: [], skills: [], locale: null, count: 1, ...overrides };
}

async function storedDrills(assignmentId: number) {
  const rows = await connection.db.select().from(assignmentDrills).where(eq(assignmentDrills.assignmentId, assignmentId)).orderBy(assignmentDrills.position);
  return rows.map((r) => r.drillId);
}

async function expectInputError(promise: Promise<unknown>, field: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).field).toBe(field);
  expect((error as InputError).message).toMatch(message);
}

describe("createAssignment", () => {
  it("stores an explicit list in order, for the chosen teams, with an audit entry", async () => {
    const created = await createAssignment({
      db: connection.db,
      actorId: author.id,
      input: listInput({ title: "  Week 1  ", teamIds: [teamA, teamB, teamA], drillIds: ["refunds-day-31", "data-accountant-iban", "refunds-day-31"] }),
    });
    expect(created.title).toBe("Week 1");
    expect(created.filter).toBeNull();
    expect(await storedDrills(created.id)).toEqual(["refunds-day-31", "data-accountant-iban"]);
    const teamRows = await connection.db.select().from(assignmentTeams).where(eq(assignmentTeams.assignmentId, created.id));
    expect(teamRows.map((t) => t.teamId).sort()).toEqual([teamA, teamB].sort());
    const [audit] = await connection.db.select().from(auditLog).where(eq(auditLog.action, "assignment.create"));
    expect(audit?.actorId).toBe(author.id);
    expect(audit?.targetId).toBe(String(created.id));
    expect(audit?.details).toMatchObject({ title: "Week 1", drillIds: ["refunds-day-31", "data-accountant-iban"] });
  });

  it("resolves a filter to concrete active drills at creation and keeps the filter for the record", async () => {
    const byType = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ flawTypes: ["restricted_data"], count: 2 }) });
    expect((await storedDrills(byType.id)).sort()).toEqual(["data-accountant-iban", "ja-my-number-echo"]);
    expect(byType.filter).toEqual({ flawTypes: ["restricted_data"], skills: [], locale: null, count: 2 });

    const byTypeAndLocale = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ flawTypes: ["restricted_data", "tone"], locale: "en", count: 2 }) });
    expect((await storedDrills(byTypeAndLocale.id)).sort()).toEqual(["data-accountant-iban", "refunds-fabricated-gift-card"]);

    const bySkill = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ skills: ["citations"], count: 2 }) });
    expect((await storedDrills(bySkill.id)).sort()).toEqual(["ja-my-number-echo", "refunds-fabricated-gift-card"]);

    // A newly retired drill no longer matches.
    await connection.db.update(drills).set({ status: "retired" }).where(eq(drills.id, "ja-my-number-echo"));
    const afterRetire = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ skills: ["citations"], count: 1 }) });
    expect(await storedDrills(afterRetire.id)).toEqual(["refunds-fabricated-gift-card"]);
  });

  it("mixes in clean controls when the filter has no flaw-type restriction, and picks the same drills for the same title", async () => {
    const first = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ title: "Mix", locale: "en", count: 3 }) });
    const picked = await storedDrills(first.id);
    expect(picked).toHaveLength(3);
    // round(30 % of 3) = 1 control among the three.
    expect(picked.filter((id) => id === "refunds-control-restocking")).toHaveLength(1);
    const again = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ title: "Mix", locale: "en", count: 3 }) });
    expect(await storedDrills(again.id)).toEqual(picked);

    // With a flaw-type restriction a control cannot match.
    const flawedOnly = await createAssignment({ db: connection.db, actorId: author.id, input: filterInput({ flawTypes: ["hallucination", "tone", "restricted_data"], locale: "en", count: 3 }) });
    expect(await storedDrills(flawedOnly.id)).not.toContain("refunds-control-restocking");
  });

  it("refuses each broken rule as an InputError on its field and writes nothing", async () => {
    const db = connection.db;
    const actorId = author.id;
    await expectInputError(createAssignment({ db, actorId, input: listInput({ title: "   " }) }), "title", /Enter a title/);
    await expectInputError(createAssignment({ db, actorId, input: listInput({ teamIds: [] }) }), "teamIds", /at least one team/);
    await expectInputError(createAssignment({ db, actorId, input: listInput({ teamIds: [teamA, 9999] }) }), "teamIds", /Unknown team id 9999/);
    await expectInputError(createAssignment({ db, actorId, input: listInput({ dueAt: new Date(Date.now() - DAY) }) }), "dueAt", /in the past/);
    await expectInputError(createAssignment({ db, actorId, input: listInput({ drillIds: [] }) }), "drillIds", /at least one drill/);
    await expectInputError(createAssignment({ db, actorId, input: listInput({ drillIds: ["refunds-day-31", "no-such-drill"] }) }), "drillIds", /Unknown drill: no-such-drill\./);
    await db.update(drills).set({ status: "retired" }).where(eq(drills.id, "refunds-day-31"));
    await expectInputError(createAssignment({ db, actorId, input: listInput({ drillIds: ["refunds-day-31"] }) }), "drillIds", /Not active in the library: refunds-day-31 \(retired\)/);
    await expectInputError(createAssignment({ db, actorId, input: filterInput({ flawTypes: ["restricted_data"], count: 3 }) }), "count", /Only 2 active drills match this filter/);
    await expectInputError(createAssignment({ db, actorId, input: filterInput({ locale: "xx", count: 1 }) }), "count", /No active drill matches/);
    expect(await db.select().from(assignments)).toHaveLength(0);
    expect(await db.select().from(assignmentTeams)).toHaveLength(0);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "assignment.create"))).toHaveLength(0);
  });

  it("lets a leader assign only to teams they lead, and an agent not at all", async () => {
    await expectInputError(createAssignment({ db: connection.db, actorId: leader.id, input: listInput({ teamIds: [teamA, teamB] }) }), "teamIds", /you do not lead Bravo/);
    const own = await createAssignment({ db: connection.db, actorId: leader.id, input: listInput({ teamIds: [teamA] }) });
    expect(own.teamIds).toEqual([teamA]);
    const agent = await makeUser(connection.db, { teamId: teamA, passwordHash: "x" });
    await expect(createAssignment({ db: connection.db, actorId: agent.id, input: listInput() })).rejects.toThrow(/may not create assignments/);
    // Authors and admins may assign to any team.
    await createAssignment({ db: connection.db, actorId: admin.id, input: listInput({ teamIds: [teamB] }) });
    expect(await connection.db.select().from(assignments)).toHaveLength(2);
  });
});

describe("reading assignments", () => {
  it("shows a leader only the teams they lead; authors and admins see everything", async () => {
    const forA = await createAssignment({ db: connection.db, actorId: author.id, input: listInput({ title: "For Alpha" }) });
    const forB = await createAssignment({ db: connection.db, actorId: author.id, input: listInput({ title: "For Bravo", teamIds: [teamB] }) });
    const forBoth = await createAssignment({ db: connection.db, actorId: author.id, input: listInput({ title: "For both", teamIds: [teamA, teamB] }) });

    const all = await listAssignments({ db: connection.db, viewer: admin });
    expect(all.map((a) => a.title)).toEqual(["For both", "For Bravo", "For Alpha"]);
    expect(all[0]?.teams.map((t) => t.name)).toEqual(["Alpha", "Bravo"]);

    const led = await listAssignments({ db: connection.db, viewer: leader });
    expect(led.map((a) => a.title)).toEqual(["For both", "For Alpha"]);
    expect(led[0]?.teams.map((t) => t.name)).toEqual(["Alpha"]);

    expect(await assignmentProgress({ db: connection.db, assignmentId: forB.id, viewer: leader })).toBeNull();
    expect((await assignmentProgress({ db: connection.db, assignmentId: forBoth.id, viewer: leader }))?.teams.map((t) => t.name)).toEqual(["Alpha"]);
    expect((await assignmentProgress({ db: connection.db, assignmentId: forBoth.id, viewer: author }))?.teams.map((t) => t.name)).toEqual(["Alpha", "Bravo"]);
    expect(await assignmentProgress({ db: connection.db, assignmentId: forA.id + 100, viewer: admin })).toBeNull();

    const unled = await makeUser(connection.db, { teamId: teamB, passwordHash: "x", role: "leader" });
    expect(await listAssignments({ db: connection.db, viewer: { id: unled.id, role: "leader" } })).toEqual([]);
  });

  it("offers the viewer's teams, the active drills, skills and locales", async () => {
    await connection.db.update(drills).set({ status: "retired" }).where(eq(drills.id, "ja-my-number-echo"));
    const forAuthor = await assignmentFormOptions({ db: connection.db, viewer: author });
    expect(forAuthor.teams.map((t) => t.name)).toEqual(["Alpha", "Bravo"]);
    expect(forAuthor.drills.map((d) => d.id)).not.toContain("ja-my-number-echo");
    expect(forAuthor.drills.find((d) => d.id === "refunds-day-31")).toMatchObject({ title: "Day-31 leak on an espresso machine", locale: "en", flawTypes: ["hallucination"] });
    expect(forAuthor.locales).toEqual(["en"]);
    expect(forAuthor.skills).toContain("return-window");
    expect((await assignmentFormOptions({ db: connection.db, viewer: leader })).teams.map((t) => t.name)).toEqual(["Alpha"]);
  });
});

describe("completion", () => {
  async function attempt(userId: number, assignmentId: number, drillId: string, now = new Date()) {
    const [item] = await connection.db.select().from(assignmentDrills).where(and(eq(assignmentDrills.assignmentId, assignmentId), eq(assignmentDrills.drillId, drillId)));
    if (!item) throw new Error(`${drillId} is not assigned`);
    const served = await serveNextDrill({ db: connection.db, userId, teamId: teamA, assigned: { assignmentId, position: item.position }, now });
    if (!served) throw new Error(`${drillId} was not served`);
    return submitAttempt({ db: connection.db, userId, servedId: served.id, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision: "send", timeOnTaskMs: 20_000 }, now });
  }

  it("counts distinct assigned drills each agent attempted since the assignment was created", async () => {
    const created = await createAssignment({ db: connection.db, actorId: author.id, input: listInput({ drillIds: ["refunds-day-31", "data-accountant-iban"] }) });
    const dana = await makeUser(connection.db, { teamId: teamA, passwordHash: "x", name: "Dana" });
    const luis = await makeUser(connection.db, { teamId: teamA, passwordHash: "x", name: "Luis" });
    const gone = await makeUser(connection.db, { teamId: teamA, passwordHash: "x", name: "Gone" });
    await connection.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));

    // Assigned drills come first in the agent's practice.
    const next = await serveNextDrill({ db: connection.db, userId: luis.id, teamId: teamA, random: () => 0 });
    expect(next?.reason).toBe("assigned");
    expect(next?.assignmentId).toBe(created.id);

    await attempt(dana.id, created.id, "refunds-day-31");
    // A completed assigned drill is never served again for that assignment.
    await expect(attempt(dana.id, created.id, "refunds-day-31")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/already done/) });
    // An attempt from before the assignment existed does not count.
    await attempt(luis.id, created.id, "data-accountant-iban", new Date(created.createdAt.getTime() - 60_000));
    // The agent's own list applies the same rule.
    const luisList = await assignedDrillsFor({ db: connection.db, userId: luis.id, teamId: teamA });
    expect(luisList.map((a) => [a.drillId, a.completed])).toEqual([
      ["refunds-day-31", false],
      ["data-accountant-iban", false],
    ]);
    const danaList = await assignedDrillsFor({ db: connection.db, userId: dana.id, teamId: teamA });
    expect(danaList.map((a) => [a.drillId, a.completed])).toEqual([
      ["refunds-day-31", true],
      ["data-accountant-iban", false],
    ]);

    const progress = await assignmentProgress({ db: connection.db, assignmentId: created.id, viewer: leader });
    expect(progress?.agents.map((a) => ({ name: a.name, done: a.done, total: a.total }))).toEqual([
      { name: "Dana", done: 1, total: 2 },
      { name: "Luis", done: 0, total: 2 },
    ]);
    expect(progress?.agents[0]?.completion).toBe(0.5);
    expect(progress?.teams).toEqual([{ id: teamA, name: "Alpha", agents: 2, done: 1, total: 4, completion: 0.25 }]);
    expect(progress?.drills.map((d) => [d.id, d.done])).toEqual([
      ["refunds-day-31", 1],
      ["data-accountant-iban", 0],
    ]);
    expect(progress?.overall).toEqual({ done: 1, total: 4, completion: 0.25 });

    await attempt(luis.id, created.id, "data-accountant-iban");
    const [listed] = await listAssignments({ db: connection.db, viewer: author });
    expect(listed).toMatchObject({ drillCount: 2, agentCount: 2, completion: 0.5 });
  });

  it("has no completion for teams without agents", async () => {
    await createAssignment({ db: connection.db, actorId: author.id, input: listInput({ teamIds: [teamB] }) });
    const [listed] = await listAssignments({ db: connection.db, viewer: author });
    expect(listed).toMatchObject({ agentCount: 0, completion: null });
  });
});
