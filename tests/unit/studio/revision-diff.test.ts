import { describe, expect, it } from "vitest";
import { revisionDiff } from "~/app/studio/revision-diff";

const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join("\n") + "\n";

describe("revisionDiff", () => {
  it("shows a changed line as removed and added, with the changed words marked", () => {
    const rows = revisionDiff("id: a\ntitle: A 45-day window\nlocale: en\n", "id: a\ntitle: A 30-day window\nlocale: en\n");
    expect(rows.map((row) => row.kind)).toEqual(["same", "removed", "added", "same"]);
    const removed = rows[1];
    const added = rows[2];
    if (removed?.kind !== "removed" || added?.kind !== "added") throw new Error("expected a changed line");
    expect(removed.text).toBe("title: A 45-day window");
    expect(removed.words.filter((word) => word.change === "removed").map((word) => word.text)).toEqual(["45"]);
    expect(added.words.filter((word) => word.change === "added").map((word) => word.text)).toEqual(["30"]);
  });

  it("folds long unchanged runs but keeps context around each change", () => {
    const before = lines(20);
    const after = before.replace("line 10\n", "line ten\n");
    const rows = revisionDiff(before, after);
    expect(rows.filter((row) => row.kind === "skipped")).toEqual([{ kind: "skipped", lines: 7 }, { kind: "skipped", lines: 8 }]);
    expect(rows.filter((row) => row.kind === "same").map((row) => (row.kind === "same" ? row.text : ""))).toEqual(["line 8", "line 9", "line 11", "line 12"]);
  });

  it("handles Japanese and emoji inside a changed line, and pure additions", () => {
    const rows = revisionDiff("draft: 返品は30日以内です😀\n", "draft: 返品は45日以内です😀\nflaws: []\n");
    expect(rows.map((row) => row.kind)).toEqual(["removed", "added", "added"]);
    const added = rows[1];
    if (added?.kind !== "added") throw new Error("expected an added line");
    expect(added.words.map((word) => word.text).join("")).toBe("draft: 返品は45日以内です😀");
    expect(revisionDiff("same\n", "same\n")).toEqual([{ kind: "same", text: "same" }]);
  });
});
