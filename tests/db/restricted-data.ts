import type { Db } from "~/db/client.server";
import { TABLES } from "./test-database";

/**
 * The anonymity tests' shared parts: restricted data as people paste it (also with no-break
 * spaces and zero-width characters between the digits), a dump of every table, and a search
 * that still finds a datum when its separators were moved about.
 */

/** Every row of every table the schema defines, as JSON lines per table. */
export async function dumpAll(db: Db): Promise<Map<string, string[]>> {
  const dump = new Map<string, string[]>();
  for (const table of TABLES) {
    const result: unknown = await db.execute(`select * from "${table}"`);
    // postgres.js answers an array of rows, PGlite an object with `rows`.
    const rows: unknown[] = Array.isArray(result) ? result : typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows) ? result.rows : [];
    dump.set(table, rows.map((row) => JSON.stringify(row)));
  }
  return dump;
}

/** The rows added or changed between two dumps. */
export function changedRows(before: Map<string, string[]>, after: Map<string, string[]>): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const [table, rows] of after) {
    const old = new Set(before.get(table) ?? []);
    const fresh = rows.filter((row) => !old.has(row));
    if (fresh.length > 0) changed.set(table, fresh);
  }
  return changed;
}

const SEPARATORS = /[\s\p{Cf}\p{Z}\-–.()+_:/]/gu;
/** Where `needle` appears in `haystack`, also with every space, invisible character and separator taken out of both. */
export function contains(haystack: string, needle: string): boolean {
  return haystack.includes(needle) || haystack.replace(SEPARATORS, "").includes(needle.replace(SEPARATORS, ""));
}

const NBSP = "\u00a0";
const ZWSP = "\u200b";

/** Restricted data as typed, each also in a form with no-break spaces or zero-width characters between the digits. */
export const RAW_DATA = [
  "4111 1111 1111 1111",
  ["5425", "2334", "3010", "9903"].join(NBSP),
  [..."378282246310005"].join(ZWSP),
  "DE89 3704 0044 0532 0130 00",
  ["GB82", "WEST", "1234", "5698", "7654", "32"].join(`${ZWSP}${NBSP}`),
  "512-44-7381",
  `1234${NBSP}5678${NBSP}9018`,
  [..."123456789018"].join(ZWSP),
  "dana.whitfield@example.com",
  `+44${NBSP}20${NBSP}7946${NBSP}0958`,
  `+1 415${ZWSP}555${ZWSP}2671`,
  "Tr0ub4dor&3",
  "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
];

/** A text holding every datum of RAW_DATA, in the sentences a reply or report would carry them in. */
export const TEXT_WITH_EVERY_DATUM = [
  `The reply assistant pasted the customer's card ${RAW_DATA[0]} into a reply, and ${RAW_DATA[1]} and ${RAW_DATA[2]} in the next ones.`,
  `It quoted IBAN ${RAW_DATA[3]} and ${RAW_DATA[4]} to a carrier, SSN ${RAW_DATA[5]}, マイナンバー${RAW_DATA[6]} and My Number ${RAW_DATA[7]}.`,
  `It cc'd ${RAW_DATA[8]} and told her to call ${RAW_DATA[9]} or ${RAW_DATA[10]}.`,
  `The draft also said "your password is ${RAW_DATA[11]}" and included the key ${RAW_DATA[12]}.`,
  "Order #100234598 of 2026-03-01 was otherwise fine.",
].join("\n");
