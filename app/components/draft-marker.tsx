import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { FLAW_TYPE_KEYS } from "./flaw-labels";
import { FLAW_LABELS } from "~/app/vocabulary";
import { trimMark } from "~/app/practice/catching";
import { moveSentence, moveStop, rangeBetween, sentenceBounds, stopIndexes, tokenAt, type Token } from "./draft-tokens";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";
import { SELECT_FIRST } from "~/app/practice/attempt-messages";
import { softLineBreaks } from "~/app/text/paragraphs";
import { WALKTHROUGH_TARGETS } from "~/app/walkthrough/steps";

export type DraftMark = { id: string; start: number; end: number; type: FlawType };
type Range = { start: number; end: number };

const MOVES = new Set(["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Home", "End"]);

/** The same trimming the server applies when it scores the mark. */
function trimRange(draft: string, range: Range): Range | null {
  return trimMark({ draft, mark: range });
}

/** Character offset in the draft of a DOM selection point inside the draft element. */
function offsetOf(container: HTMLElement, node: Node, offset: number): number {
  const runOf = (n: Node | null): HTMLElement | null =>
    n instanceof HTMLElement && n.dataset.start !== undefined ? n : n?.parentElement?.closest<HTMLElement>("[data-start]") ?? null;
  if (node === container) {
    const child = container.childNodes[offset];
    const run = runOf(child ?? null);
    return run ? Number(run.dataset.start) : (container.textContent ?? "").length;
  }
  const run = runOf(node);
  if (!run) return 0;
  const base = Number(run.dataset.start);
  return node.nodeType === Node.TEXT_NODE ? base + offset : base + (offset > 0 ? (run.textContent ?? "").length : 0);
}

/**
 * The AI draft as a markable text. Mouse: select text, then pick a type.
 * Keyboard: ←/→ move by word, ↓/↑ by sentence (a line break ends one too),
 * Home/End to the draft's first and last word, Shift with any of them selects, 1–5 mark the
 * selection (or the word at the cursor), Delete removes the mark under the
 * cursor. Every change is announced to screen readers.
 */
export function DraftMarker({
  draft,
  tokens,
  marks,
  onChange,
  citations,
  onOpenCitation,
}: {
  draft: string;
  /** The draft's word segments, made once on the server: browsers segment words differently, and both sides must render the same spans. */
  tokens: Token[];
  marks: DraftMark[];
  onChange: (marks: DraftMark[]) => void;
  citations: { anchor: string; start: number; end: number }[];
  onOpenCitation: (anchor: string) => void;
}) {
  const stops = useMemo(() => stopIndexes(tokens), [tokens]);
  const [cursor, setCursor] = useState(stops[0] ?? 0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [mouseRange, setMouseRange] = useState<Range | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const containerRef = useRef<HTMLDivElement>(null);
  const nextId = useRef(0);

  const selection: Range | null =
    mouseRange ?? (anchor !== null ? rangeBetween(tokens, anchor, cursor) : null);

  // Shown like an email: wrapped lines joined, blank lines between paragraphs; the same length, so offsets hold.
  const shown = useMemo(() => softLineBreaks(draft), [draft]);
  const runs = useMemo(() => {
    const bounds = new Set<number>([0, draft.length]);
    for (const t of tokens) bounds.add(t.start);
    for (const m of marks) bounds.add(m.start).add(m.end);
    if (selection) bounds.add(selection.start).add(selection.end);
    const sorted = [...bounds].filter((b) => b >= 0 && b <= draft.length).sort((a, b) => a - b);
    return sorted.slice(0, -1).map((start, i) => {
      const end = sorted[i + 1] ?? draft.length;
      return { start, end, text: shown.slice(start, end), token: tokenAt(tokens, start) };
    });
  }, [draft, shown, tokens, marks, selection]);

  const quote = (r: Range) => draft.slice(r.start, r.end);

  function addMark(type: FlawType) {
    const base = selection ?? (tokens[cursor] ? { start: tokens[cursor].start, end: tokens[cursor].end } : null);
    const range = base ? trimRange(draft, base) : null;
    if (!range) {
      setAnnouncement("Nothing to mark: select some text first.");
      return;
    }
    nextId.current += 1;
    onChange([...marks, { id: `m${nextId.current}-${range.start}`, ...range, type }]);
    setAnchor(null);
    setMouseRange(null);
    window.getSelection()?.removeAllRanges();
    const count = marks.length + 1;
    setAnnouncement(`Marked “${quote(range)}” as ${FLAW_LABELS[type]}. ${count} ${count === 1 ? "mark" : "marks"}.`);
  }

  function removeMarkAtCursor() {
    const token = tokens[cursor];
    const hit = token ? marks.find((m) => m.start < token.end && token.start < m.end) : undefined;
    if (!hit) {
      setAnnouncement("No mark here.");
      return;
    }
    onChange(marks.filter((m) => m.id !== hit.id));
    setAnnouncement(`Removed the mark on “${quote(hit)}”.`);
  }

  /** What a move says: the word, or for a sentence move the sentence and where it is, for Home/End the end reached. */
  function describeMove(key: string, at: number) {
    const word = tokens[at]?.text ?? "";
    if (key === "Home") return `Start of the draft: ${word}`;
    if (key === "End") return `End of the draft: ${word}`;
    if (key !== "ArrowDown" && key !== "ArrowUp") return word;
    const { first, last } = sentenceBounds(tokens, at);
    const range = rangeBetween(tokens, first, last);
    const sentences = [...new Set(tokens.filter((t) => t.stop).map((t) => t.sentence))];
    const number = sentences.indexOf(tokens[at]?.sentence ?? -1) + 1;
    return `Sentence ${number} of ${sentences.length}: ${range ? quote(range) : word}`;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const key = event.key;
    const typeIndex = FLAW_TYPE_KEYS.indexOf(key);
    if (typeIndex >= 0 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      const type = FLAW_TYPES[typeIndex];
      if (type) addMark(type);
      return;
    }
    if (MOVES.has(key)) {
      event.preventDefault();
      setMouseRange(null);
      const next =
        key === "Home"
          ? (stops[0] ?? 0)
          : key === "End"
            ? (stops[stops.length - 1] ?? 0)
            : key === "ArrowDown" || key === "ArrowUp"
              ? moveSentence(tokens, cursor, key === "ArrowDown" ? 1 : -1)
              : moveStop(tokens, cursor, key === "ArrowRight" ? 1 : -1);
      if (event.shiftKey) {
        const from = anchor ?? cursor;
        // Shift+↓ extends to the end of this sentence, then of the next one; Shift+↑ to the start of this one, then the previous.
        const endOfThis = sentenceBounds(tokens, cursor).last;
        const end = key === "ArrowDown" ? (endOfThis > cursor ? endOfThis : sentenceBounds(tokens, next).last) : next;
        setAnchor(from);
        setCursor(end);
        const range = rangeBetween(tokens, from, end);
        if (range) setAnnouncement(`Selected “${quote(range)}”. Press 1 to 5 to mark it.`);
      } else {
        setAnchor(null);
        setCursor(next);
        setAnnouncement(describeMove(key, next));
      }
      return;
    }
    if (key === "Enter") {
      const token = tokens[cursor];
      const citation = token ? citations.find((c) => c.start <= token.start && token.end <= c.end) : undefined;
      if (citation) {
        event.preventDefault();
        onOpenCitation(citation.anchor);
        setAnnouncement(`Opened section ${citation.anchor} in the policy sources.`);
      }
      return;
    }
    if (key === "Escape") {
      setAnchor(null);
      setMouseRange(null);
      setAnnouncement("Selection cleared.");
      return;
    }
    if (key === "Delete" || key === "Backspace") {
      event.preventDefault();
      removeMarkAtCursor();
    }
  }

  function onMouseUp() {
    const container = containerRef.current;
    const domSelection = window.getSelection();
    if (!container || !domSelection || domSelection.rangeCount === 0) return;
    const range = domSelection.getRangeAt(0);
    if (!range.intersectsNode(container)) return;
    // A drag that starts or ends outside the draft is clamped to the draft.
    const start = container.contains(range.startContainer) ? offsetOf(container, range.startContainer, range.startOffset) : 0;
    const end = container.contains(range.endContainer) ? offsetOf(container, range.endContainer, range.endOffset) : draft.length;
    const trimmed = trimRange(draft, { start: Math.min(start, end), end: Math.max(start, end) });
    setAnchor(null);
    if (!trimmed) {
      setMouseRange(null);
      setCursor(tokenAt(tokens, start));
      const citation = citations.find((c) => c.start <= start && start < c.end);
      if (citation) onOpenCitation(citation.anchor);
      return;
    }
    setMouseRange(trimmed);
    setCursor(tokenAt(tokens, trimmed.start));
    setAnnouncement(`Selected “${quote(trimmed)}”. Choose a flaw type.`);
  }

  // Mouse-up is watched on the whole document so a drag released outside the draft still counts.
  const onMouseUpRef = useRef(onMouseUp);
  onMouseUpRef.current = onMouseUp;
  useEffect(() => {
    const listener = () => onMouseUpRef.current();
    document.addEventListener("mouseup", listener);
    return () => document.removeEventListener("mouseup", listener);
  }, []);

  return (
    <div className="draft-marker">
      <p id="draft-help" className="muted">
        Select text with the mouse, or use the keys: ←/→ move by word, ↓/↑ by sentence or line, Home/End to the start or end
        of the draft, and Shift with any of them selects; then press 1–5 or click a flaw type. Delete removes the mark under
        the cursor; Enter on a [citation] opens its section.
      </p>
      <div
        ref={containerRef}
        id={WALKTHROUGH_TARGETS.draft}
        className="draft-text"
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label="AI draft"
        aria-describedby="draft-help"
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="draft"
      >
        {runs.map((run) => {
          const mark = marks.find((m) => m.start <= run.start && run.end <= m.end);
          const selected = selection && selection.start <= run.start && run.end <= selection.end;
          const cited = citations.some((c) => c.start <= run.start && run.end <= c.end);
          const classes = [mark ? `marked flaw-${mark.type}` : "", selected ? "selected" : "", run.token === cursor ? "cursor" : "", cited ? "citation" : ""];
          return (
            <span key={run.start} data-start={run.start} className={classes.filter(Boolean).join(" ") || undefined}>
              {run.text}
            </span>
          );
        })}
      </div>
      {/* Never disabled: Tab reaches the buttons, and without a selection they say what they need. */}
      <div className="flaw-picker" id={WALKTHROUGH_TARGETS.flawTypes} role="group" aria-label="Mark the selection as">
        {FLAW_TYPES.map((type, i) => (
          <button
            key={type}
            type="button"
            className={`flaw-button flaw-${type}`}
            aria-disabled={selection ? undefined : true}
            aria-describedby={selection ? undefined : "flaw-picker-hint"}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              if (selection) addMark(type);
              else setAnnouncement(SELECT_FIRST);
            }}
          >
            <kbd>{i + 1}</kbd> {FLAW_LABELS[type]}
          </button>
        ))}
      </div>
      {selection ? null : (
        <p id="flaw-picker-hint" className="muted picker-hint">
          {SELECT_FIRST}
        </p>
      )}
      <div aria-live="polite" className="visually-hidden" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}
