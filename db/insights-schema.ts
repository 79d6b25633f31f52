import { bigint, bigserial, date, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { ASSIST_ACTIONS, type ALL_TYPES, type FlawType } from "~/app/vocabulary";
import { drillRevisions, drills, teams, users } from "./schema";

// ── Insights: rollups of first attempts, production AI-assist events, API tokens ──

/**
 * Counts of first (counted) attempts per team × agent × ISO week × flaw type, plus a row over all
 * types (`flaw_type = 'all'`). Kept exact: updated in the attempt's transaction, and
 * `npm run insights:rebuild` recomputes them from the attempts. The team is the agent's team when
 * the attempt was made. In a flaw type's row the flaw counts are that type's, the mark counts are
 * marks given that type, and the draft counts are the attempts on drills that plant it.
 */
export const insightRollups = pgTable(
  "insight_rollups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    /** Monday of the attempt's ISO week (UTC). */
    week: date("week", { mode: "string" }).notNull(),
    flawType: text("flaw_type").$type<FlawType | typeof ALL_TYPES>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    planted: integer("planted").notNull().default(0),
    caught: integer("caught").notNull().default(0),
    correctlyTyped: integer("correctly_typed").notNull().default(0),
    marks: integer("marks").notNull().default(0),
    falseFlags: integer("false_flags").notNull().default(0),
    flawedDrafts: integer("flawed_drafts").notNull().default(0),
    cleanDrafts: integer("clean_drafts").notNull().default(0),
    hits: integer("hits").notNull().default(0),
    misses: integer("misses").notNull().default(0),
    falseAlarms: integer("false_alarms").notNull().default(0),
    correctRejections: integer("correct_rejections").notNull().default(0),
    escalateExpected: integer("escalate_expected").notNull().default(0),
    escalatedWhenExpected: integer("escalated_when_expected").notNull().default(0),
    usableRewrites: integer("usable_rewrites").notNull().default(0),
    fixPlanted: integer("fix_planted").notNull().default(0),
    flawsRemoved: integer("flaws_removed").notNull().default(0),
    points: integer("points").notNull().default(0),
    timeOnTaskMs: integer("time_on_task_ms").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId, t.week, t.flawType] }),
    index("insight_rollups_week_idx").on(t.week, t.teamId),
    // The agents active in some teams' weeks (activeAgents), read from the index alone.
    index("insight_rollups_active_idx").on(t.week, t.teamId, t.userId).where(sql`${t.flawType} = 'all' and ${t.attempts} > 0`),
  ],
);
export type InsightRollupRow = typeof insightRollups.$inferSelect;

/**
 * The same counts summed over a team's agents: per team × ISO week × flaw type (and 'all'). What
 * a team's and the organisation's totals and weekly trend read, so they do not grow with the
 * number of agents; kept in the attempt's transaction beside `insight_rollups` and rebuilt with
 * it. Time on task is a bigint: a team's week of it can outgrow an integer.
 */
export const teamInsightRollups = pgTable(
  "team_insight_rollups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    week: date("week", { mode: "string" }).notNull(),
    flawType: text("flaw_type").$type<FlawType | typeof ALL_TYPES>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    planted: integer("planted").notNull().default(0),
    caught: integer("caught").notNull().default(0),
    correctlyTyped: integer("correctly_typed").notNull().default(0),
    marks: integer("marks").notNull().default(0),
    falseFlags: integer("false_flags").notNull().default(0),
    flawedDrafts: integer("flawed_drafts").notNull().default(0),
    cleanDrafts: integer("clean_drafts").notNull().default(0),
    hits: integer("hits").notNull().default(0),
    misses: integer("misses").notNull().default(0),
    falseAlarms: integer("false_alarms").notNull().default(0),
    correctRejections: integer("correct_rejections").notNull().default(0),
    escalateExpected: integer("escalate_expected").notNull().default(0),
    escalatedWhenExpected: integer("escalated_when_expected").notNull().default(0),
    usableRewrites: integer("usable_rewrites").notNull().default(0),
    fixPlanted: integer("fix_planted").notNull().default(0),
    flawsRemoved: integer("flaws_removed").notNull().default(0),
    points: integer("points").notNull().default(0),
    timeOnTaskMs: bigint("time_on_task_ms", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.week, t.flawType] })],
);

/**
 * First attempts on clean controls per team × ISO week × drill revision, and how many of them
 * overrode the draft (any decision but send: an unneeded override). The monthly review's "controls
 * most often overridden" reads these instead of the month's attempts; kept in the attempt's
 * transaction and rebuilt with the other rollups. Per revision, so a drill's title is the one its
 * attempts in the window saw.
 */
export const controlRollups = pgTable(
  "control_rollups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    week: date("week", { mode: "string" }).notNull(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => drillRevisions.id),
    drillId: text("drill_id").notNull(),
    attempts: integer("attempts").notNull().default(0),
    overridden: integer("overridden").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.week, t.revisionId] }), index("control_rollups_week_idx").on(t.week, t.teamId)],
);

/**
 * How each planted flaw of a drill revision fared in first attempts, per team × ISO week ×
 * revision × flaw index (the flaw's place in the revision's `flaws`): how many first attempts saw
 * it (`planted`; every attempt on the revision sees every flaw, so this is also the revision's
 * first attempts), caught it (any type), typed it correctly, missed it, and how many gave it each
 * type it does not accept (`mistyped_as_<type>`: a flaw marked with two wrong types counts in
 * both). "Where errors slip through" sums these instead of reading attempts; per revision and
 * flaw index, so a drill author's item analysis can read the same counts. Kept in the attempt's
 * transaction and rebuilt with the other rollups. `flaw_type` is the flaw's own (planted) type and
 * `drill_id` the revision's drill, copied so that filters and the per-drill sums need no join.
 * One column per flaw type, not jsonb: they are summed and upserted like every other count.
 */
/** The counts of one planted flaw in first attempts (see flawRollups), shared by its team and organisation rollups. */
const flawCounts = () => ({
  drillId: text("drill_id").notNull(),
  flawType: text("flaw_type").$type<FlawType>().notNull(),
  planted: integer("planted").notNull().default(0),
  caught: integer("caught").notNull().default(0),
  correctlyTyped: integer("correctly_typed").notNull().default(0),
  missed: integer("missed").notNull().default(0),
  mistypedAsHallucination: integer("mistyped_as_hallucination").notNull().default(0),
  mistypedAsMissingCitation: integer("mistyped_as_missing_citation").notNull().default(0),
  mistypedAsFabricatedCitation: integer("mistyped_as_fabricated_citation").notNull().default(0),
  mistypedAsRestrictedData: integer("mistyped_as_restricted_data").notNull().default(0),
  mistypedAsTone: integer("mistyped_as_tone").notNull().default(0),
});

export const flawRollups = pgTable(
  "flaw_rollups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    week: date("week", { mode: "string" }).notNull(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => drillRevisions.id),
    flawIndex: integer("flaw_index").notNull(),
    ...flawCounts(),
  },
  // By drill and week too: the top drills' per-flaw counts are read for a few drills over a window that may span every team.
  (t) => [primaryKey({ columns: [t.teamId, t.week, t.revisionId, t.flawIndex] }), index("flaw_rollups_week_idx").on(t.week, t.teamId), index("flaw_rollups_drill_week_idx").on(t.drillId, t.week)],
);

/**
 * flaw_rollups summed over every team: per ISO week × revision × flaw index. What a view of the
 * whole organisation reads, so that it sums one row per flaw and week instead of one per team
 * that met it; kept in the attempt's transaction beside the team's row and rebuilt with it.
 */
export const organisationFlawRollups = pgTable(
  "organisation_flaw_rollups",
  {
    week: date("week", { mode: "string" }).notNull(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => drillRevisions.id),
    flawIndex: integer("flaw_index").notNull(),
    ...flawCounts(),
  },
  (t) => [
    primaryKey({ columns: [t.week, t.revisionId, t.flawIndex] }),
    index("organisation_flaw_rollups_drill_week_idx").on(t.drillId, t.week),
    // Covers the drills missed most over a window (missedDrills) as an index-only scan.
    index("organisation_flaw_rollups_week_missed_idx").on(t.week, t.drillId, t.missed),
  ],
);

/** control_rollups summed over every team (ISO week × revision), for views of the whole organisation. */
export const organisationControlRollups = pgTable(
  "organisation_control_rollups",
  {
    week: date("week", { mode: "string" }).notNull(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => drillRevisions.id),
    drillId: text("drill_id").notNull(),
    attempts: integer("attempts").notNull().default(0),
    overridden: integer("overridden").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.week, t.revisionId] })],
);

/**
 * Per drill, over all its revisions: its first attempts, how many made the right decision (a hit
 * or a correct rejection), and the sums that give Pearson's r between that 0/1 result and the
 * agent's rating before the attempt (the item analysis' point-biserial: n, Σy, Σy², Σxy, with y the
 * rating less 1500 so the sums stay small), with the lowest and highest rating (a drill whose
 * agents all had one rating has no discrimination). The studio's drill list reads these instead of
 * every attempt. Kept in the attempt's transaction and rebuilt with the other rollups.
 */
export const drillItemRollups = pgTable("drill_item_rollups", {
  drillId: text("drill_id")
    .primaryKey()
    .references(() => drills.id),
  attempts: integer("attempts").notNull().default(0),
  rightDecisions: integer("right_decisions").notNull().default(0),
  ratingSum: doublePrecision("rating_sum").notNull().default(0),
  ratingSquareSum: doublePrecision("rating_square_sum").notNull().default(0),
  rightRatingSum: doublePrecision("right_rating_sum").notNull().default(0),
  lowestRating: doublePrecision("lowest_rating").notNull(),
  highestRating: doublePrecision("highest_rating").notNull(),
});

/** Bearer tokens for the production events API; only the SHA-256 of a token is stored. */
export const apiTokens = pgTable("api_tokens", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** One suggestion of the live AI assistant and what the agent did with it. `externalId` makes ingestion idempotent. */
export const assistEvents = pgTable(
  "assist_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    externalId: text("external_id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    action: text("action", { enum: ASSIST_ACTIONS }).notNull(),
    suggestionKind: text("suggestion_kind"),
    /**
     * Share of the suggestion the agent changed (0–1), when the assistant reports it. A double, not
     * a real: a float4 0.35 reads back as 0.3499999940…, which would put an edit exactly on a 5 %
     * step into the bucket below it (see assistRollups).
     */
    editRatio: doublePrecision("edit_ratio"),
    tokenId: integer("token_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("assist_events_external_id_unique").on(t.externalId), index("assist_events_team_time_idx").on(t.teamId, t.occurredAt)],
);

/**
 * Production events per team × agent × ISO week × suggestion kind ('' when none). Edits are kept
 * in 20 buckets of edit ratio (5 % wide; `editedByRatio[i]` holds ratios in [i/20, (i+1)/20), the
 * last also 1.0) so the light-edit threshold, a setting in steps of 5 %, applies at read time.
 */
export const assistRollups = pgTable(
  "assist_rollups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    week: date("week", { mode: "string" }).notNull(),
    suggestionKind: text("suggestion_kind").notNull(),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    editedUnknownRatio: integer("edited_unknown_ratio").notNull().default(0),
    editedByRatio: integer("edited_by_ratio").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId, t.week, t.suggestionKind] }), index("assist_rollups_week_idx").on(t.week, t.teamId)],
);

/** The same production counts summed over a team's agents (team × ISO week × kind): what team and organisation figures read. Kept in the ingestion's transaction. */
export const teamAssistRollups = pgTable(
  "team_assist_rollups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    week: date("week", { mode: "string" }).notNull(),
    suggestionKind: text("suggestion_kind").notNull(),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    editedUnknownRatio: integer("edited_unknown_ratio").notNull().default(0),
    editedByRatio: integer("edited_by_ratio").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.week, t.suggestionKind] })],
);
