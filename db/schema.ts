import {
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const ROLES = ["agent", "author", "leader", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum("role", ROLES);

const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const teams = pgTable("teams", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
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
    failedAt: timestamp("failed_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [index("login_failures_email_time_idx").on(t.email, t.failedAt)],
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
  file: text("file").notNull(),
  hash: text("hash").notNull(),
  /** Markdown before the first anchored section (the policy's preamble). */
  intro: text("intro").notNull(),
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

export const DRILL_STATUSES = ["active", "needs_review", "retired"] as const;
export const drillStatusEnum = pgEnum("drill_status", DRILL_STATUSES);

export const drills = pgTable("drills", {
  id: text("id").primaryKey(),
  file: text("file").notNull(),
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
    channel: text("channel").notNull(),
    difficulty: integer("difficulty").notNull(),
    skills: jsonb("skills").$type<string[]>().notNull(),
    flawTypes: jsonb("flaw_types").$type<string[]>().notNull(),
    /** The parsed drill with quotes resolved to UTF-16 ranges. */
    content: jsonb("content").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("drill_revisions_drill_revision_unique").on(t.drillId, t.revision)],
);
export type DrillRevisionRow = typeof drillRevisions.$inferSelect;
