import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { RedactionCounts } from "~/app/near-miss/redaction";
import { NEAR_MISS_CATEGORIES, NEAR_MISS_MESSAGE_KINDS, NEAR_MISS_SEVERITIES, NEAR_MISS_STATUSES } from "~/app/vocabulary";
import { drills, teams } from "./schema";

// ── The near-miss channel (docs/design.md, "The near-miss channel") ──
//
// A report row holds no user id, session, address, user agent or time: only the ISO week it was
// filed in. Its id is random (a sequence would give the order of filing away). Free text is stored
// redacted, with counts per redacted category and nothing that could reverse the redaction. The
// two throttle tables are keyed by keyed hashes and never joined with reports.

export const nearMissReports = pgTable(
  "near_miss_reports",
  {
    /** Random (UUID v4), never a sequence. */
    id: text("id").primaryKey(),
    /** SHA-256 of the receipt code; the code itself is shown once and never stored. */
    receiptHash: text("receipt_hash").notNull().unique(),
    /** The ISO week of filing ("2026-W48"): the only time kept. */
    week: text("week").notNull(),
    category: text("category", { enum: NEAR_MISS_CATEGORIES }).notNull(),
    severity: text("severity", { enum: NEAR_MISS_SEVERITIES }).notNull(),
    /** Which AI tool or feature, redacted. */
    tool: text("tool").notNull(),
    /** What happened, redacted. */
    whatHappened: text("what_happened").notNull(),
    /** How many data of each category were redacted from the reporter's text. */
    redactions: jsonb("redactions").$type<RedactionCounts>().notNull(),
    /** Only when the reporter chose to give it. */
    teamId: integer("team_id").references(() => teams.id, { onDelete: "set null" }),
    status: text("status", { enum: NEAR_MISS_STATUSES }).notNull().default("new"),
    /** The ISO week the report was first acknowledged (left "new" or got a reply). */
    acknowledgedWeek: text("acknowledged_week"),
    /** The ISO week compliance first gave feedback on the outcome. */
    feedbackWeek: text("feedback_week"),
    /** The studio drill compliance turned this report into (its reporter is told a drill came of it, never by whom). */
    drillId: text("drill_id").references(() => drills.id, { onDelete: "set null" }),
  },
  (t) => [index("near_miss_reports_week_idx").on(t.week), index("near_miss_reports_status_idx").on(t.status)],
);
export type NearMissReport = typeof nearMissReports.$inferSelect;

/** The policy sections a report names (anchors of live sections when it was filed). */
export const nearMissReportSections = pgTable(
  "near_miss_report_sections",
  {
    reportId: text("report_id")
      .notNull()
      .references(() => nearMissReports.id, { onDelete: "cascade" }),
    anchor: text("anchor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.anchor] }), index("near_miss_report_sections_anchor_idx").on(t.anchor)],
);

/**
 * A report's thread: the reporter's follow-ups, compliance's replies (both seen by the reporter
 * with the receipt code) and internal triage notes (authors only), in order. Weeks, not times;
 * no author id (who triaged what is in the audit log, which never names the reporter).
 */
export const nearMissMessages = pgTable(
  "near_miss_messages",
  {
    reportId: text("report_id")
      .notNull()
      .references(() => nearMissReports.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: NEAR_MISS_MESSAGE_KINDS }).notNull(),
    /** Redacted. */
    body: text("body").notNull(),
    redactions: jsonb("redactions").$type<RedactionCounts>().notNull(),
    week: text("week").notNull(),
    /** For a triage note: the status the report moved to. */
    toStatus: text("to_status", { enum: NEAR_MISS_STATUSES }),
    /** A reply that gives the reporter feedback on the outcome (stops the 3-month clock). */
    isFeedback: boolean("is_feedback").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.position] })],
);

/**
 * Reports filed per person per day, keyed by HMAC(secret, user id + day): the throttle. Rows of
 * earlier days are deleted. Never joined with reports, and holds no time beyond the day.
 */
export const nearMissQuota = pgTable("near_miss_quota", {
  keyHash: text("key_hash").primaryKey(),
  day: text("day").notNull(),
  used: integer("used").notNull(),
});

/** Receipt-code lookups that matched nothing, per client (HMAC of its address): guessing is throttled. */
export const nearMissLookupFailures = pgTable(
  "near_miss_lookup_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    clientHash: text("client_hash").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("near_miss_lookup_failures_client_time_idx").on(t.clientHash, t.failedAt)],
);
