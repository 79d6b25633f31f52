import { describe, expect, it } from "vitest";
import { drillListQuerySchema, filterAndSortDrills, type DrillListRow } from "~/app/studio/drill-list";

const row = (values: Partial<DrillListRow>): DrillListRow => ({
  id: "x",
  origin: "file",
  file: "drills/x.yaml",
  status: "active",
  title: "X",
  locale: "en",
  flawTypes: [],
  difficulty: 2,
  firstAttempts: 0,
  facility: null,
  discrimination: null,
  hints: [],
  changedAt: "2026-11-01T00:00:00.000Z",
  unpublished: false,
  ...values,
});

const rows = [
  row({ id: "refunds-a", title: "Published", firstAttempts: 10, facility: 0.9, discrimination: { method: "upper_lower", index: 0.5, reading: "discriminates", groupSize: 3 } }),
  row({ id: "refunds-b", title: "Retired", status: "retired" }),
  row({ id: "ja-c", title: "落ち着いて", origin: "studio", file: null, status: "draft", locale: "ja", flawTypes: ["tone"] }),
  row({ id: "refunds-d", title: "Set aside", status: "needs_review", firstAttempts: 4, facility: 0.25, discrimination: { method: "upper_lower", index: -0.25, reading: "very_likely_revision", groupSize: 1 }, hints: ["rarely_caught", "rating_drift"] }),
];

describe("the studio's drill list", () => {
  it("puts drafts and drills needing review first by default", () => {
    expect(filterAndSortDrills(rows, {}).map((r) => r.id)).toEqual(["ja-c", "refunds-d", "refunds-a", "refunds-b"]);
  });

  it("filters by status, home, language, flaw type and search (Japanese too)", () => {
    expect(filterAndSortDrills(rows, { origin: "studio" }).map((r) => r.id)).toEqual(["ja-c"]);
    expect(filterAndSortDrills(rows, { q: "落ち着" }).map((r) => r.id)).toEqual(["ja-c"]);
    expect(filterAndSortDrills(rows, { type: "tone", locale: "ja" }).map((r) => r.id)).toEqual(["ja-c"]);
    expect(filterAndSortDrills(rows, { status: "retired" }).map((r) => r.id)).toEqual(["refunds-b"]);
  });

  it("sorts by facility (lowest first, untaken last) and by first attempts", () => {
    expect(filterAndSortDrills(rows, { sort: "facility" }).map((r) => r.id).slice(0, 2)).toEqual(["refunds-d", "refunds-a"]);
    expect(filterAndSortDrills(rows, { sort: "attempts" })[0]?.id).toBe("refunds-a");
  });

  it("sorts by discrimination (lowest first, unmeasured last) and by the number of hints", () => {
    expect(filterAndSortDrills(rows, { sort: "discrimination" }).map((r) => r.id).slice(0, 2)).toEqual(["refunds-d", "refunds-a"]);
    expect(filterAndSortDrills(rows, { sort: "hints" })[0]?.id).toBe("refunds-d");
  });

  it("refuses unknown filter values at their parameter, and treats empty ones as none", () => {
    expect(drillListQuerySchema.safeParse({ status: "", q: "" })).toMatchObject({ success: true, data: {} });
    const bad = drillListQuerySchema.safeParse({ sort: "random" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["sort"]);
  });
});

describe("the drill list's page parameter", () => {
  it("takes a whole number from 1 and refuses anything else by name", () => {
    expect(drillListQuerySchema.parse({ page: "3" }).page).toBe(3);
    expect(drillListQuerySchema.parse({ page: "" }).page).toBeUndefined();
    for (const bad of ["0", "-1", "1.5", "abc", "9999999"]) {
      const parsed = drillListQuerySchema.safeParse({ page: bad });
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.path, bad).toEqual(["page"]);
    }
  });
});
