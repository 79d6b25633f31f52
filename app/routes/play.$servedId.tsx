import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { DraftMarker, type DraftMark } from "~/app/components/draft-marker";
import { PolicySources } from "~/app/components/policy-sources";
import { getDb } from "~/app/db.server";
import { AttemptFormSchema } from "~/app/practice/attempt-form";
import { submitAttempt } from "~/app/practice/attempts.server";
import { InputError } from "~/app/input-error";
import { FLAW_LABELS } from "~/app/components/flaw-labels";
import { loadRevision } from "~/app/drills/drills.server";
import { policySources } from "~/app/policies/policies.server";
import { attemptIdForServed, getServed } from "~/app/practice/serve.server";
import { DECISIONS, FLAW_TYPES, isFlawType, type Decision } from "~/app/vocabulary";
import { invariantResponse } from "~/app/http.server";

export const meta: MetaFunction = () => [{ title: "Drill · Redline" }];

const ParamsSchema = z.object({ servedId: z.coerce.number().int().positive() });

async function requireServed(request: Request, params: unknown) {
  const user = await requireUser(request, { permission: "practice:play" });
  const parsed = ParamsSchema.safeParse(params);
  const served = parsed.success ? await getServed({ db: await getDb(), userId: user.id, servedId: parsed.data.servedId }) : null;
  invariantResponse(served, "This drill was not served to you.", 404);
  return { user, served };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { served } = await requireServed(request, params);
  const db = await getDb();
  const attemptId = await attemptIdForServed({ db, servedId: served.id });
  if (attemptId !== null) throw redirect(`/attempts/${attemptId}`);
  const revision = await loadRevision({ db, revisionId: served.revisionId });
  invariantResponse(revision, "This drill revision no longer exists.", 404);
  const { drill } = revision;
  // Only what an agent may see: never the flaws, the expected decision, or the
  // author's title (titles often name the flaw).
  return {
    revisionId: served.revisionId,
    reason: served.reason,
    drill: { locale: drill.locale, channel: drill.channel, customer: drill.customer, draft: drill.draft, citations: drill.citations },
    sources: await policySources({ db }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const servedParam = ParamsSchema.safeParse(params);
  invariantResponse(servedParam.success, "This drill was not served to you.", 404);
  const parsed = AttemptFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    // Someone else's (or a missing) drill is a 404 whatever was posted.
    await requireServed(request, params);
    return data({ errors: parsed.error.issues.map((i) => (i.path.length > 0 && !i.message.includes(":") ? `${i.path.join(".")}: ${i.message}` : i.message)) }, { status: 400 });
  }
  try {
    // submitAttempt checks that the drill was served to this user.
    const result = await submitAttempt({ db: await getDb(), userId: user.id, servedId: servedParam.data.servedId, form: parsed.data });
    throw redirect(`/attempts/${result.attemptId}`);
  } catch (error) {
    if (error instanceof InputError) return data({ errors: [error.field ? `${error.field}: ${error.message}` : error.message] }, { status: error.status });
    throw error;
  }
}

const DECISION_LABELS: Record<Decision, string> = { send: "Send as is", rewrite: "Rewrite", escalate: "Escalate" };

export default function Play() {
  const { revisionId, reason, drill, sources } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [marks, setMarks] = useState<DraftMark[]>([]);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [clientId, setClientId] = useState("");
  const [openAnchor, setOpenAnchor] = useState<string | null>(null);
  const [openRequest, setOpenRequest] = useState(0);
  const startedAt = useRef(Date.now());
  const timeRef = useRef<HTMLInputElement>(null);

  // Generated in the browser, once per page: a resubmission carries the same id.
  useEffect(() => setClientId(crypto.randomUUID()), []);

  const submitting = navigation.state !== "idle";
  return (
    <div className="play">
      <div className="play-main">
        <p className="muted">
          {reason === "assigned" ? "Assigned drill" : reason === "review" ? "Review" : "Practice"} · {drill.channel === "email" ? "Email" : "Chat"} · {drill.locale}
        </p>
        <h1>Review this AI draft</h1>
        <section className="panel" aria-labelledby="customer-heading">
          <h2 id="customer-heading">Customer message</h2>
          <p className="message" lang={drill.locale}>
            {drill.customer}
          </p>
        </section>
        <section className="panel" aria-labelledby="draft-heading" lang={drill.locale}>
          <h2 id="draft-heading">AI draft</h2>
          <DraftMarker
            draft={drill.draft}
            locale={drill.locale}
            marks={marks}
            onChange={setMarks}
            citations={drill.citations}
            onOpenCitation={(anchor) => {
              setOpenAnchor(anchor);
              setOpenRequest((n) => n + 1);
            }}
          />
        </section>
        <section className="panel" aria-labelledby="marks-heading">
          <h2 id="marks-heading">Your marks ({marks.length})</h2>
          {marks.length === 0 ? <p className="muted">No marks yet. A clean draft needs none.</p> : null}
          <ol className="marks-list">
            {marks.map((mark) => (
              <li key={mark.id}>
                <q lang={drill.locale}>{drill.draft.slice(mark.start, mark.end)}</q>{" "}
                <label>
                  <span className="visually-hidden">Flaw type</span>
                  <select
                    value={mark.type}
                    onChange={(e) => {
                      const type = e.target.value;
                      if (isFlawType(type)) setMarks(marks.map((m) => (m.id === mark.id ? { ...m, type } : m)));
                    }}
                  >
                    {FLAW_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {FLAW_LABELS[type]}
                      </option>
                    ))}
                  </select>
                </label>{" "}
                <button type="button" className="link-button" onClick={() => setMarks(marks.filter((m) => m.id !== mark.id))}>
                  Remove
                </button>
              </li>
            ))}
          </ol>
        </section>
        <Form
          method="post"
          className="panel decision"
          onSubmit={() => {
            if (timeRef.current) timeRef.current.value = String(Date.now() - startedAt.current);
          }}
        >
          <h2>Your decision</h2>
          {actionData?.errors ? (
            <ul className="form-errors" role="alert">
              {actionData.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
          <input type="hidden" name="clientId" value={clientId} />
          <input type="hidden" name="revisionId" value={revisionId} />
          <input type="hidden" name="marks" value={JSON.stringify(marks.map(({ start, end, type }) => ({ start, end, type })))} />
          <input type="hidden" name="timeOnTaskMs" ref={timeRef} defaultValue="0" />
          <fieldset>
            <legend>What do you do with this draft?</legend>
            {DECISIONS.map((value) => (
              <label key={value} className="checkbox">
                <input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)} />
                {DECISION_LABELS[value]}
              </label>
            ))}
          </fieldset>
          {decision === "rewrite" ? (
            <label className="field">
              <span>Your rewrite (what the customer will receive)</span>
              <textarea name="rewrite" rows={12} defaultValue={drill.draft} lang={drill.locale} />
            </label>
          ) : null}
          {decision === "escalate" ? (
            <label className="field">
              <span>Why are you escalating?</span>
              <textarea name="escalationReason" rows={3} />
            </label>
          ) : null}
          <button type="submit" className="primary" disabled={!clientId || !decision || submitting}>
            {submitting ? "Submitting…" : "Submit"}
          </button>
        </Form>
      </div>
      <PolicySources sections={sources} openAnchor={openAnchor} openRequest={openRequest} />
    </div>
  );
}
