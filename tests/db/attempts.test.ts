import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, ne } from "drizzle-orm";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { agentRatings, attempts, drillRatings, drills, reviewCards, servedDrills } from "~/db/schema";
import { submitAttempt } from "~/app/practice/attempts.server";
import { InputError } from "~/app/input-error";
import { loadRevision } from "~/app/drills/drills.server";
import { openServedDrill, serveNextDrill } from "~/app/practice/serve.server";
import type { AttemptForm } from "~/app/practice/attempt-form";
import { createTestDatabase, importFixtureLibrary, resetDatabase } from "./test-database";

let connection: Connection;
let userId: number;
let teamId: number;

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  await resetDatabase(connection);
  await importFixtureLibrary(connection);
  // Both languages: these tests serve the whole fixture library, its Japanese drill included.
  const team = await makeTeam(connection.db, { practiceLanguages: ["en", "ja"] });
  teamId = team.id;
  userId = (await makeUser(connection.db, { teamId, passwordHash: "x" })).id;
});

async function serve() {
  const served = await serveNextDrill({ db: connection.db, userId, teamId, random: () => 0 });
  if (!served) throw new Error("nothing served");
  const revision = await loadRevision({ db: connection.db, revisionId: served.revisionId });
  if (!revision) throw new Error("no revision");
  return { served, drill: revision.drill };
}

function form(overrides: Partial<AttemptForm> & { revisionId: number }): AttemptForm {
  return { clientId: randomUUID(), marks: [], decision: "send", timeOnTaskMs: 30_000, ...overrides };
}

describe("submitAttempt", () => {
  it("scores on the server from the stored revision and updates ratings and reviews in one go", async () => {
    const { served, drill } = await serve();
    const flaw = drill.flaws[0];
    const marks = flaw ? [{ start: flaw.start, end: flaw.end, type: flaw.type }] : [];
    const decision = drill.flaws.length > 0 ? "rewrite" : "send";
    const result = await submitAttempt({
      db: connection.db,
      userId,
      servedId: served.id,
      form: form({ revisionId: served.revisionId, marks, decision, rewrite: decision === "rewrite" ? "A corrected reply." : undefined }),
    });
    expect(result.duplicate).toBe(false);
    const [attempt] = await connection.db.select().from(attempts).where(eq(attempts.id, result.attemptId));
    expect(attempt?.revisionId).toBe(served.revisionId);
    expect(attempt?.outcome).toBe(drill.flaws.length > 0 ? "hit" : "correct_rejection");
    expect(attempt?.points).toBeGreaterThan(0);
    const [rating] = await connection.db.select().from(agentRatings).where(eq(agentRatings.userId, userId));
    expect(rating?.rd).toBeLessThan(350);
    expect(await connection.db.select().from(drillRatings)).toHaveLength(1);
    if (drill.flaws.length > 0) expect((await connection.db.select().from(reviewCards)).length).toBeGreaterThan(0);
  });

  it("refuses marks outside the draft, a revision that was not served, and someone else's served drill", async () => {
    const { served, drill } = await serve();
    const outside = submitAttempt({
      db: connection.db,
      userId,
      servedId: served.id,
      form: form({ revisionId: served.revisionId, marks: [{ start: 0, end: drill.draft.length + 5, type: "tone" }] }),
    });
    await expect(outside).rejects.toThrow(InputError);
    await expect(outside).rejects.toMatchObject({ field: "marks", status: 400, message: expect.stringMatching(/outside the draft/) });
    await expect(submitAttempt({ db: connection.db, userId, servedId: served.id, form: form({ revisionId: served.revisionId + 999 }) })).rejects.toMatchObject(
      { field: "revisionId", status: 400, message: expect.stringMatching(/You were served revision/) },
    );
    const other = await makeUser(connection.db, { teamId, passwordHash: "x" });
    await expect(submitAttempt({ db: connection.db, userId: other.id, servedId: served.id, form: form({ revisionId: served.revisionId }) })).rejects.toThrow(
      /not served to you/,
    );
    expect(await connection.db.select().from(attempts)).toHaveLength(0);
  });

  it("records one attempt for 50 concurrent submissions with one client id", async () => {
    const { served } = await serve();
    const same = form({ revisionId: served.revisionId });
    const results = await Promise.all(Array.from({ length: 50 }, () => submitAttempt({ db: connection.db, userId, servedId: served.id, form: same })));
    const ids = new Set(results.map((r) => r.attemptId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.duplicate).length).toBeLessThanOrEqual(1);
    expect(await connection.db.select().from(attempts)).toHaveLength(1);
  });

  it("refuses a second attempt on the same served drill with another client id", async () => {
    const { served } = await serve();
    await submitAttempt({ db: connection.db, userId, servedId: served.id, form: form({ revisionId: served.revisionId }) });
    await expect(submitAttempt({ db: connection.db, userId, servedId: served.id, form: form({ revisionId: served.revisionId }) })).rejects.toThrow(/already submitted/);
  });
});

describe("serveNextDrill", () => {
  it("never serves retired or needs-review drills, and records the served revision", async () => {
    await connection.db.update(drills).set({ status: "retired" }).where(ne(drills.id, "refunds-day-31"));
    await connection.db.update(drills).set({ status: "needs_review" }).where(eq(drills.id, "refunds-control-restocking"));
    for (let i = 0; i < 5; i++) {
      const { served } = await serve();
      expect(served.drillId).toBe("refunds-day-31");
      await submitAttempt({ db: connection.db, userId, servedId: served.id, form: form({ revisionId: served.revisionId }) });
    }
    const rows = await connection.db.select().from(servedDrills);
    expect(rows).toHaveLength(5);
    const [current] = await connection.db.select().from(drills).where(eq(drills.id, "refunds-day-31"));
    expect(rows.every((r) => r.revisionId === current?.currentRevisionId)).toBe(true);
  });
});

describe("spaced repetition", () => {
  it("brings a missed drill back as a review once it is due, before new drills", async () => {
    const drillsServed = new Set<string>();
    let missed: { drillId: string } | null = null;
    // Serve until a flawed drill comes up, and send it as is: a miss.
    for (let i = 0; i < 10 && !missed; i++) {
      const { served, drill } = await serve();
      drillsServed.add(served.drillId);
      await submitAttempt({ db: connection.db, userId, servedId: served.id, form: form({ revisionId: served.revisionId, decision: "send" }) });
      if (drill.flaws.length > 0) missed = { drillId: served.drillId };
    }
    if (!missed) throw new Error("no flawed drill was served");
    const cards = await connection.db.select().from(reviewCards).where(eq(reviewCards.userId, userId));
    const drillCard = cards.find((c) => c.kind === "drill" && c.key === missed?.drillId);
    expect(drillCard).toBeDefined();
    if (!drillCard) return;
    expect(drillCard.due.getTime()).toBeGreaterThan(Date.now());

    const later = new Date(drillCard.due.getTime() + 60_000);
    const reasons: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = await serveNextDrill({ db: connection.db, userId, teamId, random: () => 0, now: later });
      if (!next) break;
      reasons.push(next.reason);
      if (next.reason === "review") break;
    }
    expect(reasons).toContain("review");
  });
});

describe("openServedDrill", () => {
  it("reopens the unanswered drill until it is answered, however long ago it was served", async () => {
    expect(await openServedDrill({ db: connection.db, userId })).toBeNull();
    const { served } = await serve();
    expect((await openServedDrill({ db: connection.db, userId }))?.id).toBe(served.id);
    expect((await openServedDrill({ db: connection.db, userId, now: new Date(Date.now() + 25 * 60 * 60 * 1000) }))?.id).toBe(served.id);
    await submitAttempt({ db: connection.db, userId, servedId: served.id, form: form({ revisionId: served.revisionId }) });
    expect(await openServedDrill({ db: connection.db, userId })).toBeNull();
  });

  it("closes an open drill whose drill was retired since, for good", async () => {
    const { served } = await serve();
    await connection.db.update(drills).set({ status: "retired" }).where(eq(drills.id, served.drillId));
    expect(await openServedDrill({ db: connection.db, userId })).toBeNull();
    await connection.db.update(drills).set({ status: "active" }).where(eq(drills.id, served.drillId));
    expect(await openServedDrill({ db: connection.db, userId })).toBeNull();
  });
});
