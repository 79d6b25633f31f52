import { diffArrays } from "diff";
import { findOccurrences } from "~/app/content/drill";
import { REDACTION_MARKER } from "~/app/near-miss/redaction";
import { normalizeText } from "~/app/text/normalize";
import { sentenceEndFrom, sentenceStartBefore } from "~/app/text/sentences";

/**
 * What the agent changed in the AI draft before sending it: a word-level diff of the draft and the
 * sent reply (jsdiff's `diffArrays` over word tokens). Japanese and Chinese have no spaces between
 * words, so the tokens come from `Intl.Segmenter` (word granularity), which also keeps an emoji
 * sequence (👩‍💻) whole; a redaction marker is one token. Tokens are compared after the shared
 * normalisation, so a changed line break, a no-break space or a full-width digit is no change.
 * Offsets are UTF-16 offsets into the draft, end exclusive, as a drill flaw's quote resolves.
 */

export type Token = { start: number; end: number; key: string };

/** deleted: words taken out; changed: words replaced; added: words put in (the span is the sentence they went into). */
export type ChangeKind = "deleted" | "changed" | "added";

export type ChangedSpan = {
  start: number;
  end: number;
  kind: ChangeKind;
  /** The draft's text of the span: a flaw's `quote`. */
  quote: string;
  /** Which occurrence of the quote in the draft the span is (1-based), when the quote occurs more than once. */
  occurrence: number | null;
  /** What the agent sent instead (the added words, joined by " … " when several edits fell in one span). */
  replacement: string;
};

/** A run of one side's text: marked when it is the part the agent removed (draft) or added (reply). */
export type TextPart = { text: string; marked: boolean };

/** `rewritten`: the reply differs from the draft in more than MAX_EDITS tokens, so the whole draft is one span. */
export type DraftComparison = { spans: ChangedSpan[]; draft: TextPart[]; reply: TextPart[]; rewritten: boolean };

/**
 * Past this many tokens taken out and put in, the reply is a rewrite rather than an edit: word
 * spans would not help an author, and the diff's cost grows with the edits (Myers: O(N·D)), so
 * jsdiff stops there (`maxEditLength`) and the whole draft is the one span.
 */
export const MAX_EDITS = 400;

/** The word tokens of `text`, whitespace left out, at their offsets. */
export function tokenize(text: string, locale?: string): Token[] {
  const segmenter = new Intl.Segmenter(locale ? [locale] : [], { granularity: "word" });
  const tokens: Token[] = [];
  const words = (from: number, to: number) => {
    for (const { segment, index } of segmenter.segment(text.slice(from, to))) {
      const key = normalizeText(segment).text;
      if (key !== "") tokens.push({ start: from + index, end: from + index + segment.length, key });
    }
  };
  let at = 0;
  for (const marker of text.matchAll(REDACTION_MARKER)) {
    words(at, marker.index);
    tokens.push({ start: marker.index, end: marker.index + marker[0].length, key: marker[0] });
    at = marker.index + marker[0].length;
  }
  words(at, text.length);
  return tokens;
}

/** One place where the texts differ: the draft's tokens [from, to) gave way to the reply's tokens [replyFrom, replyTo). */
type Edit = { from: number; to: number; replyFrom: number; replyTo: number };

/** The edits in draft order, or null when there are more than MAX_EDITS. */
function editsOf(draft: readonly Token[], reply: readonly Token[]): Edit[] | null {
  const changes = diffArrays(
    draft.map((token) => token.key),
    reply.map((token) => token.key),
    { maxEditLength: MAX_EDITS },
  );
  if (!changes) return null;
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  let open: Edit | null = null;
  for (const change of changes) {
    const count = change.count;
    if (!change.added && !change.removed) {
      if (open) edits.push(open);
      open = null;
      i += count;
      j += count;
      continue;
    }
    open ??= { from: i, to: i, replyFrom: j, replyTo: j };
    if (change.removed) open.to = i += count;
    else open.replyTo = j += count;
  }
  if (open) edits.push(open);
  return edits;
}

/** The sentence of the draft that holds `token`, trimmed. */
function sentenceAround(text: string, token: Token): { start: number; end: number } {
  const rawStart = sentenceStartBefore(text, token.start);
  const endAt = sentenceEndFrom(text, token.start);
  const rawEnd = endAt < text.length ? endAt + 1 : text.length;
  const slice = text.slice(rawStart, rawEnd);
  const start = rawStart + (slice.length - slice.trimStart().length);
  return { start, end: Math.max(start, rawEnd - (slice.length - slice.trimEnd().length)) };
}

/**
 * The draft and the sent reply compared: the spans of the draft the agent deleted or changed
 * (words added with nothing taken out mark the sentence they went into), overlapping spans
 * merged, and both texts as runs with the changed words marked, for showing side by side.
 */
export function compareDraftAndReply(draft: string, reply: string, locale?: string): DraftComparison {
  const draftTokens = tokenize(draft, locale);
  const replyTokens = tokenize(reply, locale);
  const found = editsOf(draftTokens, replyTokens);
  const rewritten = found === null;
  // A rewrite: everything the draft says gave way to everything the reply says.
  const edits = found ?? [{ from: 0, to: draftTokens.length, replyFrom: 0, replyTo: replyTokens.length }];

  const slice = (text: string, tokens: readonly Token[], from: number, to: number) => {
    if (to <= from) return null;
    const first = tokens[from];
    const last = tokens[to - 1];
    return first && last ? { start: first.start, end: last.end, text: text.slice(first.start, last.end) } : null;
  };

  type Raw = { start: number; end: number; kind: ChangeKind; replacements: string[] };
  const raw: Raw[] = [];
  const draftMarks: { start: number; end: number }[] = [];
  const replyMarks: { start: number; end: number }[] = [];
  for (const edit of edits) {
    const removed = slice(draft, draftTokens, edit.from, edit.to);
    const added = slice(reply, replyTokens, edit.replyFrom, edit.replyTo);
    if (removed) draftMarks.push(removed);
    if (added) replyMarks.push(added);
    if (removed) {
      raw.push({ start: removed.start, end: removed.end, kind: added ? "changed" : "deleted", replacements: added ? [added.text] : [] });
      continue;
    }
    // Words put in: the sentence before the insertion point (or the first, at the very start) lacked them.
    const anchor = draftTokens[edit.from - 1] ?? draftTokens[0];
    if (anchor && added) raw.push({ ...sentenceAround(draft, anchor), kind: "added", replacements: [added.text] });
  }

  const merged: Raw[] = [];
  for (const span of [...raw].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.kind = last.kind === span.kind ? last.kind : "changed";
      last.replacements.push(...span.replacements);
    } else merged.push({ ...span, replacements: [...span.replacements] });
  }

  const spans = merged.map((span): ChangedSpan => {
    const quote = draft.slice(span.start, span.end);
    const starts = findOccurrences(draft, quote);
    return { start: span.start, end: span.end, kind: span.kind, quote, occurrence: starts.length > 1 ? starts.indexOf(span.start) + 1 : null, replacement: span.replacements.join(" … ") };
  });
  return { spans, draft: partsOf(draft, draftMarks), reply: partsOf(reply, replyMarks), rewritten };
}

/** The text cut into unmarked and marked runs; `marks` are sorted and do not overlap. */
function partsOf(text: string, marks: readonly { start: number; end: number }[]): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start > at) parts.push({ text: text.slice(at, mark.start), marked: false });
    parts.push({ text: text.slice(mark.start, mark.end), marked: true });
    at = mark.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
