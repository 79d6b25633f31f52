/**
 * CSV for the insights exports (RFC 4180, CRLF line ends, UTF-8 with a byte-order mark so
 * spreadsheets read names like "García" right), safe against formula injection as OWASP
 * describes: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'` and is quoted, so a spreadsheet shows it as text instead of running it. Numbers are
 * written as numbers: -0.42 is a value, not a formula.
 */

export type Cell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

const BOM = "\uFEFF";

/**
 * A CSV file as a stream that asks for the next page of rows only when the reader wants more, so
 * memory stays constant however many rows there are.
 */
export function csvStream({ header, pages }: { header: readonly string[]; pages: AsyncIterable<readonly (readonly Cell[])[]> }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM + csvLine(header)));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
