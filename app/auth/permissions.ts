import type { Role } from "~/app/vocabulary";

/** What each role may do; routes ask for a permission, never for a role name. */
const PERMISSIONS = {
  "policies:read": ["agent", "author", "leader", "admin"],
  "practice:play": ["agent"],
  "drills:confirm": ["author", "admin"],
  "assignments:manage": ["author", "leader", "admin"],
  "users:manage": ["admin"],
  "audit:read": ["admin"],
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
