import { and, count, desc, eq, inArray, lt, ne } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillCandidates } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { DETECTOR_LABELS, detect } from "~/app/content/detectors";
import { InputError } from "~/app/input-error";
import { addCounts, redact, type RedactionRules } from "~/app/near-miss/redaction";
import { currentRedactionRules } from "~/app/near-miss/reports.server";
import { knownAnchors } from "~/app/policies/anchors.server";
import type { ItemError } from "~/app/production/events";
import type { IngestResult } from "~/app/production/events.server";
import { INBOX_CANDIDATE_STATUSES, type DrillCandidateStatus } from "~/app/vocabulary";
import { CANDIDATE_TEXT_MAX, type CandidateInput, type ValidatedCandidates } from "./candidate-batch";
import { compareDraftAndReply } from "./changed-spans";

// Keeps each statement's parameters well under PostgreSQL's 65,535.
const CHUNK = 500;

type Row = typeof drillCandidates.$inferInsert;

/** The three texts of a candidate, as the studio will hold them: CRLF as LF, a draft without trailing line breaks. */
function asStudioText(text: string, { draft = false } = {}) {
  const lf = text.replace(/\r\n?/g, "\n");
  return draft ? lf.replace(/\n+$/, "") : lf;
}

/** The row a valid candidate becomes, or why it is refused (naming the field, never the text). */
function rowOf(candidate: CandidateInput, { rules, anchors, tokenId }: { rules: RedactionRules; anchors: ReadonlySet<string>; tokenId: number | null }): Row | string {
  const [datum] = detect(candidate.externalId, rules.detectors);
  if (datum) return `externalId: holds what looks like a ${DETECTOR_LABELS[datum.category]}; use an id with no personal data in it`;
  const customer = redact(asStudioText(candidate.customerMessage), rules);
  const draft = redact(asStudioText(candidate.aiDraft, { draft: true }), rules);
  const reply = redact(asStudioText(candidate.sentReply), rules);
  for (const [field, redacted] of [["customerMessage", customer], ["aiDraft", draft], ["sentReply", reply]] as const) {
    if (redacted.text.length > CANDIDATE_TEXT_MAX) return `${field}: must be at most ${CANDIDATE_TEXT_MAX} characters once restricted data is redacted`;
  }
  const changed = compareDraftAndReply(draft.text, reply.text, candidate.locale ?? undefined).spans.length > 0;
  const common = { externalId: candidate.externalId, locale: candidate.locale, tokenId };
  // A reply sent as drafted teaches nothing: only its id is kept, so a resent batch stays a duplicate.
  if (!changed) return { ...common, status: "unchanged", customerMessage: null, aiDraft: null, sentReply: null, policyRefs: [], redactions: {} };
  return {
    ...common,
    status: "new",
    customerMessage: customer.text,
    aiDraft: draft.text,
    sentReply: reply.text,
    policyRefs: candidate.policyRefs.filter((anchor) => anchors.has(anchor)),
    redactions: addCounts(customer.counts, draft.counts, reply.counts),
  };
}

/**
 * Stores the valid candidates of a batch, each redacted with the library's rules (its declared
 * restricted categories, plus email and phone) before anything is written, in one transaction.
 * An external id seen before (in an earlier batch or earlier in this one) is a duplicate and
 * changes nothing. Policy references that name no current section are dropped.
 */
export async function ingestCandidates({ db, batch, tokenId = null }: { db: Db; batch: ValidatedCandidates; tokenId?: number | null }): Promise<IngestResult> {
  const rules = await currentRedactionRules({ db });
  const anchors = await knownAnchors({ db });
  const errors: ItemError[] = [...batch.errors];
  const seen = new Set<string>();
  let duplicates = 0;
  const rows: Row[] = [];
  for (const { index, candidate } of batch.valid) {
    if (seen.has(candidate.externalId)) {
      duplicates += 1;
      continue;
    }
    const row = rowOf(candidate, { rules, anchors, tokenId });
    if (typeof row === "string") {
      errors.push({ index, reason: row });
      continue;
    }
    seen.add(candidate.externalId);
    rows.push(row);
  }
  // In external-id order, so two batches sharing ids wait for each other instead of deadlocking.
  rows.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const stored = await db.transaction(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const part = rows.slice(start, start + CHUNK);
      inserted += (await tx.insert(drillCandidates).values(part).onConflictDoNothing({ target: drillCandidates.externalId }).returning({ id: drillCandidates.id })).length;
    }
    return inserted;
  });
  duplicates += rows.length - stored;
  errors.sort((a, b) => a.index - b.index);
  return { accepted: stored, duplicates, rejected: errors.length, errors };
}

export type InboxStatus = (typeof INBOX_CANDIDATE_STATUSES)[number];
export const CANDIDATES_PER_PAGE = 50;

/** One page of the inbox, newest first, with the count per status (for the filter's choices). */
export async function listCandidates({ db, status, before }: { db: Db; status: InboxStatus; before?: number }) {
  const rows = await db
    .select()
    .from(drillCandidates)
    .where(and(eq(drillCandidates.status, status), before === undefined ? undefined : lt(drillCandidates.id, before)))
    .orderBy(desc(drillCandidates.id))
    .limit(CANDIDATES_PER_PAGE + 1);
  const tally = await db.select({ status: drillCandidates.status, n: count() }).from(drillCandidates).where(ne(drillCandidates.status, "unchanged")).groupBy(drillCandidates.status);
  const counts = Object.fromEntries(INBOX_CANDIDATE_STATUSES.map((one) => [one, tally.find((row) => row.status === one)?.n ?? 0])) as Record<InboxStatus, number>;
  return { candidates: rows.slice(0, CANDIDATES_PER_PAGE).map(shown), counts, nextBefore: rows.length > CANDIDATES_PER_PAGE ? rows[CANDIDATES_PER_PAGE - 1]?.id : undefined };
}

/** A candidate as the inbox shows it: its texts compared, the changed words marked. */
function shown(row: typeof drillCandidates.$inferSelect) {
  const aiDraft = row.aiDraft ?? "";
  const sentReply = row.sentReply ?? "";
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    receivedAt: row.receivedAt.toISOString(),
    customerMessage: row.customerMessage ?? "",
    policyRefs: row.policyRefs,
    redactions: row.redactions,
    drillId: row.drillId,
    comparison: compareDraftAndReply(aiDraft, sentReply, row.locale ?? undefined),
  };
}
export type ShownCandidate = ReturnType<typeof shown>;

export async function getCandidate({ db, candidateId }: { db: Db; candidateId: number }) {
  const [row] = await db
    .select()
    .from(drillCandidates)
    .where(and(eq(drillCandidates.id, candidateId), inArray(drillCandidates.status, [...INBOX_CANDIDATE_STATUSES])));
  return row ? shown(row) : null;
}

/** Dismissing moves a new candidate out of the way; restoring brings a dismissed one back. Audited. */
export async function setCandidateStatus({ db, actorId, candidateId, to }: { db: Db; actorId: number; candidateId: number; to: Extract<DrillCandidateStatus, "new" | "dismissed"> }) {
  const from: DrillCandidateStatus = to === "dismissed" ? "new" : "dismissed";
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ status: drillCandidates.status }).from(drillCandidates).where(eq(drillCandidates.id, candidateId)).for("update");
    if (!row || row.status === "unchanged") throw new InputError(null, "There is no such candidate.", { status: 404 });
    if (row.status !== from) throw new InputError(null, row.status === "drilled" ? "This candidate already became a drill." : to === "dismissed" ? "This candidate is already dismissed." : "This candidate is not dismissed.", { status: 409, problem: "status_changed" });
    await tx.update(drillCandidates).set({ status: to }).where(eq(drillCandidates.id, candidateId));
    await recordAudit(tx, { actorId, action: to === "dismissed" ? "drill_candidate.dismiss" : "drill_candidate.restore", targetType: "drill_candidate", targetId: candidateId });
  });
}

