import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { nearMissMessages, nearMissQuota, nearMissReports, nearMissReportSections, teams } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { knownAnchors } from "~/app/policies/anchors.server";
import { restrictedDetectors } from "~/app/policies/restricted.server";
import { unstorableCharacter } from "~/app/text/storable";
import type { NearMissCategory, NearMissSeverity, NearMissStatus } from "~/app/vocabulary";
import { isoWeekOf, reportClocks, type ReportClocks } from "./clocks";
import { keyedHash, receiptHash } from "./keys.server";
import { newReceiptCode } from "./receipt-code";
import { REPORTS_PER_DAY, TEXT_LIMITS } from "./report-form";
import { addCounts, markerCounts, redact, redactionRules, type RedactionCounts, type RedactionRules } from "./redaction";

/**
 * Filing a near-miss report and following it up with the receipt code (promises 1–4, 7). Nothing
 * here takes or stores who the reporter is: the reporter's id is used only for the day's quota,
 * as a keyed hash in a table of its own.
 */

export { REPORTS_PER_DAY };

export type ReportInput = {
  whatHappened: string;
  tool: string;
  category: NearMissCategory;
  severity: NearMissSeverity;
  sections: readonly string[];
  teamId: number | null;
};

/** The redaction rules of the live library: its declared restricted categories, plus email and phone. */
export async function currentRedactionRules({ db }: { db: Db }): Promise<RedactionRules> {
  return redactionRules(await restrictedDetectors({ db }));
}

/** Redacts again on the server (the browser's preview is never trusted); idempotent on redacted text. */
function redactField({ field, text, rules, limit }: { field: string; text: string; rules: RedactionRules; limit: number }) {
  const problem = unstorableCharacter(text);
  // The message names the field and the kind of character, never the text.
  if (problem) throw new InputError(field, `This text contains ${problem}, which cannot be stored. Remove it and try again.`);
  const redacted = redact(text, rules);
  if (redacted.text.length > limit) throw new InputError(field, `Keep this to at most ${limit} characters (redacted).`);
  return redacted;
}

async function claimQuota({ db, reporterId, secret, now }: { db: Db; reporterId: number; secret: string; now: Date }) {
  const day = now.toISOString().slice(0, 10);
  const keyHash = keyedHash({ secret, purpose: "quota", value: `${reporterId}:${day}` });
  // Only today's keys are kept: yesterday's quota says who filed yesterday to whoever holds the secret.
  await db.delete(nearMissQuota).where(ne(nearMissQuota.day, day));
  const claimed = await db
    .insert(nearMissQuota)
    .values({ keyHash, day, used: 1 })
    .onConflictDoUpdate({ target: nearMissQuota.keyHash, set: { used: sql`${nearMissQuota.used} + 1` }, setWhere: sql`${nearMissQuota.used} < ${REPORTS_PER_DAY}` })
    .returning({ used: nearMissQuota.used });
  if (claimed.length === 0) {
    throw new InputError(null, `You have filed ${REPORTS_PER_DAY} reports today, the most the channel takes from one person in a day. Try again tomorrow.`, { status: 409, problem: "throttled" });
  }
}

/**
 * Files a report: validates, redacts every free-text field, takes one of the reporter's reports
 * for the day, stores the report with its ISO week only, and returns the receipt code (shown
 * once, stored only as a hash). The counts per category are read from the markers, so text the
 * browser (or the route) already redacted is counted too.
 */
export async function fileReport({
  db,
  reporterId,
  input,
  secret,
  now = new Date(),
}: {
  db: Db;
  reporterId: number;
  input: ReportInput;
  secret: string;
  now?: Date;
}): Promise<{ code: string; week: string }> {
  const rules = await currentRedactionRules({ db });
  const whatHappened = redactField({ field: "whatHappened", text: input.whatHappened, rules, limit: TEXT_LIMITS.whatHappened });
  const tool = redactField({ field: "tool", text: input.tool, rules, limit: TEXT_LIMITS.tool });
  if (whatHappened.text.trim() === "") throw new InputError("whatHappened", "Describe what happened.");

  const anchors = await knownAnchors({ db });
  const sections = [...new Set(input.sections)];
  if (sections.some((anchor) => !anchors.has(anchor))) throw new InputError("sections", "Pick policy sections from the list; one of them does not exist (any more).");
  if (input.teamId !== null) {
    const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId));
    if (!team) throw new InputError("teamId", "Pick a team from the list, or leave it at “Don’t say”.");
  }

  await claimQuota({ db, reporterId, secret, now });

  const code = newReceiptCode();
  const week = isoWeekOf(now);
  await db.transaction(async (tx) => {
    const id = randomUUID();
    await tx.insert(nearMissReports).values({
      id,
      receiptHash: receiptHash(code),
      week,
      category: input.category,
      severity: input.severity,
      tool: tool.text.trim(),
      whatHappened: whatHappened.text.trim(),
      redactions: addCounts(markerCounts(whatHappened.text), markerCounts(tool.text)),
      teamId: input.teamId,
    });
    if (sections.length > 0) await tx.insert(nearMissReportSections).values(sections.map((anchor) => ({ reportId: id, anchor })));
  });
  return { code, week };
}

export type ThreadEntry = { position: number; from: "reporter" | "compliance"; body: string; week: string; isFeedback: boolean };

export type ReporterView = {
  week: string;
  status: NearMissStatus;
  category: NearMissCategory;
  severity: NearMissSeverity;
  tool: string;
  whatHappened: string;
  redactions: RedactionCounts;
  sections: string[];
  team: string | null;
  acknowledgedWeek: string | null;
  feedbackWeek: string | null;
  /** Whether compliance made a training drill of it (never which, nor who). */
  becameDrill: boolean;
  clocks: ReportClocks;
  thread: ThreadEntry[];
};

async function reportIdByCode({ db, code }: { db: Db; code: string }): Promise<string | null> {
  const [row] = await db.select({ id: nearMissReports.id }).from(nearMissReports).where(eq(nearMissReports.receiptHash, receiptHash(code)));
  return row?.id ?? null;
}

/** What the reporter sees with their code: never the internal triage notes. */
async function reporterView({ db, reportId, now }: { db: Db; reportId: string; now: Date }): Promise<ReporterView | null> {
  const [report] = await db
    .select({ report: nearMissReports, team: teams.name })
    .from(nearMissReports)
    .leftJoin(teams, eq(teams.id, nearMissReports.teamId))
    .where(eq(nearMissReports.id, reportId));
  if (!report) return null;
  const sections = await db.select({ anchor: nearMissReportSections.anchor }).from(nearMissReportSections).where(eq(nearMissReportSections.reportId, reportId)).orderBy(asc(nearMissReportSections.anchor));
  const thread = await db
    .select({ position: nearMissMessages.position, kind: nearMissMessages.kind, body: nearMissMessages.body, week: nearMissMessages.week, isFeedback: nearMissMessages.isFeedback })
    .from(nearMissMessages)
    .where(and(eq(nearMissMessages.reportId, reportId), inArray(nearMissMessages.kind, ["reporter", "reply"])))
    .orderBy(asc(nearMissMessages.position));
  const r = report.report;
  return {
    week: r.week,
    status: r.status,
    category: r.category,
    severity: r.severity,
    tool: r.tool,
    whatHappened: r.whatHappened,
    redactions: r.redactions,
    sections: sections.map((s) => s.anchor),
    team: report.team,
    acknowledgedWeek: r.acknowledgedWeek,
    feedbackWeek: r.feedbackWeek,
    becameDrill: r.drillId !== null,
    clocks: reportClocks({ week: r.week, acknowledged: r.acknowledgedWeek !== null, feedbackGiven: r.feedbackWeek !== null, now }),
    thread: thread.map((m) => ({ position: m.position, from: m.kind === "reporter" ? "reporter" : "compliance", body: m.body, week: m.week, isFeedback: m.isFeedback })),
  };
}

/** The report a receipt code belongs to, as its reporter sees it; null for any code that matches none. */
export async function reportByCode({ db, code, now = new Date() }: { db: Db; code: string; now?: Date }): Promise<ReporterView | null> {
  const reportId = await reportIdByCode({ db, code });
  return reportId === null ? null : reporterView({ db, reportId, now });
}

/** Appends to a report's thread at the next position, under a lock on the report row. */
export async function appendMessage(
  db: Db,
  { reportId, kind, body, redactions, week, toStatus = null, isFeedback = false }: { reportId: string; kind: "reporter" | "reply" | "triage_note"; body: string; redactions: RedactionCounts; week: string; toStatus?: NearMissStatus | null; isFeedback?: boolean },
) {
  const [last] = await db
    .select({ position: sql<number>`coalesce(max(${nearMissMessages.position}), 0)`.mapWith(Number) })
    .from(nearMissMessages)
    .where(eq(nearMissMessages.reportId, reportId));
  await db.insert(nearMissMessages).values({ reportId, position: (last?.position ?? 0) + 1, kind, body, redactions, week, toStatus, isFeedback });
}

/** The reporter writes again, with the code: redacted like the report. Null when the code matches no report. */
export async function addReporterMessage({ db, code, text, now = new Date() }: { db: Db; code: string; text: string; now?: Date }): Promise<ReporterView | null> {
  const rules = await currentRedactionRules({ db });
  const body = redactField({ field: "message", text, rules, limit: TEXT_LIMITS.message });
  if (body.text.trim() === "") throw new InputError("message", "Write a message first.");
  const reportId = await reportIdByCode({ db, code });
  if (reportId === null) return null;
  await db.transaction(async (tx) => {
    await tx.select({ id: nearMissReports.id }).from(nearMissReports).where(eq(nearMissReports.id, reportId)).for("update");
    await appendMessage(tx, { reportId, kind: "reporter", body: body.text.trim(), redactions: markerCounts(body.text), week: isoWeekOf(now) });
  });
  return reporterView({ db, reportId, now });
}
