import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { refuseWhileTakingBlind } from "~/app/calibration/calibration.server";
import type { DraftMark } from "~/app/components/draft-marker";
import { DrillToReview } from "~/app/components/drill-to-review";
import { tokenize } from "~/app/components/draft-tokens";
import { DraftLegend, OverlayText } from "~/app/components/feedback-overlay-view";
import { PolicySources } from "~/app/components/policy-sources";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { drillPreview } from "~/app/studio/preview.server";
import { FLAW_LABELS } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Preview · Studio · Redline" }];

const ParamsSchema = z.object({ drillId: z.string().min(1).max(120) });
const DECISION_TEXT = { send: "send as is", rewrite: "rewrite", escalate: "escalate" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "studio:author" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const preview = parsed.success ? await drillPreview({ db, drillId: parsed.data.drillId }) : null;
  invariantResponse(preview, "There is no such drill.", 404);
  await refuseWhileTakingBlind({ db, userId: user.id, drillId: preview.id }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  // Segmented on the server, as the drill page does, so the browser renders the same words.
  return { ...preview, tokens: "agentView" in preview && preview.agentView ? tokenize(preview.agentView.draft, preview.agentView.locale) : [] };
}

export default function StudioPreview() {
  const preview = useLoaderData<typeof loader>();
  const [marks, setMarks] = useState<DraftMark[]>([]);
  const [openAnchor, setOpenAnchor] = useState<string | null>(null);
  const [openRequest, setOpenRequest] = useState(0);
  if (!("agentView" in preview) || !preview.agentView) {
    return (
      <>
        <p className="muted">
          <Link to={`/studio/drills/${preview.id}`}>Back to the editor</Link>
        </p>
        <h1>Preview</h1>
        <p>The draft cannot be previewed until it reads as a drill:</p>
        <ul className="form-errors">
          {preview.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </>
    );
  }
  const { agentView: drill, flaws } = preview;
  return (
    <>
      <p className="muted">
        <Link to={`/studio/drills/${preview.id}`}>Back to the editor</Link> · Preview of {preview.title}
      </p>
      <p className="notice">This is what an agent sees. Marks here are yours to try and are not stored.</p>
      <div className="play">
        <div className="play-main">
          <p className="muted">
            Practice · {drill.channel === "email" ? "Email" : "Chat"} · {drill.locale}
          </p>
          <h1>Review this AI draft</h1>
          <DrillToReview
            drill={drill}
            tokens={preview.tokens}
            marks={marks}
            onMarksChange={setMarks}
            onOpenCitation={(anchor) => {
              setOpenAnchor(anchor);
              setOpenRequest((n) => n + 1);
            }}
          />
        </div>
        <PolicySources sections={preview.sources} cited={drill.citations.map((c) => c.anchor)} openAnchor={openAnchor} openRequest={openRequest} />
      </div>

      <section className="feedback" aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">The feedback after submitting</h2>
        <p>
          The right decision: <strong>{DECISION_TEXT[preview.expected]}</strong>.{preview.escalation ? ` Why: ${preview.escalation}` : ""}
        </p>
        {flaws.length === 0 ? (
          <p>A clean control: the feedback explains that every statement matches the policy, so the right call was to send it.</p>
        ) : (
          <>
            <h3>The draft with its planted flaws, as an agent who caught them all sees it</h3>
            <DraftLegend />
            <OverlayText pieces={preview.overlay.pieces} annotations={preview.overlay.annotations} lang={drill.locale} label="The AI draft with its planted flaws" testId="preview-overlay" />
            {flaws.map((flaw) => (
              <section key={flaw.index} className="panel flaw-result" aria-label={`Flaw ${flaw.index + 1}: ${FLAW_LABELS[flaw.type]}`}>
                <h3>{FLAW_LABELS[flaw.type]}</h3>
                <blockquote lang={drill.locale}>{flaw.quote}</blockquote>
                <p lang={drill.locale}>{flaw.explanation}</p>
                {flaw.policy ? (
                  <figure className="policy-quote">
                    <figcaption>
                      What the policy says — {flaw.policy.heading} <code>[{flaw.policy.anchor}]</code>
                    </figcaption>
                    {/* Rendered by markdown-it with raw HTML disabled (app/policies/markdown.ts). */}
                    <div dangerouslySetInnerHTML={{ __html: flaw.policy.html }} />
                  </figure>
                ) : null}
              </section>
            ))}
          </>
        )}
      </section>
    </>
  );
}
