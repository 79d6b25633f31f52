import type { ChangedSpan, TextPart } from "~/app/drill-candidates/changed-spans";

/**
 * The AI draft and the reply the agent sent, side by side (stacked on a narrow screen): words the
 * agent took out struck through in the draft, words put in underlined in the reply, and both also
 * said in words for a screen reader, so the change never rests on colour alone.
 */
export function ReplyComparison({ draft, reply }: { draft: readonly TextPart[]; reply: readonly TextPart[] }) {
  return (
    <div className="section-diff">
      <div className="section-diff-side">
        <h3 className="section-diff-label">AI draft</h3>
        <div className="section-diff-text" data-testid="candidate-draft">
          {draft.map((part, index) =>
            part.marked ? (
              <del key={index}>
                <span className="visually-hidden">[changed by the agent: </span>
                {part.text}
                <span className="visually-hidden">]</span>
              </del>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </div>
      </div>
      <div className="section-diff-side">
        <h3 className="section-diff-label">Reply the agent sent</h3>
        <div className="section-diff-text" data-testid="candidate-reply">
          {reply.map((part, index) =>
            part.marked ? (
              <ins key={index}>
                <span className="visually-hidden">[written by the agent: </span>
                {part.text}
                <span className="visually-hidden">]</span>
              </ins>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </div>
      </div>
    </div>
  );
}

/** One change in words: what was deleted, what it became, or what was added to which sentence. */
export function ChangeSummary({ span, limit = Infinity }: { span: Pick<ChangedSpan, "kind" | "quote" | "replacement">; limit?: number }) {
  const cut = (text: string) => (text.length > limit ? `${text.slice(0, limit).trimEnd()}…` : text);
  if (span.kind === "deleted") {
    return (
      <>
        Deleted <del>{cut(span.quote)}</del>
      </>
    );
  }
  if (span.kind === "added") {
    return (
      <>
        Added <ins>{cut(span.replacement)}</ins> to “{cut(span.quote)}”
      </>
    );
  }
  return (
    <>
      Changed <del>{cut(span.quote)}</del> to <ins>{cut(span.replacement)}</ins>
    </>
  );
}
