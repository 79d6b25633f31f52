import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import type { DraftMark } from "~/app/components/draft-marker";
import { DrillToReview } from "~/app/components/drill-to-review";
import { tokenize } from "~/app/components/draft-tokens";
import { describeControl, ErrorList, TextareaField } from "~/app/components/forms";
import { MarksList } from "~/app/components/marks-list";
import { PolicySources } from "~/app/components/policy-sources";
import { Walkthrough } from "~/app/components/walkthrough";
import { getDb } from "~/app/db.server";
import { AttemptFormSchema, type AttemptForm } from "~/app/practice/attempt-form";
import { CHOOSE_DECISION } from "~/app/practice/attempt-messages";
import { submitAttempt } from "~/app/practice/attempts.server";
import { loadRevision } from "~/app/drills/drills.server";
import { policySources } from "~/app/policies/policies.server";
import { attemptIdForServed, getServed } from "~/app/practice/serve.server";
import { DECISION_LABELS, DECISIONS, isDecision, type Decision } from "~/app/vocabulary";
import { WALKTHROUGH_TARGETS } from "~/app/walkthrough/steps";
import { walkthroughState } from "~/app/walkthrough/walkthrough.server";
import { invariantResponse, replyWithInputError } from "~/app/http.server";

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
  const { user, served } = await requireServed(request, params);
  const db = await getDb();
  const attemptId = await attemptIdForServed({ db, servedId: served.id });
  if (attemptId !== null) throw redirect(`/attempts/${attemptId}`);
  invariantResponse(served.closed === null, served.closed ?? "", 409);
  const revision = await loadRevision({ db, revisionId: served.revisionId });
  invariantResponse(revision, "This drill revision no longer exists.", 404);
  const { drill } = revision;
  // Only what an agent may see: never the flaws, the expected decision, or the
  // author's title (titles often name the flaw).
  return {
    servedId: served.id,
    revisionId: served.revisionId,
    reason: served.reason,
    drill: { locale: drill.locale, channel: drill.channel, customer: drill.customer, draft: drill.draft, citations: drill.citations },
    tokens: tokenize(drill.draft, drill.locale),
    sources: await policySources({ db }),
    // "How this works" without JavaScript asks for the walkthrough with `?walkthrough`.
    walkthrough: { ...(await walkthroughState({ db, userId: user.id, asked: new URL(request.url).searchParams.has("walkthrough") })), returnTo: `/play/${served.id}` },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const servedParam = ParamsSchema.safeParse(params);
  invariantResponse(servedParam.success, "This drill was not served to you.", 404);
  const submission = parseWithZod(await request.formData(), { schema: AttemptFormSchema });
  if (submission.status !== "success") {
    // Someone else's (or a missing) drill is a 404 whatever was posted.
    await requireServed(request, params);
    return data(submission.reply(), { status: 400 });
  }
  let attemptId: number;
  try {
    // submitAttempt checks that the drill was served to this user (404) and not answered yet (409).
    ({ attemptId } = await submitAttempt({ db: await getDb(), userId: user.id, servedId: servedParam.data.servedId, form: submission.value }));
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect(`/attempts/${attemptId}`);
}

/** The fields a person fills in; the others are filled in by the page, so their errors are the form's. */
const VISIBLE_FIELDS = new Set<string>(["decision", "rewrite", "escalationReason"]);

export default function Play() {
  const { servedId, revisionId, reason, drill, tokens, sources, walkthrough } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  // Validation happens on the server only, which keeps zod out of the drill page's JavaScript.
  const [form, fields] = useForm<AttemptForm>({ id: `attempt-${servedId}`, lastResult, defaultValue: { rewrite: drill.draft } });
  const [marks, setMarks] = useState<DraftMark[]>([]);
  // After a reply without JavaScript, the page comes back with the decision that was sent.
  const [decision, setDecision] = useState<Decision | null>(() => (isDecision(fields.decision.initialValue) ? fields.decision.initialValue : null));
  const [clientId, setClientId] = useState("");
  const [openAnchor, setOpenAnchor] = useState<string | null>(null);
  const [openRequest, setOpenRequest] = useState(0);
  const startedAt = useRef(Date.now());
  const timeRef = useRef<HTMLInputElement>(null);
  const firstDecisionRef = useRef<HTMLInputElement>(null);
  // Pressing Submit before choosing says why at once, without a round trip (the server says the same without JavaScript).
  const [pressedWithoutDecision, setPressedWithoutDecision] = useState(false);

  // Generated in the browser, once per page: a resubmission carries the same id.
  useEffect(() => setClientId(crypto.randomUUID()), []);

  const submitting = navigation.state !== "idle";
  const formErrors = Object.entries(form.allErrors).flatMap(([name, messages]) => (VISIBLE_FIELDS.has(name) ? [] : messages));
  // "Choose what to do" stops applying the moment a decision is chosen.
  const decisionErrors = decision === null ? (fields.decision.errors ?? (pressedWithoutDecision ? [CHOOSE_DECISION] : undefined)) : undefined;
  const decisionControl = describeControl({ id: fields.decision.id, errors: decisionErrors });
  const formProps = getFormProps(form);
  return (
    <div className="play">
      <div className="play-main">
        <div className="play-context">
          <p className="muted">
            {reason === "assigned" ? "Assigned drill" : reason === "review" ? "Review" : "Practice"} · {drill.channel === "email" ? "Email" : "Chat"} · {drill.locale}
          </p>
          <Walkthrough {...walkthrough} />
        </div>
        <h1>Review this AI draft</h1>
        <DrillToReview
          drill={drill}
          tokens={tokens}
          marks={marks}
          onMarksChange={setMarks}
          onOpenCitation={(anchor) => {
            setOpenAnchor(anchor);
            setOpenRequest((n) => n + 1);
          }}
        />
        <MarksList draft={drill.draft} locale={drill.locale} marks={marks} onMarksChange={setMarks} />
        <Form
          method="post"
          className="panel decision"
          {...formProps}
          onSubmit={(event) => {
            if (decision === null) {
              event.preventDefault();
              setPressedWithoutDecision(true);
              firstDecisionRef.current?.focus();
              return;
            }
            if (timeRef.current) timeRef.current.value = String(Date.now() - startedAt.current);
            formProps.onSubmit(event);
          }}
        >
          <h2>Your decision</h2>
          <ErrorList id={form.errorId} errors={formErrors} level="form" />
          <input type="hidden" name={fields.clientId.name} value={clientId} />
          <input type="hidden" name={fields.revisionId.name} value={revisionId} />
          <input type="hidden" name={fields.marks.name} value={JSON.stringify(marks.map(({ start, end, type }) => ({ start, end, type })))} />
          <input type="hidden" name={fields.timeOnTaskMs.name} ref={timeRef} defaultValue="0" />
          <fieldset id={WALKTHROUGH_TARGETS.decision}>
            <legend>What do you do with this draft?</legend>
            {DECISIONS.map((value, index) => (
              <label key={value} className="checkbox">
                <input
                  ref={index === 0 ? firstDecisionRef : undefined}
                  type="radio"
                  name={fields.decision.name}
                  value={value}
                  checked={decision === value}
                  onChange={() => setDecision(value)}
                  {...decisionControl.aria}
                />
                {DECISION_LABELS[value]}
              </label>
            ))}
            <ErrorList id={decisionControl.errorId} errors={decisionErrors} announce />
          </fieldset>
          {decision === "rewrite" ? (
            <TextareaField
              labelProps={{ children: "Your rewrite (what the customer will receive)" }}
              textareaProps={{ ...getTextareaProps(fields.rewrite), rows: 12, lang: drill.locale }}
              errors={fields.rewrite.errors}
            />
          ) : null}
          {decision === "escalate" ? (
            <TextareaField
              labelProps={{ children: "Why are you escalating?" }}
              textareaProps={{ ...getTextareaProps(fields.escalationReason), rows: 3 }}
              errors={fields.escalationReason.errors}
            />
          ) : null}
          {/* Never disabled before a decision: Tab reaches it, its hint says what it needs, and pressing it says what is missing at the decision. */}
          <div className="submit-row" id={WALKTHROUGH_TARGETS.submit}>
            <button type="submit" className="primary" disabled={submitting} aria-describedby={decision === null ? "submit-hint" : undefined}>
              {submitting ? "Submitting…" : "Submit"}
            </button>
            {decision === null ? (
              <span id="submit-hint" className="muted">
                Choose what to do with the draft above first.
              </span>
            ) : null}
          </div>
        </Form>
      </div>
      <PolicySources sections={sources} cited={drill.citations.map((c) => c.anchor)} openAnchor={openAnchor} openRequest={openRequest} />
    </div>
  );
}
