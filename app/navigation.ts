import { can, type Permission } from "~/app/auth/permissions";
import type { Role } from "~/app/vocabulary";

export type NavItem = { to: string; label: string };

const ITEMS: readonly (NavItem & { permission?: Permission })[] = [
  { to: "/", label: "Home" },
  { to: "/progress", label: "Progress", permission: "practice:play" },
  { to: "/insights", label: "Insights", permission: "insights:read" },
  { to: "/policies", label: "Policies", permission: "policies:read" },
  { to: "/assignments", label: "Assignments", permission: "assignments:manage" },
  { to: "/studio", label: "Studio", permission: "studio:author" },
  { to: "/drills/needs-review", label: "Drills to confirm", permission: "drills:confirm" },
  { to: "/near-misses", label: "Near-miss inbox", permission: "near_miss:triage" },
  { to: "/admin/users", label: "Users", permission: "users:manage" },
  { to: "/admin/teams", label: "Teams", permission: "users:manage" },
  { to: "/admin/settings", label: "Settings", permission: "settings:manage" },
  { to: "/admin/tokens", label: "API tokens", permission: "tokens:manage" },
  { to: "/admin/events/upload", label: "Upload events", permission: "events:upload" },
  { to: "/admin/audit", label: "Audit log", permission: "audit:read" },
  // In every role's navigation: reporting must never depend on finding the page.
  { to: "/report", label: "Report a near-miss", permission: "near_miss:report" },
];

/** The navigation a role sees: exactly the pages it may open. */
export function navigationFor(role: Role): NavItem[] {
  return ITEMS.filter((item) => !item.permission || can(role, item.permission)).map(({ to, label }) => ({ to, label }));
}
