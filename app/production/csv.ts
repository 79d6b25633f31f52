import { MAX_BATCH_EVENTS } from "./events";

/**
 * Production events as a CSV file (RFC 4180: comma-separated, double quotes around a value that
 * holds a comma, a quote or a line break, `""` for a quote inside one), for the admins' upload
 * page. The header names the columns, in any order; each row becomes the object the API would
 * have received, so both go through the same event schema. Every problem carries its line.
 */

export const CSV_COLUMNS = ["externalId", "agentEmail", "agentRef", "occurredAt", "action", "suggestionKind", "editRatio"] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ["externalId", "occurredAt", "action"];

export type CsvRecord = { line: number; fields: string[] };
export type LineError = { line: number; reason: string };

/** Splits CSV text into records, each with the line it starts on; blank lines are skipped. */
export function parseCsv(text: string): { records: CsvRecord[]; error: LineError | null } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let afterQuote = false;

  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    afterQuote = false;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === ",") {
      fields.push(field);
      field = "";
      afterQuote = false;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (afterQuote && (char === " " || char === "\t")) {
      continue;
    } else if (afterQuote) {
      return { records, error: { line, reason: "a quoted value must be followed by a comma or the end of the line" } };
    } else if (char === '"' && field.trim() === "") {
      quoted = true;
      quoteLine = line;
      field = "";
    } else {
      field += char;
    }
  }
  if (quoted) return { records, error: { line: quoteLine, reason: "a quoted value is never closed" } };
  if (field !== "" || fields.length > 0 || afterQuote) endRecord();
  return { records, error: null };
}

function columnOf(name: string): Column | undefined {
  const wanted = name.trim().toLowerCase();
  return CSV_COLUMNS.find((column) => column.toLowerCase() === wanted);
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** One row as the API's event object: empty cells are left out, `editRatio` is read as a number when it is one. */
function itemOf(header: readonly Column[], fields: readonly string[]) {
  const item: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const value = (fields[index] ?? "").trim();
    if (value === "") return;
    item[column] = column === "editRatio" && NUMBER.test(value) ? Number(value) : value;
  });
  return item;
}

export type CsvEvents =
  | { ok: true; items: { line: number; item: Record<string, unknown> }[]; errors: LineError[] }
  /** The file as a whole cannot be read (no header, unknown columns, too many rows). */
  | { ok: false; error: string };

export function eventsFromCsv(text: string): CsvEvents {
  const { records, error } = parseCsv(text.replace(/^\uFEFF/, ""));
  if (error) return { ok: false, error: `Line ${error.line}: ${error.reason}.` };
  const [head, ...rows] = records;
  if (!head) return { ok: false, error: `The file is empty; its first line names the columns: ${CSV_COLUMNS.join(",")}.` };

  const header: Column[] = [];
  for (const name of head.fields) {
    const column = columnOf(name);
    if (!column) return { ok: false, error: `Line ${head.line}: unknown column "${name.trim().slice(0, 50)}"; the columns are ${CSV_COLUMNS.join(", ")}.` };
    if (header.includes(column)) return { ok: false, error: `Line ${head.line}: the column ${column} appears twice.` };
    header.push(column);
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) return { ok: false, error: `Line ${head.line}: the header lacks ${missing.join(", ")}.` };
  if (!header.includes("agentEmail") && !header.includes("agentRef")) return { ok: false, error: `Line ${head.line}: the header needs agentEmail or agentRef (or both, one filled per row).` };
  if (rows.length > MAX_BATCH_EVENTS) return { ok: false, error: `The file has ${rows.length} events; upload at most ${MAX_BATCH_EVENTS} at a time.` };

  const items: { line: number; item: Record<string, unknown> }[] = [];
  const errors: LineError[] = [];
  for (const row of rows) {
    if (row.fields.length !== header.length) errors.push({ line: row.line, reason: `expected ${header.length} values, found ${row.fields.length}` });
    else items.push({ line: row.line, item: itemOf(header, row.fields) });
  }
  return { ok: true, items, errors };
}
