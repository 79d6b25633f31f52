import type { Role } from "~/app/vocabulary";

/** What each role may do; routes ask for a permission, never for a role name. */
const PERMISSIONS = {
  "policies:read": ["agent", "author", "leader", "admin"],
  "practice:play": ["agent"],
  "drills:confirm": ["author", "admin"],
  /** The authoring studio: studio drills and policy versions, the drill list, the flaw generator. */
  "studio:author": ["author", "admin"],
  "assignments:manage": ["author", "leader", "admin"],
  "users:manage": ["admin"],
  "audit:read": ["admin"],
  /** Leaders read the insights of the teams they lead (the queries scope it), admins of every team. */
  "insights:read": ["leader", "admin"],
  /** Leaders override the band thresholds for the teams they lead, admins for any team. */
  "team-bands:manage": ["leader", "admin"],
  /** The organisation's settings (the band defaults). */
  "settings:manage": ["admin"],
  /** Bearer tokens for the production events API. */
  "tokens:manage": ["admin"],
  /** Production AI-assist events uploaded as a CSV file. */
  "events:upload": ["admin"],
  /** Anyone signed in may report a near-miss (the report stores nothing of who). */
  "near_miss:report": ["agent", "author", "leader", "admin"],
  /** Compliance triages near-miss reports: the inbox, replies, status moves, counts per policy section. */
  "near_miss:triage": ["author", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission) {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return allowed.includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  agent: "Agent",
  author: "Author (compliance)",
  leader: "Leader",
  admin: "Admin",
};
