import { Form } from "@remix-run/react";
import type { Discrimination, DrillItemAnalysis, HintKind } from "~/app/item-analysis/item-analysis";
import { countText, DISCRIMINATION_EXPLAINED, discriminationText, durationText, HINT_LABELS, HINTS_EXPLAINED, hintText, indexText, METHOD_LABELS, READING_LABELS } from "~/app/item-analysis/wording";
import { FLAW_LABELS } from "~/app/vocabulary";

/** The item analysis of one drill on its studio page, for every revision or one (a GET form picks it). */
export function ItemAnalysisSection({ data }: { data: DrillItemAnalysis }) {
  const { analysis } = data;
  const scope = data.revision === null ? "all revisions" : `revision ${data.revision}`;
  return (
    <section className="panel item-analysis" aria-labelledby="item-analysis-heading">
      <h2 id="item-analysis-heading">Item analysis</h2>
      <p>How this drill performs with agents, from first attempts only: later attempts at the same drill come after the answer was shown.</p>
      {data.revisions.length > 1 ? (
        <Form method="get" className="inline-form" aria-label="Revision to analyse">
          <label htmlFor="item-analysis-revision">Revision</label>{" "}
          <select id="item-analysis-revision" name="revision" defaultValue={data.revision ?? ""}>
            <option value="">All revisions</option>
            {data.revisions.map((revision) => (
              <option key={revision.revision} value={revision.revision}>
                Revision {revision.revision} ({revision.attempts} first {revision.attempts === 1 ? "attempt" : "attempts"})
              </option>
            ))}
          </select>{" "}
          <button type="submit">Show</button>
        </Form>
      ) : null}
      {data.revisions.length === 0 ? (
        <p className="notice">Not published yet: the figures start with agents' first attempts, from {analysis.minAttempts} of them.</p>
      ) : !analysis.enough ? (
        <p className="notice">
          Not enough attempts: {analysis.attempts} first {analysis.attempts === 1 ? "attempt" : "attempts"} at {scope}; figures appear from {analysis.minAttempts} (an admin sets the minimum under Settings).
        </p>
      ) : (
        <>
          {data.analysed < data.total ? <p className="muted">The latest {data.analysed} of {data.total} first attempts are analysed.</p> : null}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Item analysis figures">
            <table>
              <caption>Figures for {scope}</caption>
              <tbody>
                <tr>
                  <th scope="row">First attempts</th>
                  <td>{analysis.attempts}</td>
                </tr>
                <tr>
                  <th scope="row">Facility (right decisions)</th>
                  <td>{countText(analysis.facility)}</td>
                </tr>
                <tr>
                  <th scope="row">Facility (share of the maximum points)</th>
                  <td>
                    {countText(analysis.pointsFacility)} points
                  </td>
                </tr>
                <tr>
                  <th scope="row">Median time on task</th>
                  <td>{durationText(analysis.medianTimeMs)}</td>
                </tr>
                <tr>
                  <th scope="row">Discrimination</th>
                  <td>
                    {discriminationText(analysis.discrimination)}
                    {analysis.discrimination ? (
                      <span className="figure-note">
                        {METHOD_LABELS[analysis.discrimination.method]}
                        {analysis.discrimination.groupSize === null ? "" : `, ${analysis.discrimination.groupSize} attempts in each group`}
                      </span>
                    ) : null}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <h3>Hints</h3>
          {analysis.hints.length === 0 ? (
            <p>No hints: nothing stands out.</p>
          ) : (
            <ul className="item-analysis-hints">
              {analysis.hints.map((hint, position) => (
                <li key={position}>{hintText(hint)}</li>
              ))}
            </ul>
          )}
          {analysis.flaws.length === 0 ? (
            <p>A clean control: no planted flaws to analyse.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Planted flaws">
              <table>
                <caption>Planted flaws</caption>
                <thead>
                  <tr>
                    <th scope="col">Flaw</th>
                    <th scope="col">Caught</th>
                    <th scope="col">Mistyped (of those caught)</th>
                    <th scope="col">Mistaken for</th>
                  </tr>
                </thead>
                <tbody>
                  {analysis.flaws.map((flaw) => (
                    <tr key={`${flaw.revision}-${flaw.index}`}>
                      <th scope="row">
                        {data.revision === null && data.revisions.length > 1 ? `Revision ${flaw.revision}, flaw ${flaw.index + 1}` : `Flaw ${flaw.index + 1}`}: {FLAW_LABELS[flaw.type]}
                        <span className="figure-note">“{flaw.quote}”</span>
                      </th>
                      <td>{countText(flaw.caught)}</td>
                      <td>{countText(flaw.mistyped)}</td>
                      <td>{flaw.mistakenFor.length === 0 ? "—" : flaw.mistakenFor.map((mistaken) => `${FLAW_LABELS[mistaken.type]} (${mistaken.count})`).join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <p className="muted">{DISCRIMINATION_EXPLAINED}</p>
      <p className="muted">{HINTS_EXPLAINED}</p>
    </section>
  );
}

/** The drill list's discrimination cell. */
export function DiscriminationCell({ discrimination, enough }: { discrimination: Discrimination | null; enough: boolean }) {
  if (!enough) return <span className="muted">not enough attempts</span>;
  if (discrimination === null) return <span className="muted">not measured</span>;
  return (
    <>
      <span className="figure">{indexText(discrimination.index)}</span>
      <span className="figure-note">{READING_LABELS[discrimination.reading]}</span>
    </>
  );
}

/** The drill list's hints cell: the kinds of hint the drill page explains. */
export function HintsCell({ hints }: { hints: readonly HintKind[] }) {
  if (hints.length === 0) return <>—</>;
  return (
    <ul className="plain-list">
      {hints.map((hint) => (
        <li key={hint}>{HINT_LABELS[hint]}</li>
      ))}
    </ul>
  );
}
