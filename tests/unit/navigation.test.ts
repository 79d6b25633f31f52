import { describe, expect, it } from "vitest";
import { can } from "../../app/auth/permissions";
import { safeRedirectTo } from "../../app/auth/guard.server";
import { navigationFor } from "../../app/navigation";

describe("navigation and permissions", () => {
  it("shows admin pages to admins only", () => {
    expect(navigationFor("admin").map((i) => i.label)).toEqual(["Home", "Policies", "Users", "Teams", "Audit log"]);
    for (const role of ["agent", "author", "leader"] as const) {
      expect(navigationFor(role).map((i) => i.label)).toEqual(["Home", "Policies"]);
      expect(can(role, "users:manage")).toBe(false);
    }
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
