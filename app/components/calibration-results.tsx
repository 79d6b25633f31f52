import { Form, Link } from "@remix-run/react";
import type { LatestRound } from "~/app/calibration/calibration.server";
import type { UnplantedSpan } from "~/app/calibration/results";
import { DECISION_LABELS, FLAW_LABELS, type FlawType } from "~/app/vocabulary";

const typeList = (types: { type: FlawType; count: number }[]) => types.map(({ type, count }) => `${FLAW_LABELS[type]}${count > 1 ? ` ×${count}` : ""}`).join(", ");

function Agreement({ agreement, takes }: { agreement: LatestRound["results"]["agreement"]; takes: number }) {
  const value =
    agreement.alpha !== null
      ? agreement.alpha.toFixed(2)
      : agreement.reason === "no_pairable_values"
        ? "not measured yet: it needs two takes"
        : "not defined: every calibrator gave every character the same label, so there is nothing to agree on";
  return (
    <p>
      <strong>Agreement (Krippendorff's alpha): {value}</strong>
      <br />
      <span className="muted">
        Among the {takes} calibrators, per character of the draft, over the labels "no flaw" and each flaw type; the flaws you declared are not counted as a rater.
        1 is perfect agreement, 0 what chance would give; below about 0.67 the calibrators read the draft differently. The formula is in docs/design.md, "Blind
        calibration".
      </span>
    </p>
  );
}

/** The drill's latest blind calibration round on its studio page: who took it, what they found against the key, and how much they agree. */
export function CalibrationResults({ drillId, round }: { drillId: string; round: LatestRound | null }) {
  return (
    <section className="panel" aria-labelledby="calibration-heading">
      <h2 id="calibration-heading" tabIndex={-1}>
        Blind calibration
      </h2>
      <p>
        Colleagues take the draft as an agent would, without the key, before it is published. <Link to={`/studio/drills/${drillId}/calibration`}>Ask colleagues for a blind take</Link>
      </p>
      {round === null ? <p className="muted">No one has been asked yet.</p> : <Round round={round} />}
    </section>
  );
}

function Round({ round }: { round: LatestRound }) {
  const { results } = round;
  const against = results.decisions.filter((row) => row.decision !== results.expected);
  return (
    <>
      <p>
        Round asked by {round.askedBy} on {round.askedOn}, on version {round.draftVersion} of the draft{round.earlierRounds > 0 ? ` (${round.earlierRounds} earlier ${round.earlierRounds === 1 ? "round" : "rounds"})` : ""}.
      </p>
      {round.stale ? (
        <p className="form-errors">
          Stale: the draft has changed since this round was asked for. These takes are of version {round.draftVersion}'s text; ask again for takes of the current text.
        </p>
      ) : null}
      <ul>
        {round.invited.map((person) => (
          <li key={person.id}>
            {person.name}: {person.takenOn ? `taken on ${person.takenOn}` : "not taken yet"}
          </li>
        ))}
      </ul>
      {results.takes === 0 ? (
        <p className="muted">No take yet.</p>
      ) : (
        <>
          <Agreement agreement={results.agreement} takes={results.takes} />
          <h3>Planted flaws</h3>
          {results.flaws.length === 0 ? (
            <p>A clean control: no flaw is declared.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Planted flaws found by the calibrators">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Flaw</th>
                    <th scope="col">Found by</th>
                    <th scope="col">Marked as</th>
                  </tr>
                </thead>
                <tbody>
                  {results.flaws.map((flaw) => (
                    <tr key={flaw.index}>
                      <td>
                        {flaw.index + 1}. {FLAW_LABELS[flaw.type]}: <q lang={round.locale}>{flaw.quote}</q>
                      </td>
                      <td>
                        {flaw.found} of {results.takes}
                        {flaw.calibrators.length > 0 ? <div className="muted">{flaw.calibrators.join(", ")}</div> : null}
                      </td>
                      <td>{flaw.foundAs.length === 0 ? "—" : typeList(flaw.foundAs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Spans no flaw declares</h3>
          {results.unplanted.length === 0 ? <p>None: every mark fell on a declared flaw.</p> : <UnplantedList spans={results.unplanted} takes={results.takes} locale={round.locale} />}
          <h3>Decisions</h3>
          <p>
            Expected: <strong>{DECISION_LABELS[results.expected]}</strong>.{" "}
            {against.length === 0 ? "Every calibrator chose it." : `Against it: ${against.map((row) => `${DECISION_LABELS[row.decision]} (${row.calibrators.join(", ")})`).join("; ")}.`}
          </p>
        </>
      )}
    </>
  );
}

function UnplantedList({ spans, takes, locale }: { spans: UnplantedSpan[]; takes?: number; locale: string }) {
  return (
    <ul>
      {spans.map((span) => (
        <li key={`${span.start}-${span.end}`}>
          <q lang={locale}>{span.text}</q> — marked by {span.calibrators.join(", ")}
          {takes ? ` (${span.calibrators.length} of ${takes})` : ""} as {typeList(span.types)}
        </li>
      ))}
    </ul>
  );
}

/**
 * After a refused publish: the spans the latest round found that still stand undeclared, and the
 * explicit confirmation that publishes the saved draft anyway.
 */
export function UnplantedConfirmation({ unplanted, version, locale }: { unplanted: { roundId: number; spans: UnplantedSpan[] }; version: number; locale: string }) {
  return (
    <section className="panel form-errors" aria-labelledby="unplanted-heading">
      <div role="alert">
        <h2 id="unplanted-heading">Not published yet: calibrators marked spans no flaw declares</h2>
        <UnplantedList spans={unplanted.spans} locale={locale} />
      </div>
      <p>
        Declare a flaw for each span that is one, or change the words, then publish again. If these spans are fine as they are, publish the saved draft anyway; the
        audit log records that you confirmed it.
      </p>
      <Form method="post">
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="confirmRound" value={unplanted.roundId} />
        <button type="submit" name="intent" value="confirm-publish">
          Publish anyway
        </button>
      </Form>
    </section>
  );
}

/** On the studio's front page: the blind takes colleagues asked of this author, never naming the drill (titles often name the flaw). */
export function CalibrationRequests({ requests }: { requests: { roundId: number; askedBy: string; askedOn: string }[] }) {
  if (requests.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Blind takes asked of you ({requests.length})</h2>
      <ul>
        {requests.map((request) => (
          <li key={request.roundId}>
            <Link to={`/studio/calibration/${request.roundId}`}>Take the drill {request.askedBy} asked you to take</Link> <span className="muted">(asked on {request.askedOn})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
