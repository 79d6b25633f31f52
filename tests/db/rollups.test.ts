import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openPostgres, type Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { attempts, insightRollups, servedDrills, users } from "~/db/schema";
import { loadRevision } from "~/app/drills/drills.server";
import { rebuildRollups } from "~/app/insights/rollups.server";
import { submitAttempt } from "~/app/practice/attempts.server";
import { seededRandom } from "~/app/practice/seeded-random";
import { serveNextDrill } from "~/app/practice/serve.server";
import type { Mark } from "~/app/practice/types";
import { DECISIONS, FLAW_TYPES } from "~/app/vocabulary";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

type Pick = <T>(items: readonly T[]) => T;

/** A random but plausible answer to one served drill: marks on and off the flaws, any decision, rewrites good and useless. */
async function randomAnswer({ db, revisionId, random }: { db: Connection["db"]; revisionId: number; random: () => number }) {
  const revision = await loadRevision({ db, revisionId });
  if (!revision) throw new Error("no revision");
  const { draft, flaws } = revision.drill;
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  const marks: Mark[] = [];
  for (const flaw of flaws) if (random() < 0.7) marks.push({ start: flaw.start, end: flaw.end, type: random() < 0.8 ? flaw.type : pick(FLAW_TYPES) });
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    const start = Math.floor(random() * (draft.length - 5));
    marks.push({ start, end: start + 1 + Math.floor(random() * 4), type: pick(FLAW_TYPES) });
  }
  const decision = pick(DECISIONS);
  return {
    clientId: randomUUID(),
    revisionId,
    marks,
    decision,
    rewrite: decision === "rewrite" ? pick([draft, "ok", flaws.reduceRight((text, flaw) => text.slice(0, flaw.start) + text.slice(flaw.end), draft)]) : undefined,
    escalationReason: decision === "escalate" ? "Needs a specialist." : undefined,
    timeOnTaskMs: Math.floor(random() * 120_000),
  };
}

/** Agents practising at random: new drills, repeats after the answer (not counted), a move to another team midway. */
async function practise({ db, agents, rounds, seed, from }: { db: Connection["db"]; agents: { id: number; teamId: number }[]; rounds: number; seed: number; from: Date }) {
  const random = seededRandom(seed);
  const hour = 60 * 60 * 1000;
  let at = from.getTime();
  for (let round = 0; round < rounds; round++) {
    const agent = agents[round % agents.length];
    if (!agent) continue;
    // Time moves on, across several ISO weeks.
    at += Math.floor(1 + random() * 30) * hour;
    const now = new Date(at);
    let served = await serveNextDrill({ db, userId: agent.id, teamId: agent.teamId, random, now });
    if (random() < 0.2) {
      // A repeat of a drill already answered (a due review): it must not count.
      const [done] = await db.select().from(attempts).where(eq(attempts.userId, agent.id)).limit(1);
      if (done && served) {
        await db.update(servedDrills).set({ closedAt: now }).where(eq(servedDrills.id, served.id));
        const [repeat] = await db.insert(servedDrills).values({ userId: agent.id, drillId: done.drillId, revisionId: done.revisionId, reason: "review", isControl: !done.flawed, servedAt: now }).returning();
        served = repeat ?? null;
      }
    }
    if (!served) continue;
    await submitAttempt({ db, userId: agent.id, servedId: served.id, form: await randomAnswer({ db, revisionId: served.revisionId, random }), now });
  }
}

async function rollups(db: Connection["db"]) {
  return db.select().from(insightRollups).orderBy(asc(insightRollups.teamId), asc(insightRollups.userId), asc(insightRollups.week), asc(insightRollups.flawType));
}

describe("insight rollups", () => {
  it("equal a rebuild from the attempts after a random sequence of attempts", async () => {
    const alpha = await makeTeam(connection.db, { name: "Alpha" });
    const bravo = await makeTeam(connection.db, { name: "Bravo" });
    const agents = await Promise.all([alpha.id, alpha.id, bravo.id].map(async (teamId) => ({ id: (await makeUser(connection.db, { teamId, passwordHash: "x" })).id, teamId })));
    await practise({ db: connection.db, agents, rounds: 6, seed: 7, from: new Date("2026-11-02T08:00:00Z") });
    // One agent moves team: their next attempts count for the new team, the old ones stay.
    const mover = agents[0];
    if (!mover) throw new Error("no agents");
    await connection.db.update(users).set({ teamId: bravo.id }).where(eq(users.id, mover.id));
    mover.teamId = bravo.id;
    await practise({ db: connection.db, agents, rounds: 30, seed: 8, from: new Date("2026-12-20T08:00:00Z") });

    const incremental = await rollups(connection.db);
    expect(incremental.length).toBeGreaterThan(5);
    expect(new Set(incremental.filter((r) => r.userId === mover.id).map((r) => r.teamId))).toEqual(new Set([alpha.id, bravo.id]));
    const counted = await connection.db.select().from(attempts).where(eq(attempts.counted, true));
    const allRows = incremental.filter((r) => r.flawType === "all");
    expect(allRows.reduce((sum, r) => sum + r.attempts, 0)).toBe(counted.length);
    expect(allRows.reduce((sum, r) => sum + r.points, 0)).toBe(counted.reduce((sum, a) => sum + a.points, 0));

    const rebuilt = await rebuildRollups({ db: connection.db });
    expect(rebuilt.attempts).toBe(counted.length);
    expect(await rollups(connection.db)).toEqual(incremental);
  });

  it("stay exact with two app instances writing at once", async () => {
    const team = await makeTeam(connection.db);
    const agents = await Promise.all(Array.from({ length: 6 }, async () => ({ id: (await makeUser(connection.db, { teamId: team.id, passwordHash: "x" })).id, teamId: team.id })));
    // On PostgreSQL the second instance is a pool of its own on the same database; PGlite is one connection, shared.
    const second = connection.url ? openPostgres(connection.url, { max: 5 }) : connection;
    try {
      await Promise.all([
        practise({ db: connection.db, agents: agents.slice(0, 3), rounds: 24, seed: 11, from: new Date("2026-11-02T08:00:00Z") }),
        practise({ db: second.db, agents: agents.slice(3), rounds: 24, seed: 12, from: new Date("2026-11-02T08:00:00Z") }),
      ]);
    } finally {
      if (second !== connection) await second.close();
    }
    const incremental = await rollups(connection.db);
    await rebuildRollups({ db: connection.db });
    expect(await rollups(connection.db)).toEqual(incremental);
  });
});
