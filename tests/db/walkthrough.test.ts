import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { attempts, users } from "~/db/schema";
import { seedDemo } from "~/db/seed";
import { submitAttempt } from "~/app/practice/attempts.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { markWalkthroughSeen, walkthroughSeenAt, walkthroughState } from "~/app/walkthrough/walkthrough.server";
import { useTestDatabase } from "./test-database";

/** Issue 16, item 11: the drill page's walkthrough is remembered per user, on the server. */
const connection = useTestDatabase({ fixtureLibrary: true });

async function twoAgents() {
  const team = await makeTeam(connection.db);
  const dana = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
  const luis = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
  return { team, dana, luis };
}

describe("the walkthrough's seen flag", () => {
  it("is stored for the agent who closed it, and another agent still meets it", async () => {
    const { dana, luis } = await twoAgents();
    expect(await walkthroughState({ db: connection.db, userId: dana.id, asked: false })).toEqual({ openOnArrival: true, seen: false });
    const now = new Date("2026-12-01T09:00:00Z");
    await markWalkthroughSeen({ db: connection.db, userId: dana.id, now });
    expect(await walkthroughSeenAt({ db: connection.db, userId: dana.id })).toEqual(now);
    expect(await walkthroughState({ db: connection.db, userId: dana.id, asked: false })).toEqual({ openOnArrival: false, seen: true });
    expect(await walkthroughState({ db: connection.db, userId: dana.id, asked: true })).toEqual({ openOnArrival: true, seen: true });
    expect(await walkthroughSeenAt({ db: connection.db, userId: luis.id })).toBeNull();
    expect(await walkthroughState({ db: connection.db, userId: luis.id, asked: false })).toEqual({ openOnArrival: true, seen: false });
  });

  it("keeps the first time: closing it again after reopening changes nothing", async () => {
    const { dana } = await twoAgents();
    const first = new Date("2026-12-01T09:00:00Z");
    await markWalkthroughSeen({ db: connection.db, userId: dana.id, now: first });
    await markWalkthroughSeen({ db: connection.db, userId: dana.id, now: new Date("2026-12-02T09:00:00Z") });
    expect(await walkthroughSeenAt({ db: connection.db, userId: dana.id })).toEqual(first);
  });

  it("counts as seen for the demo organisation, whose people have worked here a while", async () => {
    const now = new Date("2026-12-01T09:00:00Z");
    await seedDemo({ db: connection.db, passwordHash: "x", now });
    const rows = await connection.db.select({ seenAt: users.walkthroughSeenAt }).from(users);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.seenAt).toEqual(now);
  });

  it("is backfilled by migration 0023 from an agent's first attempt, and not for an agent without one", async () => {
    const { team, dana, luis } = await twoAgents();
    const answered = new Date("2026-11-20T08:00:00Z");
    for (const at of [answered, new Date("2026-11-21T08:00:00Z")]) {
      const served = await serveNextDrill({ db: connection.db, userId: dana.id, teamId: team.id, random: () => 0, now: at });
      if (!served) throw new Error("nothing served");
      await submitAttempt({ db: connection.db, userId: dana.id, servedId: served.id, now: at, form: { clientId: randomUUID(), marks: [], decision: "send", timeOnTaskMs: 30_000, revisionId: served.revisionId } });
    }
    expect(await connection.db.select().from(attempts).where(eq(attempts.userId, dana.id))).toHaveLength(2);
    await connection.db.execute(sql.raw(readFileSync("db/migrations/0023_backfill_walkthrough_seen.sql", "utf8")));
    expect(await walkthroughSeenAt({ db: connection.db, userId: dana.id })).toEqual(answered);
    expect(await walkthroughSeenAt({ db: connection.db, userId: luis.id })).toBeNull();
  });
});
