import { FLAW_LABELS } from "~/app/vocabulary";
import type { FlawStatus } from "./catching";
import type { FlawType } from "~/app/vocabulary";

/**
 * The feedback's overlays: the draft with the planted flaws and the agent's marks on it, and the
 * agent's rewrite with what its check found. Pure and computed once, on the server, so that the
 * browser renders exactly the server's HTML (no Intl.Segmenter, no locale formatting here).
 *
 * Offsets are UTF-16 code-unit offsets, end exclusive, as marks, flaws and detector spans are
 * stored (app/practice/types.ts). A boundary that would fall between the two halves of a
 * surrogate pair moves to the pair's start, so no run ever holds half an emoji.
 */

/** A range of the text carrying one annotation (its id). */
export type Annotated = { id: string; start: number; end: number };

/** A run of text between two consecutive boundaries, with the ids of the annotations covering it. */
export type Run = { start: number; end: number; text: string; ids: string[] };

function isHighSurrogate(code: number) {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number) {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The offset clamped into the text and moved off the middle of a surrogate pair. */
export function safeOffset(text: string, offset: number): number {
  const at = Math.max(0, Math.min(text.length, Math.trunc(offset)));
  if (at > 0 && at < text.length && isLowSurrogate(text.charCodeAt(at)) && isHighSurrogate(text.charCodeAt(at - 1))) return at - 1;
  return at;
}

/**
 * Splits the text at every start and end of the ranges: consecutive runs that together are the
 * whole text, each with the ids (in the order the ranges were given) of the ranges that cover it.
 * Ranges may overlap, nest or be empty (an empty range covers nothing).
 */
export function segment(text: string, ranges: readonly Annotated[]): Run[] {
  const clamped = ranges.map((range) => ({ id: range.id, start: safeOffset(text, range.start), end: safeOffset(text, range.end) }));
  const boundaries = new Set<number>([0, text.length]);
  for (const range of clamped) {
    if (range.end <= range.start) continue;
    boundaries.add(range.start);
    boundaries.add(range.end);
  }
  const sorted = [...boundaries].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const start = sorted[i] ?? 0;
    const end = sorted[i + 1] ?? 0;
    if (end <= start) continue;
    const ids = clamped.filter((range) => range.start <= start && range.end >= end && range.end > range.start).map((range) => range.id);
    runs.push({ start, end, text: text.slice(start, end), ids });
  }
  return runs;
}

// ---- The draft ---------------------------------------------------------------------------

export type MarkVerdict = "caught" | "mistyped" | "false_flag";

/** One annotation of the draft overlay, with the words a person reads (never colour alone). */
export type DraftAnnotation =
  | { id: string; kind: "flaw"; flawIndex: number; type: FlawType; status: FlawStatus; label: string }
  | { id: string; kind: "mark"; type: FlawType; verdict: MarkVerdict; label: string };

export type OverlayPiece = {
  /** The run's text; for a masked run, the mask instead of the text. */
  text: string;
  ids: string[];
  /** Ids of the annotations ending here: their labels show right after the run. */
  ends: string[];
  masked?: boolean;
};

export type Overlay<A extends { id: string; label: string }> = { pieces: OverlayPiece[]; annotations: A[] };

export const STATUS_LABEL: Record<FlawStatus, string> = { caught: "Caught", mistyped: "Mistyped", missed: "Missed" };

export function flawLabel({ index, type, status, markedAs }: { index: number; type: FlawType; status: FlawStatus; markedAs: readonly FlawType[] }) {
  const name = `flaw ${index + 1}, ${FLAW_LABELS[type]}`;
  if (status === "caught") return `Caught: ${name}`;
  if (status === "missed") return `Missed: ${name}`;
  const others = markedAs.filter((marked) => marked !== type);
  return `Mistyped: ${name}, marked as ${(others.length > 0 ? others : markedAs).map((t) => FLAW_LABELS[t]).join(" and ")}`;
}

export function markLabel({ type, verdict }: { type: FlawType; verdict: MarkVerdict }) {
  if (verdict === "false_flag") return `Your mark (${FLAW_LABELS[type]}): false flag`;
  if (verdict === "mistyped") return `Your mark: mistyped as ${FLAW_LABELS[type]}`;
  return `Your mark (${FLAW_LABELS[type]}): caught`;
}

function piecesFor(text: string, ranges: readonly Annotated[]): OverlayPiece[] {
  const ends = new Map<number, string[]>();
  for (const range of ranges) {
    const start = safeOffset(text, range.start);
    const end = safeOffset(text, range.end);
    if (end <= start) continue;
    ends.set(end, [...(ends.get(end) ?? []), range.id]);
  }
  return segment(text, ranges).map((run) => ({ text: run.text, ids: run.ids, ends: ends.get(run.end) ?? [] }));
}

/**
 * The draft with each planted flaw (by its status) and each of the agent's marks (caught,
 * mistyped or false flag, judged as scoring judged it) over it. `marks` carry the flaw they
 * caught (its index) or null for a false flag.
 */
export function draftOverlay({
  draft,
  flaws,
  marks,
  accepts,
}: {
  draft: string;
  flaws: readonly { index: number; type: FlawType; start: number; end: number; status: FlawStatus; markedAs: readonly FlawType[] }[];
  marks: readonly { start: number; end: number; type: FlawType; caught: number | null }[];
  /** Whether the flaw with this index accepts the type as correct. */
  accepts: (flawIndex: number, type: FlawType) => boolean;
}): Overlay<DraftAnnotation> {
  const annotations: DraftAnnotation[] = [];
  const ranges: Annotated[] = [];
  for (const flaw of [...flaws].sort((a, b) => a.start - b.start || a.index - b.index)) {
    const id = `flaw-${flaw.index}`;
    annotations.push({ id, kind: "flaw", flawIndex: flaw.index, type: flaw.type, status: flaw.status, label: flawLabel(flaw) });
    ranges.push({ id, start: flaw.start, end: flaw.end });
  }
  [...marks]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .forEach((mark, i) => {
      const id = `mark-${i}`;
      const verdict: MarkVerdict = mark.caught === null ? "false_flag" : accepts(mark.caught, mark.type) ? "caught" : "mistyped";
      annotations.push({ id, kind: "mark", type: mark.type, verdict, label: markLabel({ type: mark.type, verdict }) });
      ranges.push({ id, start: mark.start, end: mark.end });
    });
  return { pieces: piecesFor(draft, ranges), annotations };
}

// ---- The rewrite -------------------------------------------------------------------------

export type RewriteAnnotation =
  | { id: string; kind: "left_in"; flawIndex: number; type: FlawType; label: string }
  | { id: string; kind: "leaked"; category: string; label: string }
  | { id: string; kind: "fabricated"; anchor: string; label: string };

/**
 * The agent's rewrite with the flaws it left in, the restricted data it leaked and the citations
 * of sections that do not exist it added. Leaked data never shows: each leaked range (overlapping
 * ones merged) becomes one piece whose text is its mask, e.g. "[payment card number ••••1111]".
 */
export function rewriteOverlay({
  rewrite,
  leftIn,
  leaked,
  fabricated,
  mask,
  categoryLabel,
}: {
  rewrite: string;
  leftIn: readonly { flawIndex: number; type: FlawType; start: number; end: number }[];
  leaked: readonly { category: string; start: number; end: number }[];
  fabricated: readonly { anchor: string; start: number; end: number }[];
  mask: (secret: string) => string;
  categoryLabel: (category: string) => string;
}): Overlay<RewriteAnnotation> {
  const annotations: RewriteAnnotation[] = [];
  const ranges: Annotated[] = [];
  leftIn.forEach((flaw, i) => {
    const id = `left-${i}`;
    annotations.push({ id, kind: "left_in", flawIndex: flaw.flawIndex, type: flaw.type, label: `Left in: flaw ${flaw.flawIndex + 1}, ${FLAW_LABELS[flaw.type]}` });
    ranges.push({ id, start: flaw.start, end: flaw.end });
  });
  fabricated.forEach((citation, i) => {
    const id = `fabricated-${i}`;
    annotations.push({ id, kind: "fabricated", anchor: citation.anchor, label: "Added: a citation of a section that does not exist" });
    ranges.push({ id, start: citation.start, end: citation.end });
  });
  // Leaks, merged where they overlap, so that no run of a secret escapes its mask.
  const merged: { start: number; end: number; categories: string[] }[] = [];
  for (const leak of [...leaked].map((l) => ({ ...l, start: safeOffset(rewrite, l.start), end: safeOffset(rewrite, l.end) })).sort((a, b) => a.start - b.start)) {
    if (leak.end <= leak.start) continue;
    const last = merged.at(-1);
    if (last && leak.start < last.end) {
      last.end = Math.max(last.end, leak.end);
      if (!last.categories.includes(leak.category)) last.categories.push(leak.category);
    } else merged.push({ start: leak.start, end: leak.end, categories: [leak.category] });
  }
  merged.forEach((leak, i) => {
    const id = `leaked-${i}`;
    const names = leak.categories.map(categoryLabel).join(" or ");
    annotations.push({ id, kind: "leaked", category: leak.categories.join(","), label: `Leaked: ${names}` });
    ranges.push({ id, start: leak.start, end: leak.end });
  });
  const pieces: OverlayPiece[] = [];
  for (const piece of piecesFor(rewrite, ranges)) {
    const leakId = piece.ids.find((id) => id.startsWith("leaked-"));
    if (leakId === undefined) {
      pieces.push(piece);
      continue;
    }
    const leak = merged[Number(leakId.slice("leaked-".length))];
    const previous = pieces.at(-1);
    if (previous?.masked && previous.ids.includes(leakId)) {
      // The rest of the same secret: one mask for all of it; its annotations join the piece.
      previous.ids = [...new Set([...previous.ids, ...piece.ids])];
      previous.ends = [...previous.ends, ...piece.ends];
      continue;
    }
    const names = leak ? leak.categories.map(categoryLabel).join(" or ") : "restricted data";
    pieces.push({ text: `[${names} ${leak ? mask(rewrite.slice(leak.start, leak.end)) : "••••"}]`, ids: piece.ids, ends: piece.ends, masked: true });
  }
  return { pieces, annotations };
}
