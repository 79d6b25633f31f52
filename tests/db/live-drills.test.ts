import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { drills } from "~/db/schema";
import { assignmentFormOptions, createAssignment } from "~/app/assignments/assignments.server";
import { homeSummary } from "~/app/home.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { InputError } from "~/app/input-error";
import { createTestDatabase, importFixtureLibrary, resetDatabase } from "./test-database";

/** One rule (`isLive` with `currentRevision` in app/drills): only active drills are served, assigned or counted as the live library. */

let connection: Connection;
let teamId: number;
let author: Awaited<ReturnType<typeof makeUser>>;
const SET_ASIDE = ["refunds-day-31", "data-accountant-iban"];

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  await resetDatabase(connection);
  await importFixtureLibrary(connection);
  teamId = (await makeTeam(connection.db)).id;
  author = await makeUser(connection.db, { teamId, passwordHash: "x", role: "author" });
  await connection.db.update(drills).set({ status: "needs_review" }).where(inArray(drills.id, [SET_ASIDE[0] ?? ""]));
  await connection.db.update(drills).set({ status: "retired" }).where(inArray(drills.id, [SET_ASIDE[1] ?? ""]));
});

describe("live drills", () => {
  it("are the only ones served, however many drills an agent asks for", async () => {
    const agent = await makeUser(connection.db, { teamId, passwordHash: "x" });
    const served = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const next = await serveNextDrill({ db: connection.db, userId: agent.id, teamId, random: () => 0.5 });
      if (!next) break;
      served.add(next.drillId);
      await submitAttempt({ db: connection.db, userId: agent.id, servedId: next.id, form: { clientId: randomUUID(), revisionId: next.revisionId, marks: [], decision: "send", timeOnTaskMs: 1000 } });
    }
    expect(served.size).toBeGreaterThan(0);
    for (const id of SET_ASIDE) expect(served).not.toContain(id);
  });

  it("are the only ones an assignment can list or the form offers", async () => {
    const options = await assignmentFormOptions({ db: connection.db, viewer: { id: author.id, role: "author" } });
    expect(options.drills.map((d) => d.id).sort()).toEqual(["ja-my-number-echo", "refunds-control-restocking", "refunds-fabricated-gift-card"]);
    const refused = createAssignment({
      db: connection.db,
      actorId: author.id,
      input: { title: "W", teamIds: [teamId], dueAt: new Date(Date.now() + 86_400_000), mode: "list", drillIds: [...SET_ASIDE] },
    });
    await expect(refused).rejects.toBeInstanceOf(InputError);
  });

  it("are what the author's home counts as the library", async () => {
    const summary = await homeSummary({ db: connection.db, user: { id: author.id, role: "author", teamId, name: author.name, email: author.email } });
    expect(summary).toMatchObject({ drills: 3, controls: 1, needsReview: 1 });
  });
});
