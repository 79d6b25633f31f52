import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { attemptFeedback } from "~/app/practice/feedback.server";
import { FLAW_LABELS } from "~/app/vocabulary";
import { STATUS_TEXT } from "~/app/components/feedback-text";
import { feedbackHeadline } from "~/app/practice/feedback-headline";
import { invariantResponse } from "~/app/http.server";
import { DraftLegend, OverlayText } from "~/app/components/feedback-overlay-view";

const DECISION_TEXT = { send: "send as is", rewrite: "rewrite", escalate: "escalate" } as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Feedback: ${data?.drill.title ?? "drill"} · Redline` }];

const ParamsSchema = z.object({ attemptId: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const parsed = ParamsSchema.safeParse(params);
  const feedback = parsed.success ? await attemptFeedback({ db: await getDb(), userId: user.id, attemptId: parsed.data.attemptId }) : null;
  invariantResponse(feedback, "No such attempt of yours.", 404);
  return { ...feedback, headline: feedbackHeadline(feedback.headline) };
}

export default function Feedback() {
  const { attempt, drill, flaws, falseFlags, headline, score, draftOverlay, rewriteOverlay } = useLoaderData<typeof loader>();
  return (
    <article className="feedback">
      <p className="muted">
        Feedback · {drill.title} (revision {drill.revision})
      </p>
      <h1 className={`outcome outcome-${headline.tone}`}>{headline.title}</h1>
      <p>{headline.body}</p>
      {attempt.counted ? null : (
        <p className="notice" role="status">
          You had answered this drill before, so this attempt updates only your review schedule: points, rating and progress count your first attempt at each drill.
        </p>
      )}
      {score.decisionNote ? <p className="notice">{score.decisionNote}</p> : null}
      {drill.escalation && drill.expected === "escalate" ? (
        <p>
          <strong>Why this one needed escalating:</strong> {drill.escalation}
        </p>
      ) : null}

      <div className="cards">
        <div className="panel">
          <div className="stat">
            {attempt.counted ? attempt.points : 0} <span className="muted">/ {score.maxPoints}</span>
          </div>
          <div>{attempt.counted ? "points" : `points (not counted; it would have earned ${attempt.points})`}</div>
        </div>
        <div className="panel">
          <div className="stat">
            {attempt.rating} <span className={attempt.ratingDelta >= 0 ? "delta-up" : "delta-down"}>({attempt.ratingDelta >= 0 ? "+" : ""}{attempt.ratingDelta})</span>
          </div>
          <div>your rating (change)</div>
        </div>
        <div className="panel">
          <div className="stat">
            {score.counts.caught} / {score.counts.planted}
          </div>
          <div>flaws caught{score.counts.mistyped > 0 ? ` (${score.counts.mistyped} mistyped)` : ""}</div>
        </div>
      </div>

      <section className="panel" aria-labelledby="your-answer">
        <h2 id="your-answer">Your answer</h2>
        <p>
          You decided: <strong>{DECISION_TEXT[attempt.decision]}</strong>
          {attempt.decision === drill.expected ? "." : `; this drill expected: ${DECISION_TEXT[drill.expected]}.`}
        </p>
        <h3 id="draft-overlay">The AI draft with your marks{score.flawed ? " and its planted flaws" : ""}</h3>
        <DraftLegend />
        <OverlayText
          pieces={draftOverlay.pieces}
          annotations={draftOverlay.annotations}
          lang={drill.locale}
          label={`The AI draft with your ${draftOverlay.annotations.filter((a) => a.kind === "mark").length} marks${score.flawed ? " and its planted flaws" : ""}`}
          testId="draft-overlay"
        />
        {rewriteOverlay ? (
          <>
            <h3>Your rewrite</h3>
            <p className="muted">
              {rewriteOverlay.annotations.length === 0
                ? "The check found nothing left in, leaked or invented in it."
                : "What the check found is marked in it: flaws left in, restricted data leaked (shown masked) and citations of sections that do not exist."}
            </p>
            <OverlayText pieces={rewriteOverlay.pieces} annotations={rewriteOverlay.annotations} lang={drill.locale} label="Your rewrite" testId="rewrite-overlay" />
          </>
        ) : null}
        {attempt.decision === "escalate" ? (
          <>
            <h3>Your reason for escalating</h3>
            {attempt.escalationReason ? <blockquote className="own-answer">{attempt.escalationReason}</blockquote> : <p className="muted">You gave no reason.</p>}
          </>
        ) : null}
      </section>

      {score.flawed ? (
        <section>
          <h2>The planted flaws</h2>
          {flaws.map((flaw) => (
            <section key={flaw.index} className={`panel flaw-result status-${flaw.status}`} aria-label={`Flaw ${flaw.index + 1}: ${FLAW_LABELS[flaw.type]}`}>
              <h3>
                {FLAW_LABELS[flaw.type]} — {STATUS_TEXT[flaw.status]}
                {flaw.status === "mistyped" ? ` (you marked it as ${flaw.markedAs.map((t) => FLAW_LABELS[t]).join(", ")})` : ""}
              </h3>
              {flaw.markedSeveralTypes ? <p>Each of your marks on a flaw must give it a type that fits: marking one flaw as several types counts as mistyped.</p> : null}
              <blockquote lang={drill.locale}>{flaw.quote}</blockquote>
              <p>{flaw.explanation}</p>
              {flaw.inRewrite === "left_in" ? (
                <p className="form-errors">
                  {flaw.type === "missing_citation"
                    ? "This claim is still in your rewrite without a citation of its section in the same sentence."
                    : "This flaw is still in your rewrite."}
                </p>
              ) : null}
              {flaw.inRewrite === "fixed" ? <p className="notice">Your rewrite fixed this flaw.</p> : null}
              {flaw.policy ? (
                <figure className="policy-quote">
                  <figcaption>
                    What the policy says — <Link to={`/policies/${flaw.policy.anchor.split(".")[0]}#${flaw.policy.anchor}`}>{flaw.policy.heading}</Link>{" "}
                    <code>[{flaw.policy.anchor}]</code>
                  </figcaption>
                  {/* Rendered by markdown-it with raw HTML disabled (app/policies/markdown.ts). */}
                  <div dangerouslySetInnerHTML={{ __html: flaw.policy.html }} />
                </figure>
              ) : null}
            </section>
          ))}
        </section>
      ) : (
        <section className="panel">
          <h2>Why this draft was fine</h2>
          <p>
            This was a clean control: every statement matches the policy and every claim carries its citation, so the right call was to send it as
            is. Overriding drafts that are right costs time and teaches nothing; checking them and sending them is the skill.
          </p>
          {drill.citations.length > 0 ? (
            <p>
              The draft cites{" "}
              {drill.citations.map((c, i) => (
                <span key={`${c.anchor}-${i}`}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/policies/${c.anchor.split(".")[0]}#${c.anchor}`}>{c.heading ?? c.anchor}</Link> <code>[{c.anchor}]</code>
                </span>
              ))}
              , and each says what the draft claims.
            </p>
          ) : null}
        </section>
      )}

      {falseFlags.length > 0 ? (
        <section className="panel">
          <h2>False flags ({falseFlags.length})</h2>
          <p className="muted">These marks caught no planted flaw.</p>
          <ul>
            {falseFlags.map((flag) => (
              <li key={`${flag.start}-${flag.end}`}>
                <q lang={drill.locale}>{flag.text}</q> marked as {FLAW_LABELS[flag.type]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {score.fabricatedCitations.length > 0 ? (
        <section className="panel">
          <h2>Citations in your rewrite that point nowhere</h2>
          <p>
            Your rewrite cites {score.fabricatedCitations.length === 1 ? "a section that does not exist" : "sections that do not exist"}:{" "}
            {score.fabricatedCitations.map((anchor, i) => (
              <span key={`${anchor}-${i}`}>
                {i > 0 ? ", " : ""}
                <code>[{anchor}]</code>
              </span>
            ))}
            . A citation the customer cannot check is a fabricated citation, even in a rewrite: cite a section from the policy sources, or none.
          </p>
        </section>
      ) : null}

      {score.leaked.length > 0 ? (
        <section className="panel">
          <h2>Leaked in your rewrite</h2>
          <ul>
            {score.leaked.map((leak, i) => (
              <li key={i}>
                {leak.category}: {leak.masked}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel">
        <h2>Points</h2>
        <table>
          <tbody>
            {score.pointsBreakdown.map((line) => (
              <tr key={`${line.kind}-${line.label}`}>
                <td>{line.label}</td>
                <td>{line.points > 0 ? `+${line.points}` : line.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="toolbar">
        <Link to="/progress">Your progress</Link>
        <Form method="post" action="/practice">
          <button type="submit" className="primary">
            Next drill
          </button>
        </Form>
      </div>
    </article>
  );
}
