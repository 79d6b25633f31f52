import { describe, expect, it } from "vitest";
import { eventsFromCsv, parseCsv } from "~/app/production/csv";
import { MAX_BATCH_EVENTS } from "~/app/production/events";

const HEADER = "externalId,agentEmail,agentRef,occurredAt,action,suggestionKind,editRatio";

describe("parseCsv", () => {
  it("reads quoted values with commas, quotes and line breaks, and records the line each record starts on", () => {
    const { records, error } = parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n\nlast,row');
    expect(error).toBeNull();
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\nlines", "z"] },
      { line: 6, fields: ["last", "row"] },
    ]);
  });

  it("reports an unclosed quote and text after a closing quote with their line", () => {
    expect(parseCsv('a,b\n"open,b\nc,d').error).toEqual({ line: 2, reason: "a quoted value is never closed" });
    expect(parseCsv('a,b\n"x"y,b').error).toEqual({ line: 2, reason: "a quoted value must be followed by a comma or the end of the line" });
  });
});

describe("eventsFromCsv", () => {
  it("turns rows into the API's event objects: empty cells left out, editRatio as a number", () => {
    const result = eventsFromCsv(`\uFEFF${HEADER}\ns-1,dana@example.test,,2026-03-02T14:05:00Z,edited,reply,0.15\ns-2,,ZD-1,2026-03-02T14:06:00Z,rejected,,\n`);
    expect(result).toEqual({
      ok: true,
      errors: [],
      items: [
        { line: 2, item: { externalId: "s-1", agentEmail: "dana@example.test", occurredAt: "2026-03-02T14:05:00Z", action: "edited", suggestionKind: "reply", editRatio: 0.15 } },
        { line: 3, item: { externalId: "s-2", agentRef: "ZD-1", occurredAt: "2026-03-02T14:06:00Z", action: "rejected" } },
      ],
    });
  });

  it("takes the columns in any order and case, keeps a non-number editRatio for the schema to refuse", () => {
    const result = eventsFromCsv("Action,ExternalID,agentref,occurredAt,editratio\nedited,s-1,ZD-1,2026-03-02T14:05:00Z,lots");
    expect(result.ok && result.items[0]?.item).toEqual({ action: "edited", externalId: "s-1", agentRef: "ZD-1", occurredAt: "2026-03-02T14:05:00Z", editRatio: "lots" });
  });

  it("refuses a row with the wrong number of values by its line, and the file for header problems", () => {
    const result = eventsFromCsv(`${HEADER}\ns-1,a@example.test,,2026-03-02T14:05:00Z,accepted,,\ns-2,a@example.test\n`);
    expect(result.ok && result.errors).toEqual([{ line: 3, reason: "expected 7 values, found 2" }]);
    expect(eventsFromCsv("")).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(eventsFromCsv("externalId,agent,occurredAt,action\n")).toEqual({ ok: false, error: expect.stringMatching(/^Line 1: unknown column "agent"/) });
    expect(eventsFromCsv("externalId,agentEmail,action\n")).toEqual({ ok: false, error: "Line 1: the header lacks occurredAt." });
    expect(eventsFromCsv("externalId,occurredAt,action\n")).toEqual({ ok: false, error: expect.stringMatching(/needs agentEmail or agentRef/) });
    expect(eventsFromCsv("externalId,externalId,agentRef,occurredAt,action\n")).toEqual({ ok: false, error: "Line 1: the column externalId appears twice." });
  });

  it("refuses more rows than a batch holds", () => {
    const rows = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => `s-${i},a@example.test,,2026-03-02T14:05:00Z,accepted,,`);
    expect(eventsFromCsv([HEADER, ...rows].join("\n"))).toEqual({ ok: false, error: `The file has ${MAX_BATCH_EVENTS + 1} events; upload at most ${MAX_BATCH_EVENTS} at a time.` });
  });
});
