import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { ContentError } from "~/app/content/errors";

/** A field of the studio form: a drill key (`title`) or a flaw's key (`flaws.1.quote`). */
export type FieldKey = string;

type FieldLines = { field: FieldKey; from: number; to: number; depth: number };

/**
 * The validator's errors, put at the form field they are about: the field whose YAML lines hold
 * the error's line (the most specific one, so a flaw's quote wins over the flaw). An error no field
 * holds, such as one about the whole file, belongs to the form (`null`).
 */
export function errorsByField(source: string, errors: readonly ContentError[]): Map<FieldKey | null, ContentError[]> {
  const lines = fieldLines(source);
  const result = new Map<FieldKey | null, ContentError[]>();
  for (const error of errors) {
    const holders = lines.filter((field) => error.line >= field.from && error.line <= field.to);
    const field = holders.sort((a, b) => b.depth - a.depth || a.to - a.from - (b.to - b.from))[0]?.field ?? null;
    result.set(field, [...(result.get(field) ?? []), error]);
  }
  return result;
}

function fieldLines(source: string): FieldLines[] {
  const counter = new LineCounter();
  const document = parseDocument(source, { lineCounter: counter });
  const line = (offset: number) => counter.linePos(offset).line;
  const fields: FieldLines[] = [];
  const add = (field: FieldKey, start: number, end: number, depth: number) =>
    fields.push({ field, from: line(start), to: line(Math.max(start, end - 1)), depth });

  const root = document.contents;
  if (!isMap(root)) return fields;
  for (const pair of root.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const keyStart = pair.key.range?.[0] ?? 0;
    const value = pair.value as Node | null;
    add(key, keyStart, value?.range?.[1] ?? pair.key.range?.[1] ?? keyStart, 0);
    if (key !== "flaws" || !isSeq(value)) continue;
    value.items.forEach((item, index) => {
      if (!isMap(item)) return;
      add(`flaws.${index}`, item.range?.[0] ?? 0, item.range?.[1] ?? 0, 1);
      for (const flawPair of item.items) {
        if (!isPair(flawPair) || !isScalar(flawPair.key)) continue;
        const start = flawPair.key.range?.[0] ?? 0;
        const flawValue = flawPair.value as Node | null;
        add(`flaws.${index}.${String(flawPair.key.value)}`, start, flawValue?.range?.[1] ?? start, 2);
      }
    });
  }
  return fields;
}
