import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, nearMissMessages, nearMissReports } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { receiptHash } from "~/app/near-miss/keys.server";
import { addReporterMessage, fileReport, reportByCode, type ReportInput } from "~/app/near-miss/reports.server";
import { saveSmallCellK, smallCellK } from "~/app/near-miss/settings.server";
import { dueSummary, groupBySection, listInbox, moveReport, nearMissCountsBySection, replyToReporter, reportForTriage } from "~/app/near-miss/triage.server";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

const SECRET = "test-near-miss-secret-0123456789";
const FILED = new Date("2026-12-02T10:00:00Z"); // week 2026-W49: acknowledge by 2026-12-07, feedback by 2027-02-28

async function people() {
  const team = await makeTeam(connection.db, { name: "Returns" });
  const reporter = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
  const author = await makeUser(connection.db, { teamId: team.id, passwordHash: "x", role: "author" });
  return { team, reporter, author };
}

async function file(reporterId: number, overrides: Partial<ReportInput> = {}, now = FILED) {
  const input: ReportInput = { whatHappened: "It invented a 45-day window.", tool: "reply assistant", category: "hallucination", severity: "medium", sections: ["refunds.window"], teamId: null, ...overrides };
  const { code } = await fileReport({ db: connection.db, reporterId, input, secret: SECRET, now });
  const [row] = await connection.db.select({ id: nearMissReports.id }).from(nearMissReports).where(eq(nearMissReports.receiptHash, receiptHash(code)));
  return { code, id: row?.id ?? "" };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error instanceof InputError ? error : null;
}

describe("triage transitions", () => {
  it("new → reviewing → actioned → closed, each with a note; leaving new acknowledges; every move audited without its note", async () => {
    const { reporter, author } = await people();
    const { id, code } = await file(reporter.id);
    await moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "reviewing", note: "Checking the refunds prompt; card 4111 1111 1111 1111 was in it", now: new Date("2026-12-03T09:00:00Z") });
    let report = await reportForTriage({ db: connection.db, reportId: id, now: new Date("2026-12-03T09:00:00Z") });
    expect(report).toMatchObject({ status: "reviewing", acknowledgedWeek: "2026-W49", moves: ["actioned", "closed"] });
    expect(report.clocks.acknowledgement.state).toBe("done");
    expect(report.thread).toEqual([{ position: 1, kind: "triage_note", body: "Checking the refunds prompt; card [REDACTED: payment card] was in it", week: "2026-W49", toStatus: "reviewing", isFeedback: false }]);

    await moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "actioned", note: "Prompt fixed.", now: new Date("2026-12-10T09:00:00Z") });
    await moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "closed", note: "Done.", now: new Date("2026-12-10T09:00:00Z") });
    report = await reportForTriage({ db: connection.db, reportId: id });
    expect(report.status).toBe("closed");
    expect(report.acknowledgedWeek).toBe("2026-W49");
    // Reopened when the reporter writes again.
    await moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "reviewing", note: "The reporter says it happened again." });
    expect((await reportForTriage({ db: connection.db, reportId: id })).status).toBe("reviewing");

    const audit = (await connection.db.select().from(auditLog)).filter((entry) => entry.action.startsWith("near_miss."));
    expect(audit.map((entry) => [entry.action, entry.actorId, entry.targetId, entry.details])).toEqual([
      ["near_miss.status", author.id, id, { from: "new", to: "reviewing" }],
      ["near_miss.status", author.id, id, { from: "reviewing", to: "actioned" }],
      ["near_miss.status", author.id, id, { from: "actioned", to: "closed" }],
      ["near_miss.status", author.id, id, { from: "closed", to: "reviewing" }],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/refunds prompt|4111/);
    // The reporter sees the status, never the internal notes.
    const view = await reportByCode({ db: connection.db, code });
    expect(view?.status).toBe("reviewing");
    expect(view?.thread).toEqual([]);
  });

  it("refuses a move the triage does not allow (409), a missing note (400) and an unknown report (404)", async () => {
    const { reporter, author } = await people();
    const { id } = await file(reporter.id);
    const skip = await refusal(moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "actioned", note: "skip" }));
    expect(skip).toMatchObject({ status: 409, problem: "bad_move", field: "to" });
    const same = await refusal(moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "new", note: "again" }));
    expect(same?.status).toBe(409);
    const empty = await refusal(moveReport({ db: connection.db, actorId: author.id, reportId: id, to: "reviewing", note: "  " }));
    expect(empty).toMatchObject({ status: 400, field: "note" });
    const missing = await refusal(moveReport({ db: connection.db, actorId: author.id, reportId: "00000000-0000-4000-8000-000000000000", to: "reviewing", note: "x" }));
    expect(missing?.status).toBe(404);
    expect((await reportForTriage({ db: connection.db, reportId: id })).status).toBe("new");
    expect(await connection.db.select().from(nearMissMessages)).toEqual([]);
  });
});

describe("replies and the clocks of promise 7", () => {
  it("the first reply acknowledges; a reply marked as feedback stops the 3-month clock; the reporter reads both with the code", async () => {
    const { reporter, author } = await people();
    const { id, code } = await file(reporter.id);
    await replyToReporter({ db: connection.db, actorId: author.id, reportId: id, text: "Thanks, we are on it. Call me at +44 20 7946 0958.", isFeedback: false, now: new Date("2026-12-04T09:00:00Z") });
    let report = await reportForTriage({ db: connection.db, reportId: id, now: new Date("2026-12-20T09:00:00Z") });
    expect(report).toMatchObject({ status: "new", acknowledgedWeek: "2026-W49", feedbackWeek: null });
    expect(report.clocks).toMatchObject({ acknowledgement: { state: "done" }, feedback: { state: "due", due: "2027-02-28" } });
    await replyToReporter({ db: connection.db, actorId: author.id, reportId: id, text: "We changed the refunds prompt.", isFeedback: true, now: new Date("2027-01-12T09:00:00Z") });
    report = await reportForTriage({ db: connection.db, reportId: id, now: new Date("2027-03-15T09:00:00Z") });
    expect(report).toMatchObject({ acknowledgedWeek: "2026-W49", feedbackWeek: "2027-W02" });
    expect(report.clocks.feedback.state).toBe("done");
    const view = await reportByCode({ db: connection.db, code });
    expect(view?.thread).toEqual([
      { position: 1, from: "compliance", body: "Thanks, we are on it. Call me at [REDACTED: phone number].", week: "2026-W49", isFeedback: false },
      { position: 2, from: "compliance", body: "We changed the refunds prompt.", week: "2027-W02", isFeedback: true },
    ]);
    expect((await connection.db.select().from(auditLog)).filter((entry) => entry.action.startsWith("near_miss.")).map((entry) => entry.details)).toEqual([{ feedback: false }, { feedback: true }]);
  });

  it("the inbox shows what is due, due soon and overdue, and which reports wait for an answer", async () => {
    const { reporter, author } = await people();
    const early = await file(reporter.id, {}, new Date("2026-11-18T10:00:00Z")); // W47: ack by 2026-11-23
    const late = await file(reporter.id, {}, new Date("2026-12-02T10:00:00Z")); // W49: ack by 2026-12-07
    await replyToReporter({ db: connection.db, actorId: author.id, reportId: late.id, text: "Got it.", isFeedback: false, now: new Date("2026-12-03T10:00:00Z") });
    const reports = await listInbox({ db: connection.db, filters: {}, now: new Date("2026-12-05T10:00:00Z") });
    const byId = new Map(reports.map((r) => [r.id, r]));
    expect(byId.get(early.id)?.clocks.acknowledgement).toEqual({ due: "2026-11-23", state: "overdue", daysLeft: -12 });
    expect(byId.get(late.id)?.clocks.acknowledgement.state).toBe("done");
    expect(dueSummary(reports)).toEqual({ acknowledgementOverdue: 1, acknowledgementDueSoon: 0, feedbackOverdue: 0, feedbackDueSoon: 0, awaitingReply: 0 });
    await addReporterMessage({ db: connection.db, code: late.code, text: "Any news?" });
    const after = await listInbox({ db: connection.db, filters: {}, now: new Date("2026-12-05T10:00:00Z") });
    expect(after.find((r) => r.id === late.id)?.awaitingReply).toBe(true);
  });
});

describe("the inbox", () => {
  it("filters by status, category, policy section and week, and groups by the sections reports name", async () => {
    const { reporter, author, team } = await people();
    const a = await file(reporter.id, { category: "tone", sections: ["refunds.window", "refunds.restocking"], teamId: team.id });
    const b = await file(reporter.id, { category: "restricted_data", sections: ["data-handling.restricted"] }, new Date("2026-12-09T10:00:00Z"));
    const c = await file(reporter.id, { sections: [] });
    await moveReport({ db: connection.db, actorId: author.id, reportId: b.id, to: "reviewing", note: "Looking" });
    const ids = async (filters: Parameters<typeof listInbox>[0]["filters"]) => (await listInbox({ db: connection.db, filters })).map((r) => r.id).sort();
    expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ status: "reviewing" })).toEqual([b.id]);
    expect(await ids({ status: "new" })).toEqual([a.id, c.id].sort());
    expect(await ids({ category: "tone" })).toEqual([a.id]);
    expect(await ids({ section: "refunds.restocking" })).toEqual([a.id]);
    expect(await ids({ week: "2026-W50" })).toEqual([b.id]);
    expect(await ids({ week: "2026-W49", category: "restricted_data" })).toEqual([]);
    const inbox = await listInbox({ db: connection.db, filters: {} });
    expect(inbox[0]?.week).toBe("2026-W50");
    const groups = groupBySection(inbox).map((g) => [g.anchor, g.reports.map((r) => r.id).sort()]);
    expect(groups).toEqual([
      ["data-handling.restricted", [b.id]],
      ["refunds.restocking", [a.id]],
      ["refunds.window", [a.id]],
      [null, [c.id]],
    ]);
    // No reporter identity anywhere in what the inbox carries.
    expect(JSON.stringify(inbox)).not.toMatch(new RegExp(`${reporter.email}|${reporter.name}|"userId"|"reporter"`));
    expect(inbox.find((r) => r.id === a.id)?.team).toBe("Returns");
  });
});

describe("counts per policy section", () => {
  it("are shown to compliance with counts from 1 to k − 1 as \"< k\", k from the settings", async () => {
    const { reporter, author } = await people();
    for (let i = 0; i < 6; i++) await file(reporter.id, { sections: ["refunds.window"] });
    for (let i = 0; i < 2; i++) await file(reporter.id, { sections: ["refunds.restocking"] });
    const anchors = ["refunds.window", "refunds.restocking", "refunds.warranty"];
    expect(await nearMissCountsBySection({ db: connection.db, anchors })).toEqual({
      k: 5,
      bySection: { "refunds.window": { text: "6", none: false }, "refunds.restocking": { text: "< 5", none: false }, "refunds.warranty": { text: "0", none: true } },
    });
    await saveSmallCellK({ db: connection.db, actorId: author.id, k: 10 });
    expect(await smallCellK({ db: connection.db })).toEqual({ k: 10, source: "organisation" });
    expect((await nearMissCountsBySection({ db: connection.db, anchors })).bySection["refunds.window"]).toEqual({ text: "< 10", none: false });
    const [audit] = await connection.db.select().from(auditLog).where(eq(auditLog.action, "settings.near_miss.update"));
    expect(audit?.details).toEqual({ before: null, after: { k: 10 } });
  });
});
