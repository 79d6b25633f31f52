import {
  boolean,
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { Drill } from "~/app/content/drill";
import type { ReviewCardState } from "~/app/practice/fsrs";
import type { AttemptScore } from "~/app/practice/scoring";
import type { Mark } from "~/app/practice/types";
import { CHANNELS, CONTENT_ORIGINS, DECISIONS, DRILL_STATUSES, OUTCOMES, ROLES, TIERS, type FlawType } from "~/app/vocabulary";

export const roleEnum = pgEnum("role", ROLES);

const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const teams = pgTable("teams", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  /** The languages the team's agents practise in unless they choose their own (PRACTICE_LANGUAGES). */
  practiceLanguages: text("practice_languages").array().notNull().default(sql`'{en}'::text[]`),
  /** The ISO weekdays (Monday 1 … Sunday 7) the team works: the days a day streak counts (WEEKDAYS). */
  workingDays: integer("working_days").array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
  createdAt: createdAt(),
});
export type Team = typeof teams.$inferSelect;

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /** The agent's id in the live AI assistant, for production events that do not carry an email. */
    agentRef: text("agent_ref").unique(),
    /** The languages this user practises in; null follows the team's default. */
    practiceLanguages: text("practice_languages").array(),
    /** When the agent first closed the drill page's walkthrough; null shows it on their next drill. */
    walkthroughSeenAt: timestamp("walkthrough_seen_at", { withTimezone: true }),
    /** The agent's own goal: counted (first) attempts per ISO week (WEEKLY_GOAL). */
    weeklyGoal: integer("weekly_goal").notNull().default(10),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const teamLeaders = pgTable(
  "team_leaders",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

// The cookie carries a random token; only its SHA-256 is stored, so a
// database dump cannot be replayed as live sessions.
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
export type Session = typeof sessions.$inferSelect;

export const loginFailures = pgTable(
  "login_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    /** The client's address (from X-Forwarded-For only behind a trusted proxy); '' when unknown. */
    client: text("client").notNull().default(""),
    failedAt: timestamp("failed_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [index("login_failures_email_time_idx").on(t.email, t.failedAt), index("login_failures_client_time_idx").on(t.client, t.failedAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt)],
);
export type AuditEntry = typeof auditLog.$inferSelect;

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
  updatedBy: integer("updated_by").references(() => users.id),
});

// ── Content: policies and the drill library, imported from files by `content:sync` ──

export const policies = pgTable("policies", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  version: text("version").notNull(),
  effective: text("effective").notNull(),
  origin: text("origin", { enum: CONTENT_ORIGINS }).notNull().default("file"),
  /** The file it was imported from; null for a studio policy. */
  file: text("file"),
  hash: text("hash").notNull(),
  /** The Markdown as imported or uploaded, so the studio can re-validate and compare versions; null until the next sync of an older row. */
  source: text("source"),
  /** Markdown before the first anchored section (the policy's preamble). */
  intro: text("intro").notNull(),
  /** Restricted data categories this policy declares, each naming its detector. */
  restricted: jsonb("restricted").$type<{ id: string; label: string; detector: string }[]>().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
});
export type PolicyRow = typeof policies.$inferSelect;

/**
 * One row per version of a section: a changed section gets a new row and the
 * old one is superseded, so feedback can always quote the text a drill
 * revision was written against.
 */
export const policySections = pgTable(
  "policy_sections",
  {
    id: serial("id").primaryKey(),
    policyId: text("policy_id")
      .notNull()
      .references(() => policies.id),
    anchor: text("anchor").notNull(),
    heading: text("heading").notNull(),
    level: integer("level").notNull(),
    position: integer("position").notNull(),
    markdown: text("markdown").notNull(),
    hash: text("hash").notNull(),
    versionNo: integer("version_no").notNull(),
    createdAt: createdAt(),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("policy_sections_anchor_version_unique").on(t.anchor, t.versionNo),
    index("policy_sections_policy_idx").on(t.policyId),
  ],
);
export type PolicySectionRow = typeof policySections.$inferSelect;

export const drillStatusEnum = pgEnum("drill_status", DRILL_STATUSES);

export const drills = pgTable("drills", {
  id: text("id").primaryKey(),
  origin: text("origin", { enum: CONTENT_ORIGINS }).notNull().default("file"),
  /** The file it lives in; null for a studio drill. */
  file: text("file"),
  status: drillStatusEnum("status").notNull().default("active"),
  currentRevisionId: integer("current_revision_id"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type DrillRow = typeof drills.$inferSelect;

/** Immutable: attempts reference the exact revision they were taken on, forever. */
export const drillRevisions = pgTable(
  "drill_revisions",
  {
    id: serial("id").primaryKey(),
    drillId: text("drill_id")
      .notNull()
      .references(() => drills.id),
    revision: integer("revision").notNull(),
    hash: text("hash").notNull(),
    title: text("title").notNull(),
    locale: text("locale").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    difficulty: integer("difficulty").notNull(),
    skills: jsonb("skills").$type<string[]>().notNull(),
    flawTypes: jsonb("flaw_types").$type<FlawType[]>().notNull(),
    /** The parsed drill with quotes resolved to UTF-16 ranges. */
    content: jsonb("content").$type<Drill>().notNull(),
    /** Who published it in the studio; null for a revision imported from a file. */
    publishedBy: integer("published_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("drill_revisions_drill_revision_unique").on(t.drillId, t.revision)],
);
export type DrillRevisionRow = typeof drillRevisions.$inferSelect;

/**
 * A studio drill's working copy, in the drill format (YAML): what the author edits, saves as a
 * draft and publishes from. `version` rises with every save, so a save based on an older version
 * is refused (two authors never silently overwrite each other).
 */
export const studioDrafts = pgTable("studio_drafts", {
  drillId: text("drill_id")
    .primaryKey()
    .references(() => drills.id),
  source: text("source").notNull(),
  version: integer("version").notNull().default(1),
  updatedBy: integer("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type StudioDraftRow = typeof studioDrafts.$inferSelect;

// ── Practice: serving drills, attempts, ratings, spaced repetition, assignments ──

export const assignments = pgTable("assignments", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  createdBy: integer("created_by")
    .notNull()
    .references(() => users.id),
  dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
  /** How the drill list was chosen, kept for the record; the list itself is assignment_drills. */
  filter: jsonb("filter").$type<{ flawTypes: string[]; skills: string[]; locale: string | null; count: number } | null>(),
  createdAt: createdAt(),
  /** Raised by every edit and by the cancel: a save made from an older version is refused, never overwrites (two editors at once). */
  version: integer("version").notNull().default(1),
  /** Set once, when cancelled: agents no longer see or get it; its completion up to then stays readable. */
  cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  cancelledBy: integer("cancelled_by").references(() => users.id),
});
export type AssignmentRow = typeof assignments.$inferSelect;

export const assignmentTeams = pgTable(
  "assignment_teams",
  {
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.teamId] })],
);

export const assignmentDrills = pgTable(
  "assignment_drills",
  {
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    drillId: text("drill_id")
      .notNull()
      .references(() => drills.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.drillId] })],
);

export const SERVE_REASONS = ["assigned", "review", "practice"] as const;

/** Every drill put in front of an agent; an attempt must answer a revision it was served. */
export const servedDrills = pgTable(
  "served_drills",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    drillId: text("drill_id")
      .notNull()
      .references(() => drills.id),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => drillRevisions.id),
    reason: text("reason", { enum: SERVE_REASONS }).notNull(),
    isControl: boolean("is_control").notNull(),
    assignmentId: integer("assignment_id").references(() => assignments.id),
    servedAt: timestamp("served_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when it was answered, or when it could no longer be (its drill retired or set aside); null while open. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("served_drills_user_idx").on(t.userId, t.servedAt),
    // At most one open served drill per agent, also when two requests serve at once.
    uniqueIndex("served_drills_one_open").on(t.userId).where(sql`${t.closedAt} is null`),
  ],
);

export const attempts = pgTable(
  "attempts",
  {
    id: serial("id").primaryKey(),
    /** Generated by the browser per attempt: a resubmission finds the attempt already stored. */
    clientId: text("client_id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    drillId: text("drill_id")
      .notNull()
      .references(() => drills.id),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => drillRevisions.id),
    servedId: integer("served_id")
      .notNull()
      .references(() => servedDrills.id),
    assignmentId: integer("assignment_id").references(() => assignments.id),
    /** The agent's team when the attempt was made: insights follow people's teams at the time. */
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    decision: text("decision", { enum: DECISIONS }).notNull(),
    marks: jsonb("marks").$type<Mark[]>().notNull(),
    rewrite: text("rewrite"),
    escalationReason: text("escalation_reason"),
    timeOnTaskMs: integer("time_on_task_ms").notNull(),
    /** The full AttemptScore, re-computed on the server from the stored revision. */
    score: jsonb("score").$type<AttemptScore>().notNull(),
    flawed: boolean("flawed").notNull(),
    outcome: text("outcome", { enum: OUTCOMES }).notNull(),
    points: integer("points").notNull(),
    gameScore: real("game_score").notNull(),
    agentRating: real("agent_rating").notNull(),
    agentRatingDelta: real("agent_rating_delta").notNull(),
    /** The agent's first attempt at this drill: only it counts for points, ratings and every figure. */
    counted: boolean("counted").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("attempts_user_client_unique").on(t.userId, t.clientId),
    // One served drill takes one attempt.
    uniqueIndex("attempts_served_unique").on(t.servedId),
    index("attempts_user_created_idx").on(t.userId, t.createdAt),
    // Whether an agent has done an assigned drill since the assignment (completion.server.ts): one probe, not a scan of their attempts since.
    index("attempts_user_drill_created_idx").on(t.userId, t.drillId, t.createdAt),
    // One counted (first) attempt per agent and drill.
    uniqueIndex("attempts_first_per_drill").on(t.userId, t.drillId).where(sql`${t.counted}`),
    // A team's first attempts in a window (insights reading attempts: drills missed, controls overridden, the export).
    index("attempts_team_created_idx").on(t.teamId, t.createdAt).where(sql`${t.counted}`),
    // A drill's (or one revision's) first attempts: its item analysis on the studio page.
    index("attempts_drill_counted_idx").on(t.drillId, t.revisionId).where(sql`${t.counted}`),
  ],
);
export type AttemptRow = typeof attempts.$inferSelect;

export const agentRatings = pgTable("agent_ratings", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  rating: real("rating").notNull(),
  rd: real("rd").notNull(),
  volatility: real("volatility").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Time to proficiency, stored once reached (set in the attempt's transaction; null until then):
   * the counted attempt that completed the first proficient window, how many counted attempts
   * that took, and whole days from the first one.
   */
  proficiencyReachedAt: timestamp("proficiency_reached_at", { withTimezone: true }),
  proficiencyDrills: integer("proficiency_drills"),
  proficiencyDays: integer("proficiency_days"),
  /** How many counted attempts the agent has: the number of the latest, for its rating point. */
  countedAttempts: integer("counted_attempts").notNull().default(0),
});

/**
 * The agent's rating history, thinned as it grows so it never holds more than about 100 points:
 * the rating after counted attempt number `seq`, kept for the first attempt and every
 * `ratingStride`-th (all of them up to 100). Written in the attempt's transaction.
 */
export const agentRatingPoints = pgTable(
  "agent_rating_points",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    seq: integer("seq").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    rating: real("rating").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.seq] })],
);

/**
 * The agent's tier after each counted attempt that changed it (and after their first), written
 * in the attempt's transaction with the tier rule over their latest 100 counted attempts
 * (tierFor): the tier at any moment is the latest row before it, so insights read one row per
 * agent, never their history.
 */
export const agentTierChanges = pgTable(
  "agent_tier_changes",
  {
    attemptId: integer("attempt_id")
      .primaryKey()
      .references(() => attempts.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    tier: text("tier", { enum: TIERS }).notNull(),
  },
  (t) => [index("agent_tier_changes_latest_idx").on(t.userId, t.at, t.attemptId)],
);

/**
 * The day streak as of the agent's latest attempt (any attempt, counted or not: reviews keep a
 * streak too), kept in the attempt's transaction: that attempt's time, and the consecutive UTC
 * days with an attempt ending on its day; null days while unknown (then recounted from the
 * attempts). Apart from agent_ratings, which only counted attempts change.
 */
export const agentStreaks = pgTable("agent_streaks", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  days: integer("days"),
  /** The team's working days `days` was counted with; other days (or null, from before) make it unknown. */
  workingDays: integer("working_days").array(),
});

export const drillRatings = pgTable("drill_ratings", {
  drillId: text("drill_id")
    .primaryKey()
    .references(() => drills.id),
  rating: real("rating").notNull(),
  rd: real("rd").notNull(),
  volatility: real("volatility").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** FSRS cards: one per agent × flaw type, and one per agent × missed drill. */
export const REVIEW_CARD_KINDS = ["flaw_type", "drill"] as const;
export const reviewCards = pgTable(
  "review_cards",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: REVIEW_CARD_KINDS }).notNull(),
    key: text("key").notNull(),
    card: jsonb("card").$type<ReviewCardState>().notNull(),
    due: timestamp("due", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.key] }), index("review_cards_due_idx").on(t.userId, t.due)],
);

export * from "./insights-schema";
export * from "./near-miss-schema";
export * from "./drill-candidates-schema";
export * from "./calibration-schema";
