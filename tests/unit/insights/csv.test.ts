import { describe, expect, it } from "vitest";
import { csvCell, csvLine, csvStream } from "~/app/insights/csv";

describe("CSV cells", () => {
  it("neutralise every formula prefix OWASP lists with a leading ' and quotes", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.example\")")).toBe(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csvCell("+1+1")).toBe(`"'+1+1"`);
    expect(csvCell("-2+3")).toBe(`"'-2+3"`);
    expect(csvCell("@SUM(A1:A2)")).toBe(`"'@SUM(A1:A2)"`);
    expect(csvCell("\t=1+1")).toBe(`"'\t=1+1"`);
    expect(csvCell("\r=1+1")).toBe(`"'\r=1+1"`);
  });

  it("quote commas, quotes and line breaks, and leave plain text and numbers alone", () => {
    expect(csvCell("Returns & Refunds")).toBe("Returns & Refunds");
    expect(csvCell("a, b")).toBe(`"a, b"`);
    expect(csvCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(csvCell("two\nlines")).toBe(`"two\nlines"`);
    expect(csvCell("a = b")).toBe("a = b");
    // A number is a value, never a formula: a negative c stays a number.
    expect(csvCell(-0.42)).toBe("-0.42");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("yes");
    expect(csvLine(["García", 3, null])).toBe("García,3,\r\n");
  });
});

describe("CSV streams", () => {
  it("write a byte-order mark and the header, then ask for pages as they are read, at most one ahead", async () => {
    const asked: number[] = [];
    async function* pages() {
      for (let page = 1; page <= 3; page++) {
        asked.push(page);
        yield [[`row ${page}`, page]];
      }
    }
    const reader = csvStream({ header: ["name", "n"], pages: pages() }).getReader();
    // ignoreBOM: keep the byte-order mark in the text instead of swallowing it.
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe("\uFEFFname,n\r\n");
    expect(asked.length).toBeLessThanOrEqual(1);
    expect(decoder.decode((await reader.read()).value)).toBe("row 1,1\r\n");
    expect(asked.length).toBeLessThanOrEqual(2);
    const rest: string[] = [];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest.push(decoder.decode(chunk.value));
    expect(rest).toEqual(["row 2,2\r\n", "row 3,3\r\n"]);
  });

  it("stop asking for pages when the reader cancels", async () => {
    let finished = false;
    async function* pages() {
      try {
        for (let page = 1; ; page++) yield [[page]];
      } finally {
        finished = true;
      }
    }
    const reader = csvStream({ header: ["n"], pages: pages() }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
