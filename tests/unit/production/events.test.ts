import { describe, expect, it } from "vitest";
import { assistEventSchema, MAX_BATCH_EVENTS, validateBatch } from "~/app/production/events";

const now = new Date("2026-03-10T12:00:00Z");
const good = { externalId: "s-1", agentEmail: "dana.agent@northwind.example", occurredAt: "2026-03-02T14:05:00Z", action: "edited", suggestionKind: "reply", editRatio: 0.1 };

function reasonFor(item: unknown) {
  const batch = validateBatch([item], { now });
  expect(batch.valid).toEqual([]);
  return batch.errors[0]?.reason ?? "";
}

describe("the event schema", () => {
  it("accepts a full event and one with only what is required, by email or by agentRef", () => {
    expect(assistEventSchema({ now }).parse(good)).toEqual({
      externalId: "s-1",
      agent: { email: "dana.agent@northwind.example" },
      occurredAt: new Date("2026-03-02T14:05:00Z"),
      action: "edited",
      suggestionKind: "reply",
      editRatio: 0.1,
    });
    expect(assistEventSchema({ now }).parse({ externalId: "s-2", agentRef: "ZD-4411", occurredAt: "2026-03-02T15:05:00+01:00", action: "rejected" })).toEqual({
      externalId: "s-2",
      agent: { ref: "ZD-4411" },
      occurredAt: new Date("2026-03-02T14:05:00Z"),
      action: "rejected",
      suggestionKind: null,
      editRatio: null,
    });
  });

  it("takes null for an optional field as leaving it out", () => {
    const parsed = assistEventSchema({ now }).parse({ ...good, agentRef: null, suggestionKind: null, editRatio: null });
    expect(parsed).toMatchObject({ suggestionKind: null, editRatio: null, agent: { email: good.agentEmail } });
  });

  it("accepts edit ratios from 0 to 1 inclusive and nothing outside", () => {
    for (const editRatio of [0, 0.2, 1]) expect(validateBatch([{ ...good, editRatio }], { now }).errors).toEqual([]);
    for (const editRatio of [-0.01, 1.01]) expect(reasonFor({ ...good, editRatio })).toBe("editRatio: must be from 0 to 1");
    expect(reasonFor({ ...good, editRatio: "0.1" })).toBe("editRatio: must be a number from 0 to 1");
  });

  it("wants exactly one of agentEmail and agentRef", () => {
    const { agentEmail: _email, ...noAgent } = good;
    expect(reasonFor(noAgent)).toBe("agentEmail: give agentEmail or agentRef");
    expect(reasonFor({ ...good, agentRef: "ZD-1" })).toBe("agentRef: give agentEmail or agentRef, not both");
    expect(reasonFor({ ...good, agentEmail: "not-an-email" })).toBe("agentEmail: must be an email address");
  });

  it("names the field of every other problem", () => {
    expect(reasonFor({ ...good, externalId: "" })).toBe("externalId: must not be empty");
    expect(reasonFor({ ...good, externalId: "x".repeat(201) })).toBe("externalId: must be at most 200 characters");
    expect(validateBatch([{ ...good, externalId: "x".repeat(200) }], { now }).errors).toEqual([]);
    expect(reasonFor({ ...good, externalId: 42 })).toBe("externalId: must be a string");
    expect(reasonFor({ ...good, externalId: "a\u0000b" })).toBe("externalId: contains a NUL character");
    expect(reasonFor({ ...good, action: "ignored" })).toBe('action: must be one of "accepted", "edited", "rejected"');
    expect(reasonFor({ ...good, occurredAt: "2026-03-02 14:05" })).toMatch(/^occurredAt: must be an ISO 8601 time with a time zone/);
    expect(reasonFor({ ...good, occurredAt: "2026-03-02T14:05:00" })).toMatch(/^occurredAt: must be an ISO 8601 time with a time zone/);
    expect(reasonFor({ ...good, occurredAt: "2026-03-12T12:00:00Z" })).toBe("occurredAt: must not be more than a day in the future");
    expect(reasonFor({ ...good, occurredAt: "1999-12-31T23:59:59Z" })).toBe("occurredAt: must not be before 2000");
    expect(reasonFor({ ...good, suggestionKind: "" })).toBe("suggestionKind: must not be empty");
    expect(reasonFor({ ...good, suggestionKind: "k".repeat(65) })).toBe("suggestionKind: must be at most 64 characters");
    expect(reasonFor({ ...good, action: "accepted" })).toBe("editRatio: only an edited suggestion has an edit ratio (this one was accepted)");
    expect(reasonFor({ ...good, edit_ratio: 0.1 })).toBe('unknown field "edit_ratio"');
  });

  it("reports several problems of one item together, and a non-object plainly", () => {
    expect(reasonFor({ ...good, action: "x", editRatio: 2 })).toBe('action: must be one of "accepted", "edited", "rejected"; editRatio: must be from 0 to 1');
    for (const item of [null, 42, "s-1", [good]]) expect(reasonFor(item)).toBe("each event must be a JSON object");
  });
});

describe("validateBatch", () => {
  it("checks every item on its own and keeps the indexes", () => {
    const batch = validateBatch([good, { ...good, externalId: "s-2", editRatio: 7 }, { ...good, externalId: "s-3" }, "nonsense"], { now });
    expect(batch.size).toBe(4);
    expect(batch.valid.map(({ index, event }) => [index, event.externalId])).toEqual([
      [0, "s-1"],
      [2, "s-3"],
    ]);
    expect(batch.errors).toEqual([
      { index: 1, reason: "editRatio: must be from 0 to 1" },
      { index: 3, reason: "each event must be a JSON object" },
    ]);
  });

  it("leaves duplicates to ingestion (they are valid events)", () => {
    expect(validateBatch([good, good], { now }).valid).toHaveLength(2);
  });

  it("has room for a full batch", () => {
    const items = Array.from({ length: MAX_BATCH_EVENTS }, (_, i) => ({ ...good, externalId: `s-${i}` }));
    expect(validateBatch(items, { now }).valid).toHaveLength(MAX_BATCH_EVENTS);
  });
});
