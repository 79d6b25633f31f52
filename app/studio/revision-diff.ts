import { diffLines, diffWordsWithSpace } from "diff";

/** A piece of a changed line: kept, or only in the old or the new text. */
export type WordPiece = { text: string; change: "same" | "removed" | "added" };
export type DiffRow =
  | { kind: "same"; text: string }
  | { kind: "skipped"; lines: number }
  | { kind: "removed" | "added"; text: string; words: WordPiece[] };

/** Unchanged lines kept around each change; longer unchanged runs fold into "N unchanged lines". */
const CONTEXT = 2;

/**
 * A readable diff between two revisions' canonical YAML: changed lines, with the words that
 * changed inside them marked (a retitle shows the new words, not a whole new line).
 */
export function revisionDiff(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  const parts = diffLines(before, after);
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (!part) continue;
    const lines = splitLines(part.value);
    if (!part.added && !part.removed) {
      rows.push(...foldUnchanged(lines, index === 0, index === parts.length - 1));
      continue;
    }
    const next = parts[index + 1];
    if (part.removed && next?.added) {
      const words = diffWordsWithSpace(part.value, next.value);
      rows.push(...linesOf(part.value, words.filter((word) => !word.added), "removed"), ...linesOf(next.value, words.filter((word) => !word.removed), "added"));
      index++;
      continue;
    }
    for (const text of lines) rows.push({ kind: part.added ? "added" : "removed", text, words: [{ text, change: part.added ? "added" : "removed" }] });
  }
  return rows;
}

function splitLines(value: string) {
  const lines = value.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function foldUnchanged(lines: string[], atStart: boolean, atEnd: boolean): DiffRow[] {
  const head = atStart ? 0 : CONTEXT;
  const tail = atEnd ? 0 : CONTEXT;
  if (lines.length <= head + tail + 1) return lines.map((text) => ({ kind: "same", text }));
  return [
    ...lines.slice(0, head).map((text): DiffRow => ({ kind: "same", text })),
    { kind: "skipped", lines: lines.length - head - tail },
    ...lines.slice(lines.length - tail).map((text): DiffRow => ({ kind: "same", text })),
  ];
}

/** The word pieces of one side, cut back into that side's lines. */
function linesOf(value: string, words: { value: string; added?: boolean; removed?: boolean }[], side: "removed" | "added"): DiffRow[] {
  const rows: DiffRow[] = [];
  let current: WordPiece[] = [];
  const flush = () => {
    rows.push({ kind: side, text: current.map((piece) => piece.text).join(""), words: current });
    current = [];
  };
  for (const word of words) {
    const change = word.added || word.removed ? side : "same";
    const pieces = word.value.split("\n");
    pieces.forEach((text, index) => {
      if (index > 0) flush();
      if (text !== "") current.push({ text, change });
    });
  }
  if (current.length > 0 || !value.endsWith("\n")) flush();
  return rows;
}
