import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, drillCandidates, studioDrafts } from "~/db/schema";
import { MAX_BATCH_CANDIDATES } from "~/app/drill-candidates/candidate-batch";
import { getCandidate, listCandidates, setCandidateStatus } from "~/app/drill-candidates/candidates.server";
import { createApiToken, revokeApiToken } from "~/app/production/tokens.server";
import * as api from "~/app/routes/api.v1.drill-candidates";
import { drillFromCandidate } from "~/app/studio/from-candidate.server";
import { checkStudioDrill, loadStudioDrill } from "~/app/studio/studio-drills.server";
import { fieldsOfSource } from "~/app/studio/studio-source";
import { changedRows, contains, dumpAll, RAW_DATA, TEXT_WITH_EVERY_DATUM } from "./restricted-data";
import { useTestDatabase } from "./test-database";

// Every line the app logs during a test, through its own logger configuration.
const logged = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("~/app/logger.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("~/app/logger.server")>();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { ...actual, logger: pino({ ...actual.LOGGER_OPTIONS, level: "trace" }, sink) };
});

const connection = useTestDatabase({ fixtureLibrary: true });
// The route finds the database the app's way.
beforeAll(() => {
  globalThis.__redlineConnection = Promise.resolve(connection);
});
afterAll(() => {
  globalThis.__redlineConnection = undefined;
});

const URL = "http://127.0.0.1/api/v1/drill-candidates";

async function post(body: unknown, { token, contentType = "application/json" }: { token?: string | null; contentType?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await api.action({ request: new Request(URL, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), params: {}, context: { cspNonce: "", clientAddress: "" } });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function token() {
  return (await createApiToken({ db: connection.db, actorId: null, name: "assistant" })).token;
}

const candidate = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  customerMessage: "Hi, the espresso machine leaks. Can I return it?",
  aiDraft: "Hi Dana, our return window is 45 days [refunds.window], so you can send it back.",
  sentReply: "Hi Dana, our return window is 30 days [refunds.window], so you can send it back.",
  ...extra,
});

describe("POST /api/v1/drill-candidates", () => {
  it("refuses no token, a bad token and a revoked token (401), another content type (415), more than the limit (413), GET (405), a body that is no array (400)", async () => {
    const good = await token();
    expect(await post([candidate("a")])).toMatchObject({ status: 401, body: { error: expect.stringMatching(/Authorization: Bearer/) } });
    expect(await post([candidate("a")], { token: `rl_${"A".repeat(43)}` })).toMatchObject({ status: 401, body: { error: expect.stringMatching(/unknown or has been revoked/) } });
    expect(await post([candidate("a")], { token: good, contentType: "text/plain" })).toMatchObject({ status: 415, body: { error: "Send the candidates as Content-Type: application/json." } });
    const tooMany = Array.from({ length: MAX_BATCH_CANDIDATES + 1 }, (_, i) => candidate(`many-${i}`));
    expect(await post(tooMany, { token: good })).toMatchObject({ status: 413, body: { error: `A batch holds at most ${MAX_BATCH_CANDIDATES} candidates; this one has ${MAX_BATCH_CANDIDATES + 1}. Split it into smaller batches.` } });
    expect(await post({ externalId: "x" }, { token: good })).toMatchObject({ status: 400, body: { error: "The body must be a JSON array of candidates." } });
    expect(await post("", { token: good })).toMatchObject({ status: 400, body: { error: "The body is empty; send a JSON array of candidates." } });
    expect(await post(`[${"1,".repeat(3_000_000)}1]`, { token: good })).toMatchObject({ status: 413, body: { error: expect.stringMatching(/larger than 5 MB/) } });
    const get = api.loader();
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await connection.db.select().from(drillCandidates)).toEqual([]);

    const tokens = await connection.db.query.apiTokens.findMany();
    const id = tokens[0]?.id ?? 0;
    expect((await post([candidate("before-revoke")], { token: good })).status).toBe(200);
    await revokeApiToken({ db: connection.db, actorId: null, tokenId: id });
    expect(await post([candidate("after-revoke")], { token: good })).toMatchObject({ status: 401, body: { error: expect.stringMatching(/revoked/) } });
    expect((await connection.db.select().from(drillCandidates)).map((row) => [row.externalId, row.tokenId])).toEqual([["before-revoke", id]]);
  });

  it("takes a full batch, rejects only the malformed items with their index, and a resent batch is all duplicates", async () => {
    const good = await token();
    const full = await post(
      Array.from({ length: MAX_BATCH_CANDIDATES }, (_, i) => candidate(`full-${i}`)),
      { token: good },
    );
    expect(full).toEqual({ status: 200, body: { accepted: MAX_BATCH_CANDIDATES, duplicates: 0, rejected: 0, errors: [] } });

    const batch = [
      candidate("good-1"),
      candidate("bad-1", { aiDraft: "" }),
      candidate("good-2", { locale: "en-GB", policyRefs: ["refunds.window", "refunds.nowhere"] }),
      { externalId: "bad-2" },
      candidate("good-1"),
      candidate(`card ${RAW_DATA[0]}`),
      candidate("unchanged", { sentReply: "Hi Dana, our return window is 45 days\n[refunds.window], so you can send it back." }),
    ];
    const first = await post(batch, { token: good });
    expect(first).toEqual({
      status: 200,
      body: {
        accepted: 3,
        duplicates: 1,
        rejected: 3,
        errors: [
          { index: 1, reason: "aiDraft: must not be empty" },
          { index: 3, reason: "customerMessage: must be a string; aiDraft: must be a string; sentReply: must be a string" },
          { index: 5, reason: "externalId: holds what looks like a payment card number; use an id with no personal data in it" },
        ],
      },
    });
    expect(JSON.stringify(first.body)).not.toContain("4111");
    expect(await post(batch, { token: good })).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 4, rejected: 3 } });

    const [two] = await connection.db.select().from(drillCandidates).where(eq(drillCandidates.externalId, "good-2"));
    // Only sections that exist are kept.
    expect(two).toMatchObject({ status: "new", locale: "en-GB", policyRefs: ["refunds.window"] });
    // A reply sent as drafted (only a line break differs) keeps its id, not its texts, and is never listed.
    const [unchanged] = await connection.db.select().from(drillCandidates).where(eq(drillCandidates.externalId, "unchanged"));
    expect(unchanged).toMatchObject({ status: "unchanged", customerMessage: null, aiDraft: null, sentReply: null, policyRefs: [], redactions: {} });
    expect(await getCandidate({ db: connection.db, candidateId: unchanged?.id ?? 0 })).toBeNull();
    const inbox = await listCandidates({ db: connection.db, status: "new" });
    expect(inbox.counts).toEqual({ new: MAX_BATCH_CANDIDATES + 2, drilled: 0, dismissed: 0 });
    expect(inbox.candidates).toHaveLength(50);
    expect(inbox.candidates[0]?.comparison.spans).toEqual([expect.objectContaining({ quote: "45", replacement: "30", kind: "changed" })]);
    const older = await listCandidates({ db: connection.db, status: "new", before: inbox.nextBefore });
    expect(older.candidates[0]?.id).toBe((inbox.candidates[49]?.id ?? 0) - 1);
  });
});

describe("the anonymity of candidates", () => {
  it("candidates full of card numbers, national ids and credentials leave no raw datum in any table, log line or response, also once drilled and dismissed", async () => {
    const author = await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "author" });
    const good = await token();
    const before = await dumpAll(connection.db);
    logged.lines = [];
    const texts = (i: number) => ({
      customerMessage: `My card is ${RAW_DATA[i % RAW_DATA.length]} and my email ${RAW_DATA[8]}.\n${TEXT_WITH_EVERY_DATUM}`,
      aiDraft: `Thanks. ${TEXT_WITH_EVERY_DATUM}\nWe refund within 45 days.`,
      sentReply: `Thanks. We refund within 30 days. Your key ${RAW_DATA[12]} and SSN ${RAW_DATA[5]} are safe.`,
    });
    const responses = [
      await post(
        Array.from({ length: 3 }, (_, i) => candidate(`leaky-${i}`, texts(i))),
        { token: good },
      ),
      // Refused items: the reasons name fields, never the text.
      await post([candidate("leaky-bad", { ...texts(0), locale: RAW_DATA[0] }), candidate(`leaky-${RAW_DATA[8]}`, texts(1))], { token: good }),
    ];
    expect(responses.map((response) => response.body)).toMatchObject([{ accepted: 3 }, { rejected: 2 }]);

    const [first] = await connection.db.select().from(drillCandidates).where(eq(drillCandidates.externalId, "leaky-0"));
    if (!first) throw new Error("no candidate");
    expect(first.aiDraft).toContain("[REDACTED: payment card] into a reply");
    expect(first.redactions).toMatchObject({ payment_card: expect.any(Number), iban: expect.any(Number), us_ssn: expect.any(Number), jp_my_number: expect.any(Number), email: expect.any(Number), phone: expect.any(Number), credential: expect.any(Number) });
    const drillId = await drillFromCandidate({ db: connection.db, actorId: author.id, candidateId: first.id });
    const [second] = await connection.db.select().from(drillCandidates).where(eq(drillCandidates.externalId, "leaky-1"));
    await setCandidateStatus({ db: connection.db, actorId: author.id, candidateId: second?.id ?? 0, to: "dismissed" });

    const after = await dumpAll(connection.db);
    const changed = changedRows(before, after);
    expect([...changed.keys()].sort()).toEqual(["api_tokens", "audit_log", "drill_candidates", "drills", "studio_drafts"]);
    const written = [...changed.values()].flat().join("\n");
    const shown = JSON.stringify(await getCandidate({ db: connection.db, candidateId: first.id }));
    for (const [where, text] of [["rows written", written], ["log lines", logged.lines.join("")], ["responses", JSON.stringify(responses)], ["the inbox", shown]] as const) {
      for (const datum of RAW_DATA) expect(contains(text, datum), `${where} hold the raw datum ${JSON.stringify(datum)}`).toBe(false);
    }
    const studio = await loadStudioDrill({ db: connection.db, drillId });
    expect(fieldsOfSource(studio?.draft?.source ?? "").customer).toContain("[REDACTED: payment card]");
  });
});

describe("a candidate turned into a drill", () => {
  it("is a draft studio drill with the redacted message and draft, a proposed flaw per change with the named section, linked back and audited; 409 the second time", async () => {
    const author = await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "author" });
    await post(
      [
        candidate("to-drill", {
          locale: "ja",
          policyRefs: ["refunds.nowhere", "refunds.window"],
          customerMessage: "カード 4111 1111 1111 1111 で払いました。返品できますか？",
          aiDraft: "田中様、返品期限は45日です。ご安心ください 😊。",
          sentReply: "田中様、返品期限は30日です。",
        }),
      ],
      { token: await token() },
    );
    const [row] = await connection.db.select().from(drillCandidates);
    if (!row) throw new Error("no candidate");
    const drillId = await drillFromCandidate({ db: connection.db, actorId: author.id, candidateId: row.id });
    expect(drillId).toBe(`candidate-${row.id}`);
    const studio = await loadStudioDrill({ db: connection.db, drillId });
    expect(studio?.drill).toMatchObject({ origin: "studio", status: "draft" });
    const fields = fieldsOfSource(studio?.draft?.source ?? "");
    expect(fields).toMatchObject({ locale: "ja", customer: "カード [REDACTED: payment card] で払いました。返品できますか？\n", draft: "田中様、返品期限は45日です。ご安心ください 😊。" });
    expect(fields.flaws.map(({ type, quote, policy, explanation }) => ({ type, quote, policy, explanation }))).toEqual([
      { type: "", quote: "45", policy: "refunds.window", explanation: "" },
      { type: "", quote: "ご安心ください 😊。", policy: "refunds.window", explanation: "" },
    ]);
    // Unfinished on purpose: the validator asks for each flaw's type and explanation.
    const check = await checkStudioDrill({ db: connection.db, source: studio?.draft?.source ?? "", drillId });
    expect(check.errors.map((error) => error.message).join("\n")).toMatch(/unknown flaw type/);

    expect(await getCandidate({ db: connection.db, candidateId: row.id })).toMatchObject({ status: "drilled", drillId });
    const [audit] = await connection.db.select().from(auditLog).where(eq(auditLog.targetId, drillId));
    expect(audit).toMatchObject({ actorId: author.id, action: "studio.drill.create", details: { fromCandidate: row.id, proposedFlaws: 2 } });
    await expect(drillFromCandidate({ db: connection.db, actorId: author.id, candidateId: row.id })).rejects.toMatchObject({ status: 409, problem: "already_drilled" });
    await expect(setCandidateStatus({ db: connection.db, actorId: author.id, candidateId: row.id, to: "dismissed" })).rejects.toMatchObject({ status: 409 });
    expect(await connection.db.select().from(studioDrafts)).toHaveLength(1);
    await expect(drillFromCandidate({ db: connection.db, actorId: author.id, candidateId: 999999 })).rejects.toMatchObject({ status: 404 });
    expect((await listCandidates({ db: connection.db, status: "drilled" })).candidates.map((one) => one.drillId)).toEqual([drillId]);
  });

  it("dismissing and restoring move a candidate between the inbox's lists, audited; the wrong move is a 409", async () => {
    const author = await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "author" });
    await post([candidate("to-dismiss")], { token: await token() });
    const [row] = await connection.db.select().from(drillCandidates);
    const candidateId = row?.id ?? 0;
    await expect(setCandidateStatus({ db: connection.db, actorId: author.id, candidateId, to: "new" })).rejects.toMatchObject({ status: 409 });
    await setCandidateStatus({ db: connection.db, actorId: author.id, candidateId, to: "dismissed" });
    expect((await listCandidates({ db: connection.db, status: "dismissed" })).candidates.map((one) => one.id)).toEqual([candidateId]);
    expect((await listCandidates({ db: connection.db, status: "new" })).candidates).toEqual([]);
    await expect(setCandidateStatus({ db: connection.db, actorId: author.id, candidateId, to: "dismissed" })).rejects.toMatchObject({ status: 409 });
    await setCandidateStatus({ db: connection.db, actorId: author.id, candidateId, to: "new" });
    expect((await connection.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetType, "drill_candidate"))).map((entry) => entry.action)).toEqual(["drill_candidate.dismiss", "drill_candidate.restore"]);
    await expect(setCandidateStatus({ db: connection.db, actorId: author.id, candidateId: 999999, to: "dismissed" })).rejects.toMatchObject({ status: 404 });
  });
});
