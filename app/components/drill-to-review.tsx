import { DraftMarker, type DraftMark } from "./draft-marker";
import type { Token } from "./draft-tokens";
import { paragraphs } from "~/app/text/paragraphs";

type Citation = { anchor: string; start: number; end: number };

/**
 * The customer message and the AI draft to mark, as an agent meets them: on the drill page and,
 * identically, in the studio's preview.
 */
export function DrillToReview({
  drill,
  tokens,
  marks,
  onMarksChange,
  onOpenCitation,
}: {
  drill: { locale: string; customer: string; draft: string; citations: Citation[] };
  tokens: Token[];
  marks: DraftMark[];
  onMarksChange: (marks: DraftMark[]) => void;
  onOpenCitation: (anchor: string) => void;
}) {
  return (
    <>
      <section className="panel" aria-labelledby="customer-heading">
        <h2 id="customer-heading">Customer message</h2>
        <div className="message" lang={drill.locale} data-testid="customer-message">
          {paragraphs(drill.customer).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="draft-heading" lang={drill.locale}>
        <h2 id="draft-heading">AI draft</h2>
        <DraftMarker draft={drill.draft} tokens={tokens} marks={marks} onChange={onMarksChange} citations={drill.citations} onOpenCitation={onOpenCitation} />
      </section>
    </>
  );
}
