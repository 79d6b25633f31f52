import { describe, expect, it } from "vitest";
import { productionOverrideRate } from "~/app/practice/rates";
import { addAssistCounts, countsOfEvent, editRatioBucket, emptyAssistCounts, lightEditBuckets, productionTally, type AssistCounts } from "~/app/production/tally";
import type { AssistAction } from "~/app/vocabulary";

function rowOf(events: { action: AssistAction; editRatio?: number | null }[]): AssistCounts {
  return events.reduce((row, event) => addAssistCounts(row, countsOfEvent({ action: event.action, editRatio: event.editRatio ?? null })), emptyAssistCounts());
}

const edit = (editRatio: number | null) => ({ action: "edited" as const, editRatio });

describe("edit-ratio buckets", () => {
  it("puts ratio r in bucket floor(20 r), 1 in the last, and every 5 % step at the start of its bucket", () => {
    expect(editRatioBucket(0)).toBe(0);
    expect(editRatioBucket(0.049)).toBe(0);
    expect(editRatioBucket(0.05)).toBe(1);
    expect(editRatioBucket(0.19)).toBe(3);
    expect(editRatioBucket(0.95)).toBe(19);
    expect(editRatioBucket(1)).toBe(19);
    for (let step = 0; step < 20; step++) expect(editRatioBucket(step / 20)).toBe(step);
  });

  it("takes a threshold at its 5 % step", () => {
    expect(lightEditBuckets(0.2)).toBe(4);
    expect(lightEditBuckets(0)).toBe(0);
    expect(lightEditBuckets(1)).toBe(20);
    expect(lightEditBuckets(0.35)).toBe(7);
  });
});

describe("productionTally", () => {
  it("counts an edit below the threshold as light, at or above it as an override (threshold 0.2)", () => {
    const below = productionTally([rowOf([edit(0.19)])], 0.2);
    expect(below).toEqual({ suggestions: 1, accepted: 0, edited: 1, lightEdits: 1, rejected: 0, overrides: 0 });
    const at = productionTally([rowOf([edit(0.2)])], 0.2);
    expect(at).toEqual({ suggestions: 1, accepted: 0, edited: 1, lightEdits: 0, rejected: 0, overrides: 1 });
    const above = productionTally([rowOf([edit(0.21)])], 0.2);
    expect(above).toMatchObject({ lightEdits: 0, overrides: 1 });
  });

  it("never counts an edit without a ratio as light", () => {
    expect(productionTally([rowOf([edit(null)])], 0.2)).toEqual({ suggestions: 1, accepted: 0, edited: 1, lightEdits: 0, rejected: 0, overrides: 1 });
    expect(productionTally([rowOf([edit(null)])], 1)).toMatchObject({ lightEdits: 0, overrides: 1 });
  });

  it("applies the threshold at read time: the same rows under another threshold", () => {
    const rows = [rowOf([edit(0.1), edit(0.3), edit(0.34)]), rowOf([edit(0.35), edit(0.6)])];
    expect(productionTally(rows, 0.2).lightEdits).toBe(1);
    expect(productionTally(rows, 0.35).lightEdits).toBe(3);
    expect(productionTally(rows, 0.4).lightEdits).toBe(4);
    expect(productionTally(rows, 0).lightEdits).toBe(0);
  });

  it("computes the override rate (edited − light + rejected) / suggestions by hand", () => {
    // 4 accepted, 3 edits (one light at 0.1, one heavy at 0.5, one without a ratio), 2 rejected, over two rows.
    const rows = [
      rowOf([{ action: "accepted" }, { action: "accepted" }, edit(0.1), { action: "rejected" }]),
      rowOf([{ action: "accepted" }, { action: "accepted" }, edit(0.5), edit(null), { action: "rejected" }]),
    ];
    const tally = productionTally(rows, 0.2);
    expect(tally).toEqual({ suggestions: 9, accepted: 4, edited: 3, lightEdits: 1, rejected: 2, overrides: 4 });
    expect(productionOverrideRate(tally)).toBeCloseTo(4 / 9, 12);
  });

  it("has no rate without suggestions", () => {
    const tally = productionTally([], 0.2);
    expect(tally).toEqual({ suggestions: 0, accepted: 0, edited: 0, lightEdits: 0, rejected: 0, overrides: 0 });
    expect(productionOverrideRate(tally)).toBeNull();
  });
});
