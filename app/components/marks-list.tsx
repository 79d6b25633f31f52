import type { DraftMark } from "./draft-marker";
import { FLAW_LABELS, FLAW_TYPES, isFlawType } from "~/app/vocabulary";

/** The marks made so far on a draft, each with its type (changeable) and a Remove button: the drill page's list. */
export function MarksList({ draft, locale, marks, onMarksChange }: { draft: string; locale: string; marks: DraftMark[]; onMarksChange: (marks: DraftMark[]) => void }) {
  return (
    <section className="panel" aria-labelledby="marks-heading">
      <h2 id="marks-heading">Your marks ({marks.length})</h2>
      {marks.length === 0 ? <p className="muted">No marks yet. A clean draft needs none.</p> : null}
      <ol className="marks-list">
        {marks.map((mark) => (
          <li key={mark.id}>
            <q lang={locale}>{draft.slice(mark.start, mark.end)}</q>{" "}
            <label>
              <span className="visually-hidden">Flaw type</span>
              <select
                value={mark.type}
                onChange={(e) => {
                  const type = e.target.value;
                  if (isFlawType(type)) onMarksChange(marks.map((m) => (m.id === mark.id ? { ...m, type } : m)));
                }}
              >
                {FLAW_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {FLAW_LABELS[type]}
                  </option>
                ))}
              </select>
            </label>{" "}
            <button type="button" className="link-button" onClick={() => onMarksChange(marks.filter((m) => m.id !== mark.id))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
