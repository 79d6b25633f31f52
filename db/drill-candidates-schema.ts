import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { RedactionCounts } from "~/app/near-miss/redaction";
import { DRILL_CANDIDATE_STATUSES } from "~/app/vocabulary";
import { apiTokens } from "./insights-schema";
import { drills } from "./schema";

// ── Drill candidates from production (docs/design.md, "Drill candidates") ──
//
// What the live assistant drafted, what the agent sent instead, and the customer's message, each
// redacted with the shared detectors before the row is written: no column ever holds a raw
// restricted datum. No agent is named: a candidate is about the AI's draft, not about who fixed it.

export const drillCandidates = pgTable(
  "drill_candidates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The assistant's id for the reply; makes ingestion idempotent. */
    externalId: text("external_id").notNull(),
    status: text("status", { enum: DRILL_CANDIDATE_STATUSES }).notNull(),
    /** The three texts, redacted; null for a reply sent unchanged (nothing to show, so nothing kept). */
    customerMessage: text("customer_message"),
    aiDraft: text("ai_draft"),
    sentReply: text("sent_reply"),
    /** The reply's language tag as the assistant gave it, or null. */
    locale: text("locale"),
    /** The policy sections the assistant named that exist (unknown anchors are dropped on receipt). */
    policyRefs: jsonb("policy_refs").$type<string[]>().notNull(),
    /** How many data of each category were redacted from the three texts together. */
    redactions: jsonb("redactions").$type<RedactionCounts>().notNull(),
    /** The token that posted it. */
    tokenId: bigint("token_id", { mode: "number" }).references(() => apiTokens.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** The studio drill an author turned the candidate into. */
    drillId: text("drill_id").references(() => drills.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("drill_candidates_external_id_unique").on(t.externalId), index("drill_candidates_status_idx").on(t.status, t.id)],
);
export type DrillCandidate = typeof drillCandidates.$inferSelect;
