import { asc, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openPostgres } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { assistEvents, assistRollups, auditLog, teamAssistRollups, users } from "~/db/schema";
import { uploadEventsCsv } from "~/app/production/csv-upload.server";
import { validateBatch } from "~/app/production/events";
import { ingestEvents } from "~/app/production/events.server";
import { seededRandom } from "~/app/practice/seeded-random";
import { ASSIST_ACTIONS } from "~/app/vocabulary";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase();

const now = new Date("2026-03-10T12:00:00Z");

async function organisation() {
  const returns = await makeTeam(connection.db, { name: "Returns" });
  const billing = await makeTeam(connection.db, { name: "Billing" });
  const dana = await makeUser(connection.db, { teamId: returns.id, passwordHash: "x", email: "dana@example.test" });
  const omar = await makeUser(connection.db, { teamId: billing.id, passwordHash: "x", email: "omar@example.test" });
  const leader = await makeUser(connection.db, { teamId: returns.id, passwordHash: "x", role: "leader", email: "lead@example.test" });
  await connection.db.update(users).set({ agentRef: "ZD-OMAR" }).where(sql`${users.id} = ${omar.id}`);
  return { returns, billing, dana, omar, leader };
}

function ingest(items: unknown[], db = connection.db) {
  return ingestEvents({ db, batch: validateBatch(items, { now }) });
}

const event = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  agentEmail: "dana@example.test",
  occurredAt: "2026-03-02T14:05:00Z",
  action: "accepted",
  ...extra,
});

async function storedIds() {
  return (await connection.db.select({ externalId: assistEvents.externalId }).from(assistEvents).orderBy(asc(assistEvents.externalId))).map((row) => row.externalId);
}

async function rollups() {
  return connection.db.select().from(assistRollups).orderBy(asc(assistRollups.teamId), asc(assistRollups.userId), asc(assistRollups.week), asc(assistRollups.suggestionKind));
}

async function teamRollups() {
  return connection.db.select().from(teamAssistRollups).orderBy(asc(teamAssistRollups.teamId), asc(teamAssistRollups.week), asc(teamAssistRollups.suggestionKind));
}

/** The team rollups as the agents' recounted rows summed per team × week × kind. */
function teamSums(agentRows: Awaited<ReturnType<typeof recount>>) {
  const rows = new Map<string, { teamId: number; week: string; suggestionKind: string; accepted: number; rejected: number; editedUnknownRatio: number; editedByRatio: number[] }>();
  for (const row of agentRows) {
    const key = `${row.teamId}|${row.week}|${row.suggestionKind}`;
    const sum = rows.get(key);
    if (!sum) rows.set(key, { teamId: row.teamId, week: row.week, suggestionKind: row.suggestionKind, accepted: row.accepted, rejected: row.rejected, editedUnknownRatio: row.editedUnknownRatio, editedByRatio: [...row.editedByRatio] });
    else {
      sum.accepted += row.accepted;
      sum.rejected += row.rejected;
      sum.editedUnknownRatio += row.editedUnknownRatio;
      sum.editedByRatio = sum.editedByRatio.map((count, i) => count + (row.editedByRatio[i] ?? 0));
    }
  }
  return [...rows.values()].sort((a, b) => a.teamId - b.teamId || a.week.localeCompare(b.week) || a.suggestionKind.localeCompare(b.suggestionKind));
}

/** The rollups recounted from the stored events, with the week worked out by PostgreSQL (ISO weeks start on Monday). */
async function recount() {
  const events = await connection.db
    .select({
      teamId: assistEvents.teamId,
      userId: assistEvents.userId,
      week: sql<string>`to_char(date_trunc('week', ${assistEvents.occurredAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
      suggestionKind: assistEvents.suggestionKind,
      action: assistEvents.action,
      editRatio: assistEvents.editRatio,
    })
    .from(assistEvents);
  const rows = new Map<string, { teamId: number; userId: number; week: string; suggestionKind: string; accepted: number; rejected: number; editedUnknownRatio: number; editedByRatio: number[] }>();
  for (const e of events) {
    const key = `${e.teamId}|${e.userId}|${e.week}|${e.suggestionKind ?? ""}`;
    let row = rows.get(key);
    if (!row) {
      row = { teamId: e.teamId, userId: e.userId, week: e.week, suggestionKind: e.suggestionKind ?? "", accepted: 0, rejected: 0, editedUnknownRatio: 0, editedByRatio: Array.from({ length: 20 }, () => 0) };
      rows.set(key, row);
    }
    if (e.action === "accepted") row.accepted++;
    else if (e.action === "rejected") row.rejected++;
    else if (e.editRatio === null) row.editedUnknownRatio++;
    else {
      const bucket = Math.min(19, Math.floor(e.editRatio * 20));
      row.editedByRatio[bucket] = (row.editedByRatio[bucket] ?? 0) + 1;
    }
  }
  return [...rows.values()].sort((a, b) => a.teamId - b.teamId || a.userId - b.userId || a.week.localeCompare(b.week) || a.suggestionKind.localeCompare(b.suggestionKind));
}

describe("ingesting production events", () => {
  it("is idempotent: the same batch twice stores it once", async () => {
    await organisation();
    const batch = [event("s-1"), event("s-2", { action: "edited", editRatio: 0.4 }), event("s-3", { action: "rejected" })];
    expect(await ingest(batch)).toEqual({ accepted: 3, duplicates: 0, rejected: 0, errors: [] });
    const after = await rollups();
    expect(await ingest(batch)).toEqual({ accepted: 0, duplicates: 3, rejected: 0, errors: [] });
    expect(await storedIds()).toEqual(["s-1", "s-2", "s-3"]);
    expect(await rollups()).toEqual(after);
  });

  it("counts a repeated external id within one batch as a duplicate, keeping the first", async () => {
    await organisation();
    const result = await ingest([event("s-1"), event("s-1", { action: "rejected" }), event("s-2"), event("s-1")]);
    expect(result).toEqual({ accepted: 2, duplicates: 2, rejected: 0, errors: [] });
    const [row] = await rollups();
    expect(row).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it("rejects only the malformed item among good ones, with its index and the field", async () => {
    await organisation();
    const result = await ingest([event("s-1"), event("s-2", { action: "edited", editRatio: 1.5 }), event("s-3"), { nonsense: true }]);
    expect(result).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: 2,
      errors: [
        { index: 1, reason: "editRatio: must be from 0 to 1" },
        { index: 3, reason: expect.stringContaining('unknown field "nonsense"') },
      ],
    });
    expect(await storedIds()).toEqual(["s-1", "s-3"]);
  });

  it("reports unknown agents and users who are not agents, and never creates anyone", async () => {
    await organisation();
    const before = await connection.db.select({ id: users.id }).from(users);
    const result = await ingest([event("s-1", { agentEmail: "nobody@example.test" }), event("s-2", { agentEmail: undefined, agentRef: "ZD-NOBODY" }), event("s-3", { agentEmail: "lead@example.test" }), event("s-4")]);
    expect(result).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: 3,
      errors: [
        { index: 0, reason: "agentEmail: no user has this email" },
        { index: 1, reason: "agentRef: no user has this agent reference" },
        { index: 2, reason: "agentEmail: this user is not an agent" },
      ],
    });
    expect(await connection.db.select({ id: users.id }).from(users)).toHaveLength(before.length);
    expect(await storedIds()).toEqual(["s-4"]);
  });

  it("finds agents by agentRef and by email in any case, and files each event under the agent's team now", async () => {
    const { dana, omar, returns, billing } = await organisation();
    await ingest([event("s-1", { agentEmail: undefined, agentRef: "ZD-OMAR" }), event("s-2", { agentEmail: "Dana@Example.TEST" })]);
    const stored = await connection.db.select({ externalId: assistEvents.externalId, userId: assistEvents.userId, teamId: assistEvents.teamId }).from(assistEvents).orderBy(asc(assistEvents.externalId));
    expect(stored).toEqual([
      { externalId: "s-1", userId: omar.id, teamId: billing.id },
      { externalId: "s-2", userId: dana.id, teamId: returns.id },
    ]);
    // Dana moves to Billing: her next events count there, the earlier ones stay with Returns.
    await connection.db.update(users).set({ teamId: billing.id }).where(sql`${users.id} = ${dana.id}`);
    await ingest([event("s-3")]);
    expect((await rollups()).filter((row) => row.userId === dana.id).map((row) => row.teamId)).toEqual([returns.id, billing.id].sort((a, b) => a - b));
  });

  it("buckets edits by ratio, an exact 5 % step at the start of its bucket, and keeps edits without a ratio apart", async () => {
    await organisation();
    const edits = [0, 0.049, 0.05, 0.19, 0.2, 0.35, 0.999, 1].map((editRatio, i) => event(`e-${i}`, { action: "edited", editRatio }));
    await ingest([...edits, event("e-none", { action: "edited" }), event("k-1", { suggestionKind: "summary" })]);
    const [plain, summary] = await rollups();
    const expected = Array.from({ length: 20 }, () => 0);
    for (const bucket of [0, 0, 1, 3, 4, 7, 19, 19]) expected[bucket] = (expected[bucket] ?? 0) + 1;
    expect(plain).toMatchObject({ suggestionKind: "", accepted: 0, editedUnknownRatio: 1, editedByRatio: expected });
    expect(summary).toMatchObject({ suggestionKind: "summary", accepted: 1 });
  });

  it("keeps the rollups equal to a recount of the stored events after random batches with repeats", async () => {
    const { returns } = await organisation();
    const more = await Promise.all([1, 2, 3].map((n) => makeUser(connection.db, { teamId: returns.id, passwordHash: "x", email: `agent${n}@example.test` })));
    const emails = ["dana@example.test", "omar@example.test", ...more.map((user) => user.email)];
    const random = seededRandom(42);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    const start = Date.parse("2026-02-01T00:00:00Z");
    const sent: unknown[] = [];
    for (let round = 0; round < 6; round++) {
      const batch: unknown[] = [];
      for (let i = 0; i < 150; i++) {
        const action = pick(ASSIST_ACTIONS) ?? "accepted";
        const at = new Date(start + Math.floor(random() * 35 * 24 * 60) * 60_000);
        // Some times carry an offset, so the UTC week differs from the local one around midnight on Sunday.
        const occurredAt = random() < 0.3 ? at.toISOString().replace("Z", "+00:00") : at.toISOString();
        const editRatio = action === "edited" ? pick([null, 0, 0.05, 0.15, 0.2, 0.35, 0.5, 0.95, 1, Math.round(random() * 1000) / 1000]) : undefined;
        batch.push({ externalId: `r-${Math.floor(random() * 700)}`, agentEmail: pick(emails), occurredAt, action, suggestionKind: pick([undefined, "reply", "summary"]), editRatio });
      }
      if (round > 0) batch.push(...sent.slice(0, 20));
      sent.push(...batch);
      const result = await ingest(batch);
      expect(result.accepted + result.duplicates + result.rejected).toBe(batch.length);
      expect(result.rejected).toBe(0);
    }
    const incremental = await rollups();
    expect(incremental.length).toBeGreaterThan(10);
    const stored = await connection.db.select({ n: sql<number>`count(*)::int` }).from(assistEvents);
    const total = incremental.reduce((sum, row) => sum + row.accepted + row.rejected + row.editedUnknownRatio + row.editedByRatio.reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(stored[0]?.n);
    const recounted = await recount();
    expect(incremental).toEqual(recounted);
    expect(new Set(recounted.map((row) => row.userId)).size).toBeGreaterThan(new Set(recounted.map((row) => row.teamId)).size);
    expect(await teamRollups()).toEqual(teamSums(recounted));
  });

  it("stays exact with two app instances ingesting overlapping batches at once", async () => {
    await organisation();
    const second = connection.url ? openPostgres(connection.url, { max: 5 }) : connection;
    const batchOf = (from: number) => Array.from({ length: 400 }, (_, i) => event(`c-${from + i}`, { action: i % 3 === 0 ? "edited" : "accepted", editRatio: i % 3 === 0 ? (i % 20) / 20 : undefined, occurredAt: new Date(Date.parse("2026-02-01T00:00:00Z") + i * 3_600_000).toISOString() }));
    try {
      const results = await Promise.all([ingest(batchOf(0)), ingest(batchOf(200), second.db), ingest(batchOf(100))]);
      expect(results.reduce((sum, r) => sum + r.rejected, 0)).toBe(0);
      expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(600);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(600);
    } finally {
      if (second !== connection) await second.close();
    }
    expect(await storedIds()).toHaveLength(600);
    const recounted = await recount();
    expect(await rollups()).toEqual(recounted);
    expect(await teamRollups()).toEqual(teamSums(recounted));
  });
});

describe("uploading production events as CSV", () => {
  it("ingests the rows like the API, reports refused rows by line, and audits the upload", async () => {
    const { leader } = await organisation();
    const csv = [
      "externalId,agentEmail,agentRef,occurredAt,action,suggestionKind,editRatio",
      "u-1,dana@example.test,,2026-03-02T14:05:00Z,edited,reply,0.1",
      "u-2,,ZD-OMAR,2026-03-02T14:06:00Z,rejected,,",
      "u-3,dana@example.test,,2026-03-02T14:07:00Z,edited,reply,2",
      '"u-4",nobody@example.test,,2026-03-02T14:08:00Z,accepted,"reply, long",',
      "u-1,dana@example.test,,2026-03-02T14:05:00Z,edited,reply,0.1",
      "u-5,dana@example.test",
    ].join("\r\n");
    const result = await uploadEventsCsv({ db: connection.db, actorId: leader.id, text: csv, field: "file", now });
    expect(result).toEqual({
      rows: 6,
      accepted: 2,
      duplicates: 1,
      rejected: 3,
      errors: [
        { line: 4, reason: "editRatio: must be from 0 to 1" },
        { line: 5, reason: "agentEmail: no user has this email" },
        { line: 7, reason: "expected 7 values, found 2" },
      ],
    });
    expect(await storedIds()).toEqual(["u-1", "u-2"]);
    const [entry] = await connection.db.select().from(auditLog);
    expect(entry).toMatchObject({ actorId: leader.id, action: "assist_events.upload", details: { rows: 6, accepted: 2, duplicates: 1, rejected: 3 } });
  });

  it("refuses a file it cannot read as a whole, storing nothing", async () => {
    const { leader } = await organisation();
    await expect(uploadEventsCsv({ db: connection.db, actorId: leader.id, text: "id,who\n1,2", field: "file", now })).rejects.toMatchObject({ field: "file", message: expect.stringMatching(/unknown column "id"/) });
    expect(await storedIds()).toEqual([]);
  });
});
