import { Writable } from "node:stream";
import { eq, getTableName, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "~/db/client.server";
import { makeTeam } from "~/db/factories";
import * as schema from "~/db/schema";
import { nearMissLookupFailures, nearMissMessages, nearMissQuota, nearMissReports, nearMissReportSections, sessions, users } from "~/db/schema";
import { commitSessionToken } from "~/app/auth/cookie.server";
import { createSession, hashToken } from "~/app/auth/sessions.server";
import { InputError } from "~/app/input-error";
import { isoWeekOf } from "~/app/near-miss/clocks";
import { LOOKUP_THROTTLE, lookUpReport, postReporterMessage } from "~/app/near-miss/lookup.server";
import { formatReceiptCode, newReceiptCode } from "~/app/near-miss/receipt-code";
import { NOT_FOUND_MESSAGE } from "~/app/near-miss/report-form";
import { fileReport, REPORTS_PER_DAY, reportByCode, type ReportInput } from "~/app/near-miss/reports.server";
import { createTestDatabase, importFixtureLibrary, resetDatabase, TABLES } from "./test-database";
import { changedRows, contains, dumpAll as dumpAllOf, RAW_DATA, TEXT_WITH_EVERY_DATUM as REPORT_TEXT } from "./restricted-data";
import { startReportServer } from "./near-miss-server";

// Every line the server logs during a test, through the app's own logger configuration.
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

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDatabase();
  globalThis.__redlineConnection = Promise.resolve(connection);
});
afterAll(async () => {
  globalThis.__redlineConnection = undefined;
  await connection.close();
});
beforeEach(async () => {
  await resetDatabase(connection);
  await importFixtureLibrary(connection);
  logged.lines = [];
});

const SECRET = "test-near-miss-secret-0123456789";

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return { whatHappened: "The reply assistant promised a 45-day return window.", tool: "reply assistant", category: "hallucination", severity: "medium", sections: ["refunds.window"], teamId: null, ...overrides };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error instanceof InputError ? error : null;
}

const dumpAll = () => dumpAllOf(connection.db);

describe("the anonymity test", () => {
  it("a report through the server leaves no identifier, address, agent, raw datum or time finer than the week in any table or log line", async () => {
    const team = await makeTeam(connection.db, { name: "Returns & Refunds" });
    const [reporter] = await connection.db
      .insert(users)
      .values({ id: 730519, email: "zephyrine.quillfeather@northwind.example", name: "Zephyrine Quillfeather", role: "agent", teamId: team.id, passwordHash: "x" })
      .returning();
    if (!reporter) throw new Error("no user");
    const token = await createSession({ db: connection.db, userId: reporter.id });
    const cookie = (await commitSessionToken(token)).split(";")[0] ?? "";
    const address = "203.0.113.77";
    const agent = "RedlineAnonymityProbe/9.1 (X11; Zephyrine-Laptop; build 4471)";
    const identifiers = [reporter.name, reporter.email, "Zephyrine", "Quillfeather", String(reporter.id), token, hashToken(token), cookie.split("=")[1] ?? "", address, agent, "Zephyrine-Laptop"];

    const before = await dumpAll();
    const server = await startReportServer();
    const headers = { Cookie: cookie, "X-Forwarded-For": address, "User-Agent": agent, Origin: server.url };
    const form = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
      return body;
    };
    const responses: string[] = [];
    try {
      // Refused by validation (no such category): the reply carries no raw datum either.
      const invalid = await fetch(`${server.url}/report`, { method: "POST", headers, body: form({ whatHappened: REPORT_TEXT, tool: `assistant ${RAW_DATA[8]}`, category: RAW_DATA[0] ?? "", severity: "medium" }) });
      expect(invalid.status).toBe(400);
      responses.push(await invalid.text());
      // Malformed: multipart with the text as a file, a section that does not exist, a team that is not a number.
      const multipart = new FormData();
      multipart.append("whatHappened", new Blob([REPORT_TEXT], { type: "text/plain" }), "leak.txt");
      multipart.append("tool", `tool ${RAW_DATA[12]}`);
      multipart.append("category", "tone");
      multipart.append("severity", "high");
      multipart.append("sections", `refunds.${RAW_DATA[5]}`);
      multipart.append("teamId", RAW_DATA[3] ?? "");
      const malformed = await fetch(`${server.url}/report`, { method: "POST", headers, body: multipart });
      expect(malformed.status).toBe(400);
      responses.push(await malformed.text());
      // A section that is well formed but unknown is refused by the domain, at its field.
      const unknownSection = await fetch(`${server.url}/report`, { method: "POST", headers, body: form({ whatHappened: REPORT_TEXT, tool: "reply assistant", category: "restricted_data", severity: "high", sections: "refunds.nothing-here" }) });
      expect(unknownSection.status).toBe(400);
      const unknownBody = await unknownSection.text();
      expect(unknownBody).toContain("Pick policy sections from the list.");
      responses.push(unknownBody);

      const filed = await fetch(`${server.url}/report`, { method: "POST", headers, body: form({ whatHappened: REPORT_TEXT, tool: `reply assistant (${RAW_DATA[8]})`, category: "restricted_data", severity: "high", sections: ["data-handling.restricted", "data-handling.third-parties"] }) });
      expect(filed.status).toBe(200);
      const filedBody = await filed.text();
      const receipt: unknown = JSON.parse(filedBody);
      const code = typeof receipt === "object" && receipt && "receipt" in receipt && typeof receipt.receipt === "object" && receipt.receipt && "code" in receipt.receipt ? String(receipt.receipt.code) : "";
      expect(code).toMatch(/^[0-9A-Z]{28}$/);
      responses.push(filedBody);

      // The reporter follows up with the code, from the same address and browser.
      const status = await fetch(`${server.url}/report/status`, { method: "POST", headers, body: form({ intent: "message", code: formatReceiptCode(code), message: `Also: the card was ${RAW_DATA[0]} and my number is ${RAW_DATA[10]}.` }) });
      expect(status.status).toBe(200);
      const statusBody = await status.text();
      responses.push(statusBody);
      expect(statusBody).toContain("[REDACTED: payment card]");
    } finally {
      await server.close();
    }
    const after = await dumpAll();
    const changed = changedRows(before, after);

    // Only the channel's own tables changed: no audit entry, no session touched, nothing else.
    expect([...changed.keys()].sort()).toEqual(["near_miss_messages", "near_miss_quota", "near_miss_report_sections", "near_miss_reports"]);
    const written = [...changed.values()].flat().join("\n");
    const channelRows = ["near_miss_reports", "near_miss_report_sections", "near_miss_messages", "near_miss_quota", "near_miss_lookup_failures"].flatMap((table) => after.get(table) ?? []).join("\n");
    const logs = logged.lines.join("");
    for (const [where, text] of [["rows written", written], ["near-miss tables", channelRows], ["log lines", logs], ["responses", responses.slice(0, 3).join("\n")]] as const) {
      for (const identifier of identifiers) expect(contains(text, identifier), `${where} hold the identifier ${identifier}`).toBe(false);
      for (const datum of RAW_DATA) expect(contains(text, datum), `${where} hold the raw datum ${JSON.stringify(datum)}`).toBe(false);
    }
    // The stored report shows the redaction markers and the counts.
    const [report] = await connection.db.select().from(nearMissReports);
    expect(report?.whatHappened).toContain("[REDACTED: payment card] into a reply");
    expect(report?.whatHappened).toContain("Order #100234598 of 2026-03-01 was otherwise fine.");
    expect(report?.tool).toBe("reply assistant ([REDACTED: email address])");
    expect(report?.redactions).toEqual({ payment_card: 3, iban: 2, us_ssn: 1, jp_my_number: 2, email: 2, phone: 2, credential: 2 });
    expect(report?.teamId).toBeNull();

    // The only time kept with a report is its ISO week: no time-typed column, no date-like value.
    for (const table of [nearMissReports, nearMissReportSections, nearMissMessages]) {
      expect(getTableConfig(table).columns.filter((column) => /time|date/i.test(column.getSQLType())).map((column) => column.name)).toEqual([]);
    }
    expect(report?.week).toBe(isoWeekOf(new Date()));
    const reportRows = ["near_miss_reports", "near_miss_report_sections", "near_miss_messages"].flatMap((table) => after.get(table) ?? []).join("\n");
    const today = new Date().toISOString().slice(0, 10);
    expect(reportRows).not.toContain(today);
    expect(reportRows.replace("Order #100234598 of 2026-03-01", "")).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}/);
    // The quota row: a keyed hash of user and day, nothing else that points at a report.
    const [quota] = await connection.db.select().from(nearMissQuota);
    expect(Object.keys(quota ?? {}).sort()).toEqual(["day", "keyHash", "used"]);
    expect(quota?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    // The session was used, not touched, and nothing was logged about these requests.
    const [session] = await connection.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    expect(session).toBeDefined();
    expect(logs).not.toMatch(/"path":"\/report/);
  });

  it("the schema's list of tables is complete", () => {
    const names = Object.values(schema).flatMap((value: unknown) => (is(value, PgTable) ? [getTableName(value)] : []));
    expect(TABLES).toEqual(names);
    expect(TABLES).toEqual(expect.arrayContaining(["near_miss_reports", "near_miss_messages", "near_miss_quota", "near_miss_lookup_failures", "near_miss_report_sections"]));
  });
});

async function reporterId() {
  const team = await makeTeam(connection.db);
  const [user] = await connection.db.insert(users).values({ email: `r${Math.random()}@example.test`, name: "R", role: "agent", teamId: team.id, passwordHash: "x" }).returning();
  if (!user) throw new Error("no user");
  return { userId: user.id, teamId: team.id };
}

describe("filing and following up with the receipt code", () => {
  it("stores the report with its week, its sections and the team only when picked; the code only as a hash", async () => {
    const { userId, teamId } = await reporterId();
    const now = new Date("2026-12-02T15:30:00Z");
    const { code, week } = await fileReport({ db: connection.db, reporterId: userId, input: input({ teamId }), secret: SECRET, now });
    expect(week).toBe("2026-W49");
    const [row] = await connection.db.select().from(nearMissReports);
    expect(row).toMatchObject({ week: "2026-W49", status: "new", teamId, acknowledgedWeek: null, feedbackWeek: null });
    expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(await connection.db.select().from(nearMissReportSections)).toEqual([{ reportId: row?.id, anchor: "refunds.window" }]);

    const view = await reportByCode({ db: connection.db, code, now: new Date("2026-12-03T09:00:00Z") });
    expect(view).toMatchObject({ week: "2026-W49", status: "new", sections: ["refunds.window"], team: expect.any(String), thread: [] });
    expect(view?.clocks).toEqual({ acknowledgement: { due: "2026-12-07", state: "due", daysLeft: 4 }, feedback: { due: "2027-02-28", state: "due", daysLeft: 87 } });
    // Typed with spaces, lower case or look-alike letters, the code still finds it.
    const lookup = await lookUpReport({ db: connection.db, code, client: "198.51.100.1", secret: SECRET });
    expect(lookup.kind).toBe("found");
  });

  it("the reporter reads compliance's replies and answers, redacted, with weeks only; triage notes stay internal", async () => {
    const { userId } = await reporterId();
    const { code } = await fileReport({ db: connection.db, reporterId: userId, input: input(), secret: SECRET, now: new Date("2026-12-02T10:00:00Z") });
    const [report] = await connection.db.select({ id: nearMissReports.id }).from(nearMissReports);
    await connection.db.insert(nearMissMessages).values([
      { reportId: report?.id ?? "", position: 1, kind: "triage_note", body: "Looks like the refunds prompt again", redactions: {}, week: "2026-W49", toStatus: "reviewing" },
      { reportId: report?.id ?? "", position: 2, kind: "reply", body: "Thank you, we are looking into it.", redactions: {}, week: "2026-W49" },
    ]);
    const answered = await postReporterMessage({ db: connection.db, code, text: "It happened again, card 4111 1111 1111 1111.", client: "198.51.100.2", secret: SECRET, now: new Date("2026-12-09T10:00:00Z") });
    expect(answered.kind).toBe("found");
    const view = answered.kind === "found" ? answered.view : null;
    expect(view?.thread).toEqual([
      { position: 2, from: "compliance", body: "Thank you, we are looking into it.", week: "2026-W49", isFeedback: false },
      { position: 3, from: "reporter", body: "It happened again, card [REDACTED: payment card].", week: "2026-W50", isFeedback: false },
    ]);
    const [stored] = await connection.db.select().from(nearMissMessages).where(eq(nearMissMessages.position, 3));
    expect(stored).toMatchObject({ kind: "reporter", redactions: { payment_card: 1 } });
    await expect(refusal(postReporterMessage({ db: connection.db, code, text: "   ", client: "198.51.100.2", secret: SECRET }))).resolves.toMatchObject({ field: "message" });
  });

  it("refuses what cannot be filed, at its field, without repeating the text", async () => {
    const { userId } = await reporterId();
    const secretText = "card 4111 1111 1111 1111";
    const unknown = await refusal(fileReport({ db: connection.db, reporterId: userId, input: input({ whatHappened: secretText, sections: ["refunds.nowhere"] }), secret: SECRET }));
    expect(unknown).toMatchObject({ field: "sections" });
    const team = await refusal(fileReport({ db: connection.db, reporterId: userId, input: input({ whatHappened: secretText, teamId: 999999 }), secret: SECRET }));
    expect(team).toMatchObject({ field: "teamId" });
    const nul = await refusal(fileReport({ db: connection.db, reporterId: userId, input: input({ whatHappened: `${secretText}\u0000` }), secret: SECRET }));
    expect(nul).toMatchObject({ field: "whatHappened" });
    const long = await refusal(fileReport({ db: connection.db, reporterId: userId, input: input({ whatHappened: `${secretText} ${"x".repeat(6000)}` }), secret: SECRET }));
    expect(long).toMatchObject({ field: "whatHappened" });
    for (const error of [unknown, team, nul, long]) expect(error?.message).not.toMatch(/4111/);
    expect(await connection.db.select().from(nearMissReports)).toEqual([]);
  });
});

describe("a wrong code answers exactly like a missing one", () => {
  it("same status and same body over HTTP", async () => {
    const { userId } = await reporterId();
    const { code: gone } = await fileReport({ db: connection.db, reporterId: userId, input: input(), secret: SECRET });
    await connection.db.delete(nearMissReports);
    const server = await startReportServer();
    try {
      const ask = async (code: string, client: string) => {
        const response = await fetch(`${server.url}/report/status`, { method: "POST", headers: { "X-Forwarded-For": client, Origin: server.url }, body: new URLSearchParams({ intent: "lookup", code: formatReceiptCode(code) }) });
        return { status: response.status, body: await response.text() };
      };
      const wrong = await ask(newReceiptCode(), "192.0.2.10");
      const missing = await ask(gone, "192.0.2.11");
      expect(wrong.status).toBe(404);
      expect(missing).toEqual(wrong);
      expect(wrong.body).toContain(NOT_FOUND_MESSAGE);
      expect(wrong.body).not.toContain(gone);
    } finally {
      await server.close();
    }
  });

  it("and takes the same time (medians over many interleaved tries)", async () => {
    const { userId } = await reporterId();
    const gone: string[] = [];
    for (let i = 0; i < 20; i++) gone.push((await fileReport({ db: connection.db, reporterId: userId + i * 0, input: input(), secret: `${SECRET}${i}` })).code);
    await connection.db.delete(nearMissReports);
    const timings = { wrong: [] as number[], missing: [] as number[] };
    const tries = 120;
    for (let i = 0; i < tries; i++) {
      for (const kind of i % 2 === 0 ? (["wrong", "missing"] as const) : (["missing", "wrong"] as const)) {
        const code = kind === "wrong" ? newReceiptCode() : (gone[i % gone.length] ?? "");
        const started = performance.now();
        const result = await lookUpReport({ db: connection.db, code, client: `${kind}-${i}`, secret: SECRET });
        timings[kind].push(performance.now() - started);
        expect(result).toEqual({ kind: "not_found" });
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const ratio = median(timings.wrong) / median(timings.missing);
    expect(ratio).toBeGreaterThan(0.67);
    expect(ratio).toBeLessThan(1.5);
  });
});

describe("throttles", () => {
  it(`a person files at most ${REPORTS_PER_DAY} reports a day, counted under a keyed hash that is replaced the next day`, async () => {
    const { userId } = await reporterId();
    const other = await reporterId();
    const day = new Date("2026-12-02T08:00:00Z");
    for (let i = 0; i < REPORTS_PER_DAY; i++) await fileReport({ db: connection.db, reporterId: userId, input: input(), secret: SECRET, now: day });
    const throttled = await refusal(fileReport({ db: connection.db, reporterId: userId, input: input(), secret: SECRET, now: day }));
    expect(throttled).toMatchObject({ problem: "throttled", status: 409 });
    // Someone else is not affected; the next day the person may file again, and yesterday's key is gone.
    await fileReport({ db: connection.db, reporterId: other.userId, input: input(), secret: SECRET, now: day });
    const before = await connection.db.select().from(nearMissQuota);
    expect(before.map((row) => row.used).sort()).toEqual([1, REPORTS_PER_DAY]);
    await fileReport({ db: connection.db, reporterId: userId, input: input(), secret: SECRET, now: new Date("2026-12-03T08:00:00Z") });
    const after = await connection.db.select().from(nearMissQuota);
    expect(after).toEqual([{ keyHash: expect.stringMatching(/^[0-9a-f]{64}$/), day: "2026-12-03", used: 1 }]);
    expect(before.map((row) => row.keyHash)).not.toContain(after[0]?.keyHash);
    expect(await connection.db.select().from(nearMissReports)).toHaveLength(REPORTS_PER_DAY + 2);
  });

  it("guessing codes is throttled per client; a right code is not held against it; the address is kept only hashed", async () => {
    const { userId } = await reporterId();
    const { code } = await fileReport({ db: connection.db, reporterId: userId, input: input(), secret: SECRET });
    const now = new Date("2026-12-02T10:00:00Z");
    const client = "198.51.100.77";
    expect((await lookUpReport({ db: connection.db, code, client, secret: SECRET, now })).kind).toBe("found");
    for (let i = 0; i < LOOKUP_THROTTLE.perClient; i++) expect((await lookUpReport({ db: connection.db, code: newReceiptCode(), client, secret: SECRET, now })).kind).toBe("not_found");
    const blocked = await lookUpReport({ db: connection.db, code, client, secret: SECRET, now });
    expect(blocked).toEqual({ kind: "throttled", retryAfterSeconds: 900 });
    expect((await lookUpReport({ db: connection.db, code, client: "198.51.100.78", secret: SECRET, now })).kind).toBe("found");
    const rows = await connection.db.select().from(nearMissLookupFailures);
    expect(rows).toHaveLength(LOOKUP_THROTTLE.perClient);
    expect(JSON.stringify(rows)).not.toContain(client);
    // After the window the client may try again.
    const later = new Date(now.getTime() + LOOKUP_THROTTLE.windowMs + 1000);
    expect((await lookUpReport({ db: connection.db, code, client, secret: SECRET, now: later })).kind).toBe("found");
  });

  it("the HTTP answer to a throttled client is 429 with Retry-After", async () => {
    const server = await startReportServer();
    try {
      let last = 0;
      for (let i = 0; i <= LOOKUP_THROTTLE.perClient; i++) {
        const response = await fetch(`${server.url}/report/status`, { method: "POST", headers: { "X-Forwarded-For": "192.0.2.99", Origin: server.url }, body: new URLSearchParams({ intent: "lookup", code: newReceiptCode() }) });
        last = response.status;
        await response.text();
      }
      expect(last).toBe(429);
    } finally {
      await server.close();
    }
  });
});
