import { describe, expect, it } from "vitest";
import { assignmentChanges, drillsLockedReason, mayChangeAssignment, teamsAfterEdit } from "~/app/assignments/assignment-changes";
import { EditAssignmentSchema, CancelAssignmentSchema } from "~/app/assignments/assignment-schema";

describe("mayChangeAssignment", () => {
  it("lets the creator, authors and admins change it, never an agent or another leader", () => {
    expect(mayChangeAssignment({ viewer: { id: 1, role: "leader" }, createdBy: 1 })).toBe(true);
    expect(mayChangeAssignment({ viewer: { id: 2, role: "leader" }, createdBy: 1 })).toBe(false);
    expect(mayChangeAssignment({ viewer: { id: 2, role: "author" }, createdBy: 1 })).toBe(true);
    expect(mayChangeAssignment({ viewer: { id: 2, role: "admin" }, createdBy: 1 })).toBe(true);
    // An agent, even one recorded as its creator, never.
    expect(mayChangeAssignment({ viewer: { id: 1, role: "agent" }, createdBy: 1 })).toBe(false);
  });
});

describe("teamsAfterEdit", () => {
  it("takes the chosen teams within the editor's scope and keeps the others as they were", () => {
    expect(teamsAfterEdit({ current: [1, 2], chosen: [2, 3], scope: "all" })).toEqual([2, 3]);
    // Team 5 is not the leader's: it stays, and choosing it does nothing.
    expect(teamsAfterEdit({ current: [1, 5], chosen: [2], scope: [1, 2] })).toEqual([5, 2]);
    expect(teamsAfterEdit({ current: [1], chosen: [1, 5, 1], scope: [1, 2] })).toEqual([1]);
  });
});

describe("assignmentChanges", () => {
  const before = { title: "返品の週 🧾", dueAt: new Date("2026-12-08T23:59:59.999Z"), teamIds: [1, 2], drillIds: ["a", "b"] };
  it("is empty when nothing changed", () => {
    expect(assignmentChanges(before, { ...before, dueAt: new Date(before.dueAt.getTime()), teamIds: [1, 2], drillIds: ["a", "b"] })).toEqual({});
  });
  it("names each changed part, teams as added and removed, drills in order", () => {
    expect(assignmentChanges(before, { title: "返品の週 🧾📦", dueAt: new Date("2026-12-15T23:59:59.999Z"), teamIds: [2, 3], drillIds: ["b", "a"] })).toEqual({
      title: { from: "返品の週 🧾", to: "返品の週 🧾📦" },
      dueAt: { from: "2026-12-08T23:59:59.999Z", to: "2026-12-15T23:59:59.999Z" },
      teams: { added: [3], removed: [1] },
      drillIds: { from: ["a", "b"], to: ["b", "a"] },
    });
  });
});

describe("drillsLockedReason", () => {
  it("is null before anyone started and names how many agents did after", () => {
    expect(drillsLockedReason(0)).toBeNull();
    expect(drillsLockedReason(1)).toMatch(/^The drills can no longer change: 1 agent has started/);
    expect(drillsLockedReason(3)).toMatch(/3 agents have started/);
  });
});

describe("the edit and cancel schemas", () => {
  it("need a version and a known way of choosing drills, with field errors", () => {
    const missing = EditAssignmentSchema.safeParse({ title: "x", teamIds: [1], dueAt: "2026-12-08", mode: "keep" });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["version", "This form has no version; reload the page."]]);
    expect(EditAssignmentSchema.safeParse({ title: "x", teamIds: [1], dueAt: "2026-12-08", mode: "nonsense", version: 1 }).error?.issues[0]?.message).toBe("Choose how to pick the drills.");
    expect(EditAssignmentSchema.parse({ title: "x", teamIds: [1], dueAt: "2026-12-08", mode: "keep", version: 2 })).toMatchObject({ mode: "keep", version: 2, dueAt: new Date("2026-12-08T23:59:59.999Z") });
    expect(CancelAssignmentSchema.safeParse({ version: 1 }).error?.issues.map((i) => i.path.join("."))).toEqual(["confirm"]);
    expect(CancelAssignmentSchema.parse({ version: 1, confirm: "yes" })).toEqual({ version: 1, confirm: "yes" });
  });
});
