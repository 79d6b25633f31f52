import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, drills, teams, users } from "~/db/schema";
import { createAssignment } from "~/app/assignments/assignments.server";
import { createTeam, getTeam, updateTeam } from "~/app/admin/teams.server";
import { getUser, updateUser } from "~/app/admin/users.server";
import { InputError } from "~/app/input-error";
import { submitAttempt } from "~/app/practice/attempts.server";
import { practiceLanguagesFor, setUserPracticeLanguages } from "~/app/practice/languages.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import type { FlawType } from "~/app/vocabulary";
import { createTestDatabase, importFixtureLibrary, resetDatabase } from "./test-database";

/** Issue 16, item 9: practice languages (user overrides team), self-paced serving filtered by them, assignments not. */

const JAPANESE = ["ja-my-number-echo"];
const ENGLISH = ["refunds-control-restocking", "refunds-fabricated-gift-card", "refunds-day-31", "data-accountant-iban"];

let connection: Connection;
let teamId: number;

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  await resetDatabase(connection);
  await importFixtureLibrary(connection);
  teamId = (await makeTeam(connection.db)).id;
});

const agent = async () => makeUser(connection.db, { teamId, passwordHash: "x" });
const admin = async () => makeUser(connection.db, { teamId, passwordHash: "x", role: "admin" });

async function serve(userId: number, extra: { focusFlawType?: FlawType; assigned?: { assignmentId: number; position: number } } = {}) {
  return serveNextDrill({ db: connection.db, userId, teamId, random: () => 0.5, ...extra });
}

async function answer(userId: number, served: { id: number; revisionId: number }) {
  await submitAttempt({ db: connection.db, userId, servedId: served.id, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision: "send", timeOnTaskMs: 5000 } });
}

/** Serves and answers `rounds` drills in a row, returning the ids served. */
async function practise(userId: number, rounds: number, extra: { focusFlawType?: FlawType } = {}) {
  const served: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const next = await serve(userId, extra);
    if (!next) break;
    served.push(next.drillId);
    await answer(userId, next);
  }
  return served;
}

/** Audit entries about users and teams (the library sync audits itself too). */
async function changes() {
  return connection.db.select().from(auditLog).where(inArray(auditLog.targetType, ["user", "team"])).orderBy(auditLog.id);
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("effective practice languages", () => {
  it("follow the team's default (English unless set) until the user chooses their own", async () => {
    const dana = await agent();
    expect(await practiceLanguagesFor({ db: connection.db, userId: dana.id })).toEqual({ languages: ["en"], source: "team", teamLanguages: ["en"] });

    await updateTeam({ db: connection.db, actorId: null, teamId, name: "Team", leaderIds: [], practiceLanguages: ["ja"] });
    expect(await practiceLanguagesFor({ db: connection.db, userId: dana.id })).toEqual({ languages: ["ja"], source: "team", teamLanguages: ["ja"] });

    await setUserPracticeLanguages({ db: connection.db, actor: { id: dana.id, role: "agent" }, userId: dana.id, languages: ["ja", "en", "ja"] });
    expect(await practiceLanguagesFor({ db: connection.db, userId: dana.id })).toEqual({ languages: ["en", "ja"], source: "user", teamLanguages: ["ja"] });

    await setUserPracticeLanguages({ db: connection.db, actor: { id: dana.id, role: "agent" }, userId: dana.id, languages: null });
    expect((await practiceLanguagesFor({ db: connection.db, userId: dana.id })).source).toBe("team");
  });

  it("a new team practises in English unless the admin picks otherwise", async () => {
    const plain = await createTeam({ db: connection.db, actorId: null, name: "Plain", leaderIds: [] });
    const tokyo = await createTeam({ db: connection.db, actorId: null, name: "Tokyo", leaderIds: [], practiceLanguages: ["ja", "en"] });
    expect(plain.practiceLanguages).toEqual(["en"]);
    expect((await getTeam({ db: connection.db, teamId: tokyo.id }))?.practiceLanguages).toEqual(["en", "ja"]);
  });
});

describe("self-paced serving", () => {
  it("never serves an English-only agent a Japanese drill", async () => {
    const dana = await agent();
    const served = await practise(dana.id, 10);
    expect(served.length).toBe(10);
    for (const id of served) expect(ENGLISH).toContain(id);
  });

  it("serves a Japanese-only agent only Japanese drills, even once they have done them all", async () => {
    const kenji = await agent();
    await setUserPracticeLanguages({ db: connection.db, actor: { id: kenji.id, role: "agent" }, userId: kenji.id, languages: ["ja"] });
    expect(await practise(kenji.id, 3)).toEqual(["ja-my-number-echo", "ja-my-number-echo", "ja-my-number-echo"]);
  });

  it("serves both languages to an agent who practises in both", async () => {
    const mei = await agent();
    await setUserPracticeLanguages({ db: connection.db, actor: { id: mei.id, role: "agent" }, userId: mei.id, languages: ["en", "ja"] });
    const served = new Set(await practise(mei.id, 8));
    expect(served).toContain("ja-my-number-echo");
    expect([...served].some((id) => ENGLISH.includes(id))).toBe(true);
  });

  it("keeps \"practise this\" to the agent's languages", async () => {
    const dana = await agent();
    for (const id of await practise(dana.id, 4, { focusFlawType: "restricted_data" })) expect(ENGLISH).toContain(id);

    const kenji = await agent();
    await setUserPracticeLanguages({ db: connection.db, actor: { id: kenji.id, role: "agent" }, userId: kenji.id, languages: ["ja"] });
    expect(await practise(kenji.id, 2, { focusFlawType: "restricted_data" })).toEqual(["ja-my-number-echo", "ja-my-number-echo"]);
    // No Japanese drill plants a hallucination: a plain refusal, not an English drill.
    const refused = await refusal(serve(kenji.id, { focusFlawType: "hallucination" }));
    expect(refused).toMatchObject({ status: 409, problem: "no_drill_in_languages" });
    expect(refused.message).toMatch(/no drills that plant hallucination in your practice languages \(Japanese/);
  });

  it("says plainly when nothing in the agent's languages is left, and serves nothing", async () => {
    const dana = await agent();
    await connection.db.update(drills).set({ status: "retired" }).where(inArray(drills.id, ENGLISH));
    const refused = await refusal(serve(dana.id));
    expect(refused).toMatchObject({ status: 409, problem: "no_drill_in_languages" });
    expect(refused.message).toMatch(/no drills in your practice languages \(English\)/);
    // With nothing in any language, the old answer: nothing to serve.
    await connection.db.update(drills).set({ status: "retired" }).where(inArray(drills.id, JAPANESE));
    expect(await serve(dana.id)).toBeNull();
  });

  it("keeps the one open drill: changing languages does not re-roll it", async () => {
    const dana = await agent();
    const open = await serve(dana.id);
    if (!open) throw new Error("nothing served");
    await setUserPracticeLanguages({ db: connection.db, actor: { id: dana.id, role: "agent" }, userId: dana.id, languages: ["ja"] });
    expect((await serve(dana.id))?.id).toBe(open.id);
  });
});

describe("assignments", () => {
  it("serve what was assigned whatever the agent's languages", async () => {
    const author = await makeUser(connection.db, { teamId, passwordHash: "x", role: "author" });
    const dana = await agent();
    const assignment = await createAssignment({
      db: connection.db,
      actorId: author.id,
      input: { title: "Japanese week", teamIds: [teamId], dueAt: new Date(Date.now() + 7 * 86_400_000), mode: "list", drillIds: ["ja-my-number-echo", "refunds-day-31"] },
    });
    const first = await serve(dana.id);
    expect(first).toMatchObject({ drillId: "ja-my-number-echo", reason: "assigned", assignmentId: assignment.id });
    if (!first) throw new Error("nothing served");
    await answer(dana.id, first);
    // Picked from the list by position, too.
    const second = await serve(dana.id, { assigned: { assignmentId: assignment.id, position: 1 } });
    expect(second).toMatchObject({ drillId: "refunds-day-31", reason: "assigned" });
    if (!second) throw new Error("nothing served");
    await answer(dana.id, second);
    // Once the assignment is done, self-paced practice is English again.
    for (const id of await practise(dana.id, 4)) expect(ENGLISH).toContain(id);
  });
});

describe("editing practice languages", () => {
  it("refuses languages the library does not have, and an empty choice, at the field", async () => {
    const dana = await agent();
    const actor = { id: dana.id, role: "agent" as const };
    const unknown = await refusal(setUserPracticeLanguages({ db: connection.db, actor, userId: dana.id, languages: ["pt"] }));
    expect(unknown).toMatchObject({ field: "practiceLanguages", status: 400 });
    expect(unknown.message).toMatch(/no drills in pt/);
    expect(await refusal(setUserPracticeLanguages({ db: connection.db, actor, userId: dana.id, languages: [] }))).toMatchObject({ field: "practiceLanguages", message: expect.stringMatching(/at least one/) });
    expect(await refusal(updateTeam({ db: connection.db, actorId: null, teamId, name: "T", leaderIds: [], practiceLanguages: [] }))).toMatchObject({ field: "practiceLanguages" });
    expect(await refusal(createTeam({ db: connection.db, actorId: null, name: "X", leaderIds: [], practiceLanguages: ["xx"] }))).toMatchObject({ field: "practiceLanguages" });
    const [row] = await connection.db.select({ own: users.practiceLanguages }).from(users).where(eq(users.id, dana.id));
    expect(row?.own).toBeNull();
    expect(await changes()).toEqual([]);
  });

  it("audits every change with before and after", async () => {
    const dana = await agent();
    const root = await admin();
    await setUserPracticeLanguages({ db: connection.db, actor: { id: dana.id, role: "agent" }, userId: dana.id, languages: ["en", "ja"] });
    await setUserPracticeLanguages({ db: connection.db, actor: { id: root.id, role: "admin" }, userId: dana.id, languages: null });
    await updateTeam({ db: connection.db, actorId: root.id, teamId, name: "Team", leaderIds: [], practiceLanguages: ["en", "ja"] });
    const before = await getUser({ db: connection.db, userId: dana.id });
    if (!before) throw new Error("no user");
    await updateUser({ db: connection.db, actorId: root.id, userId: dana.id, input: { email: before.email, name: before.name, role: "agent", teamId }, disabled: false, practiceLanguages: ["ja"] });

    const entries = await changes();
    expect(entries.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ["user.practice_languages", dana.id, String(dana.id)],
      ["user.practice_languages", root.id, String(dana.id)],
      ["team.update", root.id, String(teamId)],
      ["user.update", root.id, String(dana.id)],
    ]);
    expect(entries[0]?.details).toEqual({ before: null, after: ["en", "ja"] });
    expect(entries[1]?.details).toEqual({ before: ["en", "ja"], after: null });
    expect(entries[2]?.details).toMatchObject({ before: { practiceLanguages: ["en"] }, after: { practiceLanguages: ["en", "ja"] } });
    expect(entries[3]?.details).toMatchObject({ before: { practiceLanguages: null }, after: { practiceLanguages: ["ja"] } });
    expect(await practiceLanguagesFor({ db: connection.db, userId: dana.id })).toMatchObject({ languages: ["ja"], source: "user" });
  });

  it("an editing admin who leaves the languages out keeps them", async () => {
    const dana = await agent();
    const root = await admin();
    await setUserPracticeLanguages({ db: connection.db, actor: { id: dana.id, role: "agent" }, userId: dana.id, languages: ["ja"] });
    const before = await getUser({ db: connection.db, userId: dana.id });
    if (!before) throw new Error("no user");
    await updateUser({ db: connection.db, actorId: root.id, userId: dana.id, input: { email: before.email, name: "Dana R.", role: "agent", teamId }, disabled: false });
    expect((await getUser({ db: connection.db, userId: dana.id }))?.practiceLanguages).toEqual(["ja"]);
  });

  it("an agent cannot change another user's languages; an admin can", async () => {
    const dana = await agent();
    const luis = await agent();
    const leader = await makeUser(connection.db, { teamId, passwordHash: "x", role: "leader" });
    for (const actor of [{ id: luis.id, role: "agent" as const }, { id: leader.id, role: "leader" as const }]) {
      expect(await refusal(setUserPracticeLanguages({ db: connection.db, actor, userId: dana.id, languages: ["ja"] }))).toMatchObject({ status: 404 });
    }
    expect((await practiceLanguagesFor({ db: connection.db, userId: dana.id })).source).toBe("team");
    expect(await changes()).toEqual([]);

    const root = await admin();
    await setUserPracticeLanguages({ db: connection.db, actor: { id: root.id, role: "admin" }, userId: dana.id, languages: ["ja"] });
    expect((await practiceLanguagesFor({ db: connection.db, userId: dana.id })).languages).toEqual(["ja"]);
    expect(await refusal(setUserPracticeLanguages({ db: connection.db, actor: { id: root.id, role: "admin" }, userId: 999_999, languages: ["ja"] }))).toMatchObject({ status: 404 });
  });

  it("a stored language the library no longer has falls back to the team's, never to nothing", async () => {
    const dana = await agent();
    await connection.db.update(users).set({ practiceLanguages: ["xx"] }).where(eq(users.id, dana.id));
    await connection.db.update(teams).set({ practiceLanguages: ["ja", "yy"] }).where(eq(teams.id, teamId));
    expect(await practiceLanguagesFor({ db: connection.db, userId: dana.id })).toEqual({ languages: ["ja"], source: "team", teamLanguages: ["ja"] });
  });
});
