import { describe, expect, it } from "vitest";
import { can } from "~/app/auth/permissions";
import { safeRedirectTo } from "~/app/auth/redirect";
import { navigationFor } from "~/app/navigation";

describe("navigation and permissions", () => {
  it("shows admin pages to admins only", () => {
    expect(navigationFor("admin").map((i) => i.label)).toEqual(["Home", "Insights", "Policies", "Assignments", "Studio", "Drills to confirm", "Near-miss inbox", "Users", "Teams", "Settings", "API tokens", "Upload events", "Audit log", "Report a near-miss"]);
    expect(navigationFor("author").map((i) => i.label)).toEqual(["Home", "Policies", "Assignments", "Studio", "Drills to confirm", "Near-miss inbox", "Report a near-miss"]);
    expect(navigationFor("leader").map((i) => i.label)).toEqual(["Home", "Insights", "Policies", "Assignments", "Report a near-miss"]);
    for (const role of ["author", "leader"] as const) expect(can(role, "users:manage")).toBe(false);
    for (const role of ["agent", "author", "leader"] as const) expect(can(role, "settings:manage")).toBe(false);
    for (const role of ["agent", "author", "leader"] as const) expect([can(role, "tokens:manage"), can(role, "events:upload")]).toEqual([false, false]);
  });

  it("gives the studio to authors and admins only", () => {
    for (const role of ["author", "admin"] as const) expect(can(role, "studio:author")).toBe(true);
    for (const role of ["agent", "leader"] as const) expect(can(role, "studio:author")).toBe(false);
  });

  it("gives insights to leaders and admins only", () => {
    for (const role of ["leader", "admin"] as const) expect([can(role, "insights:read"), can(role, "team-bands:manage")]).toEqual([true, true]);
    for (const role of ["agent", "author"] as const) expect([can(role, "insights:read"), can(role, "team-bands:manage")]).toEqual([false, false]);
  });

  it("gives agents their practice progress, and only agents", () => {
    expect(navigationFor("agent").map((i) => i.label)).toEqual(["Home", "Progress", "Policies", "Report a near-miss"]);
    expect(can("agent", "users:manage")).toBe(false);
    for (const role of ["author", "leader", "admin"] as const) expect(can(role, "practice:play")).toBe(false);
  });
});

describe("the near-miss channel", () => {
  it("is in every role's navigation, and its inbox only in compliance's and admins'", () => {
    for (const role of ["agent", "author", "leader", "admin"] as const) {
      expect(navigationFor(role)).toContainEqual({ to: "/report", label: "Report a near-miss" });
      expect(can(role, "near_miss:report")).toBe(true);
    }
    for (const role of ["author", "admin"] as const) expect(can(role, "near_miss:triage")).toBe(true);
    for (const role of ["agent", "leader"] as const) expect(can(role, "near_miss:triage")).toBe(false);
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
