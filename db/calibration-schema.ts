import { index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import type { Mark } from "~/app/practice/types";
import { DECISIONS } from "~/app/vocabulary";
import { drills, users } from "./schema";

// ── Blind calibration of studio drafts (docs/design.md, "Blind calibration") ──

/** An author's request that colleagues take a draft blind: tied to the working copy they see. */
export const calibrationRounds = pgTable(
  "calibration_rounds",
  {
    id: serial("id").primaryKey(),
    drillId: text("drill_id")
      .notNull()
      .references(() => drills.id),
    /** The working copy as it read when the round was asked for: what the calibrators take, and what their results are about. */
    source: text("source").notNull(),
    /** workingCopyHash(source); a working copy with another hash makes the round stale. */
    sourceHash: text("source_hash").notNull(),
    /** studio_drafts.version when asked. */
    draftVersion: integer("draft_version").notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("calibration_rounds_drill_idx").on(t.drillId, t.id)],
);
export type CalibrationRoundRow = typeof calibrationRounds.$inferSelect;

/** One invited calibrator of a round, and their take once submitted (one per calibrator and round). */
export const calibrationTakes = pgTable(
  "calibration_takes",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => calibrationRounds.id),
    calibratorId: integer("calibrator_id")
      .notNull()
      .references(() => users.id),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull().defaultNow(),
    /** Null until submitted; then the marks (UTF-16 offsets into the round's draft), the decision and the time, set together. */
    marks: jsonb("marks").$type<Mark[]>(),
    decision: text("decision", { enum: DECISIONS }),
    timeOnTaskMs: integer("time_on_task_ms"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.calibratorId] }), index("calibration_takes_calibrator_idx").on(t.calibratorId)],
);
