import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { agentRatings, attempts, drillRatings, drills, servedDrills } from "~/db/schema";
import { createAssignment } from "~/app/assignments/assignments.server";
import { loadRevision } from "~/app/drills/drills.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import { agentProgress } from "~/app/practice/progress.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import type { Mark } from "~/app/practice/types";
import { createTestDatabase, importFixtureLibrary, resetDatabase } from "./test-database";

/** DESIGN "An attempt and how it is scored": every figure is earned once. */

let connection: Connection;
let teamId: number;
let userId: number;

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  await resetDatabase(connection);
  await importFixtureLibrary(connection);
  teamId = (await makeTeam(connection.db)).id;
  userId = (await makeUser(connection.db, { teamId, passwordHash: "x" })).id;
});

async function perfectAnswer(revisionId: number) {
  const revision = await loadRevision({ db: connection.db, revisionId });
  if (!revision) throw new Error("no revision");
  const marks: Mark[] = revision.drill.flaws.map((flaw) => ({ start: flaw.start, end: flaw.end, type: flaw.type }));
  const decision = revision.drill.expected;
  return {
    clientId: randomUUID(),
    revisionId,
    marks,
    decision,
    rewrite: decision === "rewrite" ? "Thank you for your message; our team has checked your order and will reply with the correct details today." : undefined,
    escalationReason: decision === "escalate" ? "Needs the specialist team." : undefined,
    timeOnTaskMs: 40_000,
  };
}

async function serve(extra: Partial<Parameters<typeof serveNextDrill>[0]> = {}) {
  const served = await serveNextDrill({ db: connection.db, userId, teamId, random: () => 0, ...extra });
  if (!served) throw new Error("nothing served");
  return served;
}

describe("replaying an assigned drill", () => {
  it("is refused once it is done, so 40 replays earn nothing", async () => {
    const author = await makeUser(connection.db, { teamId, passwordHash: "x", role: "author" });
    const assignment = await createAssignment({
      db: connection.db,
      actorId: author.id,
      input: { title: "W", teamIds: [teamId], dueAt: new Date(Date.now() + 86_400_000), mode: "list", drillIds: ["refunds-day-31"] },
    });
    const served = await serve({ assigned: { assignmentId: assignment.id, position: 0 } });
    await submitAttempt({ db: connection.db, userId, servedId: served.id, form: await perfectAnswer(served.revisionId) });
    const [rating] = await connection.db.select().from(agentRatings).where(eq(agentRatings.userId, userId));
    for (let i = 0; i < 40; i++) {
      await expect(serve({ assigned: { assignmentId: assignment.id, position: 0 } })).rejects.toMatchObject({ status: 409 });
    }
    const [after] = await connection.db.select().from(agentRatings).where(eq(agentRatings.userId, userId));
    expect(after?.rating).toBe(rating?.rating);
    expect(await connection.db.select().from(attempts)).toHaveLength(1);
  });
});

describe("only the first attempt at a drill counts", () => {
  it("a later attempt at the same drill moves neither rating nor points, and says it did not count", async () => {
    const first = await serve();
    const firstResult = await submitAttempt({ db: connection.db, userId, servedId: first.id, form: await perfectAnswer(first.revisionId) });
    const [ratingAfterFirst] = await connection.db.select().from(agentRatings).where(eq(agentRatings.userId, userId));
    const [drillRatingAfterFirst] = await connection.db.select().from(drillRatings).where(eq(drillRatings.drillId, first.drillId));
    const progressAfterFirst = await agentProgress({ db: connection.db, userId });

    // The same drill served again (as a due review would be), answered perfectly.
    const [again] = await connection.db
      .insert(servedDrills)
      .values({ userId, drillId: first.drillId, revisionId: first.revisionId, reason: "review", isControl: first.isControl })
      .returning();
    if (!again) throw new Error("not served");
    const second = await submitAttempt({ db: connection.db, userId, servedId: again.id, form: await perfectAnswer(again.revisionId) });

    const stored = await connection.db.select().from(attempts).where(eq(attempts.userId, userId)).orderBy(attempts.id);
    expect(stored.map((a) => [a.id, a.counted])).toEqual([
      [firstResult.attemptId, true],
      [second.attemptId, false],
    ]);
    expect(stored[1]?.agentRatingDelta).toBe(0);
    const [ratingAfterSecond] = await connection.db.select().from(agentRatings).where(eq(agentRatings.userId, userId));
    const [drillRatingAfterSecond] = await connection.db.select().from(drillRatings).where(eq(drillRatings.drillId, first.drillId));
    expect(ratingAfterSecond).toEqual(ratingAfterFirst);
    expect(drillRatingAfterSecond).toEqual(drillRatingAfterFirst);
    const progress = await agentProgress({ db: connection.db, userId });
    expect(progress.points).toBe(progressAfterFirst.points);
    expect(progress.attempts).toBe(progressAfterFirst.attempts);
  });

  it("is enforced by the database too: a second counted attempt at one drill cannot be stored", async () => {
    const first = await serve();
    const { attemptId } = await submitAttempt({ db: connection.db, userId, servedId: first.id, form: await perfectAnswer(first.revisionId) });
    const [stored] = await connection.db.select().from(attempts).where(eq(attempts.id, attemptId));
    if (!stored) throw new Error("not stored");
    const [again] = await connection.db.insert(servedDrills).values({ userId, drillId: first.drillId, revisionId: first.revisionId, reason: "review", isControl: first.isControl }).returning();
    if (!again) throw new Error("not served");
    const { id: _id, ...copy } = stored;
    await expect(connection.db.insert(attempts).values({ ...copy, clientId: randomUUID(), servedId: again.id, counted: true })).rejects.toThrow();
  });
});

describe("hoarding and re-rolling", () => {
  it("every way of asking returns the one open drill until it is answered", async () => {
    const first = await serve();
    expect((await serve({ focusFlawType: "tone" })).id).toBe(first.id);
    expect((await serve({ focusFlawType: "restricted_data" })).id).toBe(first.id);
    expect((await serve({ random: () => 0.99 })).id).toBe(first.id);
    expect(await connection.db.select().from(servedDrills)).toHaveLength(1);
  });

  it("two requests at once still leave one open drill", async () => {
    const served = await Promise.all(Array.from({ length: 8 }, (_, i) => serve({ random: () => i / 8 })));
    expect(new Set(served.map((s) => s.id)).size).toBe(1);
    expect(await connection.db.select().from(servedDrills)).toHaveLength(1);
  });
});

describe("a drill retired or set aside after it was served", () => {
  for (const status of ["retired", "needs_review"] as const) {
    it(`is refused with 409 and the reason when ${status}`, async () => {
      const served = await serve();
      await connection.db.update(drills).set({ status }).where(eq(drills.id, served.drillId));
      const refused = submitAttempt({ db: connection.db, userId, servedId: served.id, form: await perfectAnswer(served.revisionId) });
      await expect(refused).rejects.toMatchObject({ status: 409, message: expect.stringMatching(status === "retired" ? /retired/ : /set aside for review/) });
      expect(await connection.db.select().from(attempts)).toHaveLength(0);
      expect(await connection.db.select().from(agentRatings)).toHaveLength(0);
    });
  }
});

describe("a client id reused on another served drill", () => {
  it("is refused with 409, never mapped to the first attempt", async () => {
    const first = await serve();
    const answer = await perfectAnswer(first.revisionId);
    await submitAttempt({ db: connection.db, userId, servedId: first.id, form: answer });
    const second = await serve();
    expect(second.id).not.toBe(first.id);
    const reused = submitAttempt({ db: connection.db, userId, servedId: second.id, form: { ...(await perfectAnswer(second.revisionId)), clientId: answer.clientId } });
    await expect(reused).rejects.toMatchObject({ status: 409, field: "clientId" });
    const [stillOpen] = await connection.db.select().from(servedDrills).where(eq(servedDrills.id, second.id));
    expect(stillOpen?.closedAt).toBeNull();
  });
});

