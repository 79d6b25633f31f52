import { describe, expect, it } from "vitest";
import { can } from "~/app/auth/permissions";
import { safeRedirectTo } from "~/app/auth/redirect";
import { navigationFor } from "~/app/navigation";

describe("navigation and permissions", () => {
  it("shows admin pages to admins only", () => {
    expect(navigationFor("admin").map((i) => i.label)).toEqual(["Home", "Insights", "Policies", "Assignments", "Drills to confirm", "Users", "Teams", "Settings", "API tokens", "Upload events", "Audit log"]);
    expect(navigationFor("author").map((i) => i.label)).toEqual(["Home", "Policies", "Assignments", "Drills to confirm"]);
    expect(navigationFor("leader").map((i) => i.label)).toEqual(["Home", "Insights", "Policies", "Assignments"]);
    for (const role of ["author", "leader"] as const) expect(can(role, "users:manage")).toBe(false);
    for (const role of ["agent", "author", "leader"] as const) expect(can(role, "settings:manage")).toBe(false);
    for (const role of ["agent", "author", "leader"] as const) expect([can(role, "tokens:manage"), can(role, "events:upload")]).toEqual([false, false]);
  });

  it("gives insights to leaders and admins only", () => {
    for (const role of ["leader", "admin"] as const) expect([can(role, "insights:read"), can(role, "team-bands:manage")]).toEqual([true, true]);
    for (const role of ["agent", "author"] as const) expect([can(role, "insights:read"), can(role, "team-bands:manage")]).toEqual([false, false]);
  });

  it("gives agents their practice progress, and only agents", () => {
    expect(navigationFor("agent").map((i) => i.label)).toEqual(["Home", "Progress", "Policies"]);
    expect(can("agent", "users:manage")).toBe(false);
    for (const role of ["author", "leader", "admin"] as const) expect(can(role, "practice:play")).toBe(false);
  });
});

describe("safeRedirectTo", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeRedirectTo("/admin/users?x=1")).toBe("/admin/users?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "admin", null, undefined, 42]) {
      expect(safeRedirectTo(bad)).toBe("/");
    }
  });
});
