import { wordDiff, type WordDiffPart } from "~/app/text/word-diff";

export type SectionText = { heading: string; markdown: string };

/** A section as one text for comparing: its heading line, then its Markdown. */
function asText(section: SectionText) {
  return `${section.heading}\n${section.markdown}`;
}

/**
 * A section's old and new text side by side (stacked on a narrow screen), words removed struck
 * through on the left and words added underlined on the right; both also say so in words, so the
 * change never rests on colour alone. A removed section has no right side.
 */
export function SectionDiff({ before, after, beforeLabel, afterLabel }: { before: SectionText; after: SectionText | null; beforeLabel: string; afterLabel: string }) {
  const parts = after ? wordDiff(asText(before), asText(after)) : [{ kind: "same" as const, text: asText(before) }];
  return (
    <div className="section-diff">
      <div className="section-diff-side">
        <p className="section-diff-label">{beforeLabel}</p>
        <div className="section-diff-text">{parts.filter((part) => part.kind !== "added").map(renderPart)}</div>
      </div>
      <div className="section-diff-side">
        <p className="section-diff-label">{afterLabel}</p>
        {after ? <div className="section-diff-text">{parts.filter((part) => part.kind !== "removed").map(renderPart)}</div> : <p className="muted">This section is removed.</p>}
      </div>
    </div>
  );
}

function renderPart(part: WordDiffPart, index: number) {
  if (part.kind === "removed") {
    return (
      <del key={index}>
        <span className="visually-hidden">[removed: </span>
        {part.text}
        <span className="visually-hidden">]</span>
      </del>
    );
  }
  if (part.kind === "added") {
    return (
      <ins key={index}>
        <span className="visually-hidden">[added: </span>
        {part.text}
        <span className="visually-hidden">]</span>
      </ins>
    );
  }
  return <span key={index}>{part.text}</span>;
}
