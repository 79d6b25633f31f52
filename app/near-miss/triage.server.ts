import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { nearMissMessages, nearMissReports, nearMissReportSections, policies, policySections, teams } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import type { NearMissCategory, NearMissSeverity, NearMissStatus } from "~/app/vocabulary";
import { isoWeekOf, reportClocks, type ReportClocks } from "./clocks";
import { markerCounts, redact } from "./redaction";
import { TEXT_LIMITS } from "./report-form";
import { appendMessage, currentRedactionRules } from "./reports.server";
import { smallCellK } from "./settings.server";
import { publishedText, suppressPeriod, type Published } from "./suppression";
import { canMove, STATUS_MOVES } from "./words";

/**
 * Compliance's side of the channel (promises 5–7): the inbox, reading a report, moving it along
 * new → reviewing → actioned → closed with a note, replying to the reporter, and how many reports
 * name each policy section. Nothing here reads drill or performance tables, and nothing can say
 * who filed a report: the report rows do not know.
 */

export type InboxFilters = { status?: NearMissStatus; category?: NearMissCategory; section?: string; week?: string };

export type InboxReport = {
  id: string;
  week: string;
  status: NearMissStatus;
  category: NearMissCategory;
  severity: NearMissSeverity;
  tool: string;
  excerpt: string;
  team: string | null;
  sections: string[];
  clocks: ReportClocks;
  /** The reporter wrote last and nobody has answered. */
  awaitingReply: boolean;
};

const EXCERPT = 160;

function excerptOf(text: string) {
  return text.length <= EXCERPT ? text : `${text.slice(0, EXCERPT - 1).trimEnd()}…`;
}

async function lastVisibleKinds({ db, reportIds }: { db: Db; reportIds: string[] }) {
  if (reportIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectDistinctOn([nearMissMessages.reportId], { reportId: nearMissMessages.reportId, kind: nearMissMessages.kind })
    .from(nearMissMessages)
    .where(and(inArray(nearMissMessages.reportId, reportIds), inArray(nearMissMessages.kind, ["reporter", "reply"])))
    .orderBy(nearMissMessages.reportId, desc(nearMissMessages.position));
  return new Map(rows.map((row) => [row.reportId, row.kind]));
}

/** The inbox: reports matching the filters, newest week first (within a week in no particular order: ids are random). */
export async function listInbox({ db, filters, now = new Date() }: { db: Db; filters: InboxFilters; now?: Date }): Promise<InboxReport[]> {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(nearMissReports.status, filters.status));
  if (filters.category) conditions.push(eq(nearMissReports.category, filters.category));
  if (filters.week) conditions.push(eq(nearMissReports.week, filters.week));
  if (filters.section) {
    conditions.push(inArray(nearMissReports.id, db.select({ id: nearMissReportSections.reportId }).from(nearMissReportSections).where(eq(nearMissReportSections.anchor, filters.section))));
  }
  const rows = await db
    .select({ report: nearMissReports, team: teams.name })
    .from(nearMissReports)
    .leftJoin(teams, eq(teams.id, nearMissReports.teamId))
    .where(and(...conditions))
    .orderBy(desc(nearMissReports.week), asc(nearMissReports.id));
  const ids = rows.map((row) => row.report.id);
  const sections = ids.length === 0 ? [] : await db.select().from(nearMissReportSections).where(inArray(nearMissReportSections.reportId, ids)).orderBy(asc(nearMissReportSections.anchor));
  const last = await lastVisibleKinds({ db, reportIds: ids });
  return rows.map(({ report, team }) => ({
    id: report.id,
    week: report.week,
    status: report.status,
    category: report.category,
    severity: report.severity,
    tool: report.tool,
    excerpt: excerptOf(report.whatHappened),
    team,
    sections: sections.filter((s) => s.reportId === report.id).map((s) => s.anchor),
    clocks: reportClocks({ week: report.week, acknowledged: report.acknowledgedWeek !== null, feedbackGiven: report.feedbackWeek !== null, now }),
    awaitingReply: last.get(report.id) === "reporter",
  }));
}

/** Groups the inbox by the policy sections its reports name (a report naming two is in both), then those naming none. */
export function groupBySection(reports: readonly InboxReport[]): { anchor: string | null; reports: InboxReport[] }[] {
  const groups = new Map<string | null, InboxReport[]>();
  for (const report of reports) {
    for (const anchor of report.sections.length > 0 ? report.sections : [null]) groups.set(anchor, [...(groups.get(anchor) ?? []), report]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([anchor, grouped]) => ({ anchor, reports: grouped }));
}

/** What is due under promise 7, over the given reports. */
export function dueSummary(reports: readonly InboxReport[]) {
  const tally = (clock: "acknowledgement" | "feedback", state: "overdue" | "due_soon") => reports.filter((r) => r.clocks[clock].state === state).length;
  return {
    acknowledgementOverdue: tally("acknowledgement", "overdue"),
    acknowledgementDueSoon: tally("acknowledgement", "due_soon"),
    feedbackOverdue: tally("feedback", "overdue"),
    feedbackDueSoon: tally("feedback", "due_soon"),
    awaitingReply: reports.filter((r) => r.awaitingReply).length,
  };
}

/** The filters' choices: weeks and sections that occur. */
export async function inboxChoices({ db }: { db: Db }) {
  const weeks = await db.selectDistinct({ week: nearMissReports.week }).from(nearMissReports).orderBy(desc(nearMissReports.week));
  const sections = await db
    .select({ anchor: policySections.anchor, heading: policySections.heading, policyTitle: policies.title })
    .from(policySections)
    .innerJoin(policies, eq(policies.id, policySections.policyId))
    .where(sql`${policySections.supersededAt} is null and ${policies.retiredAt} is null`)
    .orderBy(asc(policies.title), asc(policySections.position));
  return { weeks: weeks.map((w) => w.week), sections };
}

export type TriageEntry = { position: number; kind: "reporter" | "reply" | "triage_note"; body: string; week: string; toStatus: NearMissStatus | null; isFeedback: boolean };

const notFound = () => new InputError(null, "No near-miss report has this id.", { status: 404, problem: "not_found" });

/** One report as compliance reads it: everything stored, the whole thread with the triage notes, the clocks and the moves allowed. */
export async function reportForTriage({ db, reportId, now = new Date() }: { db: Db; reportId: string; now?: Date }) {
  const [row] = await db.select({ report: nearMissReports, team: teams.name }).from(nearMissReports).leftJoin(teams, eq(teams.id, nearMissReports.teamId)).where(eq(nearMissReports.id, reportId));
  if (!row) throw notFound();
  const sections = await db
    .select({ anchor: nearMissReportSections.anchor, heading: policySections.heading, policyId: policySections.policyId })
    .from(nearMissReportSections)
    .leftJoin(policySections, and(eq(policySections.anchor, nearMissReportSections.anchor), sql`${policySections.supersededAt} is null`))
    .where(eq(nearMissReportSections.reportId, reportId))
    .orderBy(asc(nearMissReportSections.anchor));
  const thread: TriageEntry[] = await db
    .select({ position: nearMissMessages.position, kind: nearMissMessages.kind, body: nearMissMessages.body, week: nearMissMessages.week, toStatus: nearMissMessages.toStatus, isFeedback: nearMissMessages.isFeedback })
    .from(nearMissMessages)
    .where(eq(nearMissMessages.reportId, reportId))
    .orderBy(asc(nearMissMessages.position));
  const r = row.report;
  return {
    id: r.id,
    week: r.week,
    status: r.status,
    category: r.category,
    severity: r.severity,
    tool: r.tool,
    whatHappened: r.whatHappened,
    redactions: r.redactions,
    team: row.team,
    acknowledgedWeek: r.acknowledgedWeek,
    feedbackWeek: r.feedbackWeek,
    drillId: r.drillId,
    sections,
    thread,
    clocks: reportClocks({ week: r.week, acknowledged: r.acknowledgedWeek !== null, feedbackGiven: r.feedbackWeek !== null, now }),
    moves: [...STATUS_MOVES[r.status]],
  };
}

async function redactedBody({ db, field, text }: { db: Db; field: string; text: string }) {
  const body = redact(text, await currentRedactionRules({ db })).text.trim();
  if (body === "") throw new InputError(field, field === "note" ? "Write a note: what was decided, and why." : "Write the reply first.");
  if (body.length > TEXT_LIMITS.message) throw new InputError(field, `Keep it to at most ${TEXT_LIMITS.message} characters.`);
  return body;
}

/** Moves a report one step along its triage, with a note (internal; redacted). Leaving "new" acknowledges it. */
export async function moveReport({ db, actorId, reportId, to, note, now = new Date() }: { db: Db; actorId: number; reportId: string; to: NearMissStatus; note: string; now?: Date }) {
  const body = await redactedBody({ db, field: "note", text: note });
  const week = isoWeekOf(now);
  await db.transaction(async (tx) => {
    const [report] = await tx.select({ status: nearMissReports.status, acknowledgedWeek: nearMissReports.acknowledgedWeek }).from(nearMissReports).where(eq(nearMissReports.id, reportId)).for("update");
    if (!report) throw notFound();
    if (!canMove(report.status, to)) {
      throw new InputError("to", `A report that is ${report.status} cannot move to ${to}; it can move to ${STATUS_MOVES[report.status].join(" or ")}.`, { status: 409, problem: "bad_move" });
    }
    await tx
      .update(nearMissReports)
      .set({ status: to, ...(report.acknowledgedWeek === null ? { acknowledgedWeek: week } : {}) })
      .where(eq(nearMissReports.id, reportId));
    await appendMessage(tx, { reportId, kind: "triage_note", body, redactions: markerCounts(body), week, toStatus: to });
    await recordAudit(tx, { actorId, action: "near_miss.status", targetType: "near_miss_report", targetId: reportId, details: { from: report.status, to } });
  });
}

/** A reply the reporter reads with the code (redacted). The first acknowledges the report; one marked as feedback stops the 3-month clock. */
export async function replyToReporter({ db, actorId, reportId, text, isFeedback, now = new Date() }: { db: Db; actorId: number; reportId: string; text: string; isFeedback: boolean; now?: Date }) {
  const body = await redactedBody({ db, field: "reply", text });
  const week = isoWeekOf(now);
  await db.transaction(async (tx) => {
    const [report] = await tx.select({ acknowledgedWeek: nearMissReports.acknowledgedWeek, feedbackWeek: nearMissReports.feedbackWeek }).from(nearMissReports).where(eq(nearMissReports.id, reportId)).for("update");
    if (!report) throw notFound();
    await appendMessage(tx, { reportId, kind: "reply", body, redactions: markerCounts(body), week, isFeedback });
    const set = {
      ...(report.acknowledgedWeek === null ? { acknowledgedWeek: week } : {}),
      ...(isFeedback && report.feedbackWeek === null ? { feedbackWeek: week } : {}),
    };
    if (Object.keys(set).length > 0) await tx.update(nearMissReports).set(set).where(eq(nearMissReports.id, reportId));
    await recordAudit(tx, { actorId, action: "near_miss.reply", targetType: "near_miss_report", targetId: reportId, details: { feedback: isFeedback } });
  });
}

/**
 * How many reports name each of the given sections, each count suppressed like the aggregates
 * ("< k" for 1 … k − 1). No totals are shown beside them (a report may name several sections), so
 * there is nothing to subtract a hidden count from.
 */
export async function reportsPerSection({ db, anchors, k }: { db: Db; anchors: readonly string[]; k: number }): Promise<Map<string, Published>> {
  const counted = new Map<string, Published>();
  if (anchors.length === 0) return counted;
  const rows = await db
    .select({ anchor: nearMissReportSections.anchor, reports: count() })
    .from(nearMissReportSections)
    .where(inArray(nearMissReportSections.anchor, [...anchors]))
    .groupBy(nearMissReportSections.anchor);
  for (const anchor of anchors) {
    const value = rows.find((row) => row.anchor === anchor)?.reports ?? 0;
    // One line of one cell: primary suppression only, the same rule and labels as the aggregates.
    const published = suppressPeriod({ k, lines: [{ id: "section", cells: [{ key: anchor, value }] }] }).lines[0]?.cells[0]?.published;
    counted.set(anchor, published ?? { status: "hidden" });
  }
  return counted;
}

/** The counts a policy page shows compliance: per section, in words ("7", "< 5"), with the k in force. */
export async function nearMissCountsBySection({ db, anchors }: { db: Db; anchors: readonly string[] }) {
  const { k } = await smallCellK({ db });
  const counts = await reportsPerSection({ db, anchors, k });
  const bySection: Record<string, { text: string; none: boolean }> = {};
  for (const [anchor, published] of counts) bySection[anchor] = { text: publishedText(published, k), none: published.status === "shown" && published.value === 0 };
  return { k, bySection };
}
