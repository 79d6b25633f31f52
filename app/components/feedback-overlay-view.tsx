import type { DraftAnnotation, OverlayPiece, RewriteAnnotation } from "~/app/practice/feedback-overlay";

/**
 * Renders an overlay computed on the server (components/feedback-overlay): the same pieces on
 * both sides, so hydration has nothing to disagree about. Every annotation is told in words, a
 * tag right after the text it covers, besides its colour and line style.
 */
function classesFor(ids: readonly string[], annotations: ReadonlyMap<string, Annotation>): string {
  const classes = new Set<string>();
  for (const id of ids) {
    const a = annotations.get(id);
    if (!a) continue;
    if (a.kind === "flaw") classes.add(`ov-flaw ov-flaw-${a.status}`);
    else if (a.kind === "mark") classes.add(`ov-mark ov-mark-${a.verdict}`);
    else classes.add(`ov-${a.kind}`);
  }
  return [...classes].join(" ");
}

type Annotation = DraftAnnotation | RewriteAnnotation;

/** Good, doubtful or bad: the tag's colour, which only repeats what its words say. */
function tagTone(a: Annotation): "good" | "warn" | "bad" {
  if (a.kind === "flaw") return a.status === "caught" ? "good" : a.status === "mistyped" ? "warn" : "bad";
  if (a.kind === "mark") return a.verdict === "caught" ? "good" : a.verdict === "mistyped" ? "warn" : "bad";
  return "bad";
}

export function OverlayText({
  pieces,
  annotations,
  lang,
  label,
  testId,
}: {
  pieces: readonly OverlayPiece[];
  annotations: readonly Annotation[];
  lang: string;
  label: string;
  testId: string;
}) {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  return (
    <div className="overlay-text" lang={lang} role="group" aria-label={label} data-testid={testId}>
      {pieces.map((piece, i) => {
        const classes = classesFor(piece.ids, byId);
        return (
          <span key={i}>
            {classes === "" ? piece.text : <mark className={piece.masked ? `${classes} ov-masked` : classes}>{piece.text}</mark>}
            {piece.ends.map((id) => {
              const a = byId.get(id);
              // A space before the tag, so that it is read (and copied) as words of its own.
              return a ? (
                <span key={id}>
                  {" "}
                  <span className={`ov-tag ov-tag-${tagTone(a)}`} lang="en">
                    {a.label}
                  </span>
                </span>
              ) : null;
            })}
          </span>
        );
      })}
    </div>
  );
}

export function DraftLegend() {
  return (
    <dl className="overlay-legend" aria-label="How to read the marked draft">
      <div>
        <dt>
          <span className="ov-flaw ov-flaw-caught">Solid underline</span>
        </dt>
        <dd>a planted flaw you caught with a fitting type, tagged “Caught”</dd>
      </div>
      <div>
        <dt>
          <span className="ov-flaw ov-flaw-mistyped">Wavy underline</span>
        </dt>
        <dd>a planted flaw you caught with another type, tagged “Mistyped”</dd>
      </div>
      <div>
        <dt>
          <span className="ov-flaw ov-flaw-missed">Dashed underline</span>
        </dt>
        <dd>a planted flaw no mark of yours caught, tagged “Missed”</dd>
      </div>
      <div>
        <dt>
          <span className="ov-mark ov-mark-caught">Shaded</span>
        </dt>
        <dd>your mark, tagged “Your mark” with what it did: caught, mistyped, or false flag (it caught no planted flaw)</dd>
      </div>
    </dl>
  );
}
