import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { submitTake, takeFor } from "~/app/calibration/calibration.server";
import { TakeFormSchema, type TakeForm } from "~/app/calibration/take-form";
import type { DraftMark } from "~/app/components/draft-marker";
import { DrillToReview } from "~/app/components/drill-to-review";
import { tokenize } from "~/app/components/draft-tokens";
import { describeControl, ErrorList } from "~/app/components/forms";
import { MarksList } from "~/app/components/marks-list";
import { PolicySources } from "~/app/components/policy-sources";
import { getDb } from "~/app/db.server";
import { invariantResponse, replyWithInputError } from "~/app/http.server";
import { CHOOSE_DECISION } from "~/app/practice/attempt-messages";
import { policySources } from "~/app/policies/policies.server";
import { DECISION_LABELS, DECISIONS, isDecision, type Decision } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Blind take · Studio · Redline" }];

const ParamsSchema = z.object({ roundId: z.coerce.number().int().positive() });
const NOT_ASKED = "You were not asked to take this drill.";

/** Only an invited colleague opens a round; anyone else (its author included) gets the same 404. */
async function requireTake(request: Request, params: unknown) {
  const user = await requireUser(request, { permission: "studio:author" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const take = parsed.success ? await takeFor({ db, userId: user.id, roundId: parsed.data.roundId }) : null;
  invariantResponse(take, NOT_ASKED, 404);
  return { user, db, take };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, take } = await requireTake(request, params);
  const asked = { roundId: take.roundId, askedBy: take.askedBy, askedOn: take.askedAt.toISOString().slice(0, 10) };
  if (take.submittedAt) return { ...asked, takenOn: take.submittedAt.toISOString().slice(0, 10) };
  const { drill } = take;
  // What an agent is sent, and nothing more: never the id, title, flaws or expected decision.
  return {
    ...asked,
    takenOn: null,
    drill: { locale: drill.locale, channel: drill.channel, customer: drill.customer, draft: drill.draft, citations: drill.citations },
    tokens: tokenize(drill.draft, drill.locale),
    sources: await policySources({ db }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, take } = await requireTake(request, params);
  const submission = parseWithZod(await request.formData(), { schema: TakeFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await submitTake({ db, userId: user.id, roundId: take.roundId, ...submission.value });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect(`/studio/calibration/${take.roundId}`);
}

export default function CalibrationTake() {
  const loaded = useLoaderData<typeof loader>();
  return (
    <>
      <p className="muted">
        <Link to="/studio">Studio</Link> · Blind take asked by {loaded.askedBy} on {loaded.askedOn}
      </p>
      {"drill" in loaded && loaded.drill ? (
        <TakeForm drill={loaded.drill} tokens={loaded.tokens} sources={loaded.sources} />
      ) : (
        <>
          <h1>Blind take recorded</h1>
          <p role="status" className="notice">
            You took this drill on {loaded.takenOn}. Thank you: {loaded.askedBy} sees your marks and decision beside the flaws they declared.
          </p>
        </>
      )}
    </>
  );
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { drill: unknown }>;

function TakeForm({ drill, tokens, sources }: Pick<Loaded, "drill" | "tokens" | "sources">) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<TakeForm>({ id: "calibration-take", lastResult });
  const [marks, setMarks] = useState<DraftMark[]>([]);
  const [decision, setDecision] = useState<Decision | null>(() => (isDecision(fields.decision.initialValue) ? fields.decision.initialValue : null));
  const [pressedWithoutDecision, setPressedWithoutDecision] = useState(false);
  const [openAnchor, setOpenAnchor] = useState<string | null>(null);
  const [openRequest, setOpenRequest] = useState(0);
  const startedAt = useRef(Date.now());
  const timeRef = useRef<HTMLInputElement>(null);
  const firstDecisionRef = useRef<HTMLInputElement>(null);
  const decisionErrors = decision === null ? (fields.decision.errors ?? (pressedWithoutDecision ? [CHOOSE_DECISION] : undefined)) : undefined;
  const decisionControl = describeControl({ id: fields.decision.id, errors: decisionErrors });
  const formErrors = [...(form.errors ?? []), ...(fields.marks.errors ?? []), ...(fields.timeOnTaskMs.errors ?? [])];
  const formProps = getFormProps(form);
  return (
    <div className="play">
      <div className="play-main">
        <p className="notice">
          A colleague asks you to take this draft drill blind, as an agent would: mark what is wrong and decide. You see no flaws, explanations or expected decision; you
          take it once.
        </p>
        <p className="muted">
          Calibration · {drill.channel === "email" ? "Email" : "Chat"} · {drill.locale}
        </p>
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
          <input type="hidden" name={fields.marks.name} value={JSON.stringify(marks.map(({ start, end, type }) => ({ start, end, type })))} />
          <input type="hidden" name={fields.timeOnTaskMs.name} ref={timeRef} defaultValue="0" />
          <fieldset>
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
          <div className="submit-row">
            <button type="submit" className="primary" disabled={navigation.state !== "idle"} aria-describedby={decision === null ? "submit-hint" : undefined}>
              {navigation.state !== "idle" ? "Submitting…" : "Submit my take"}
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
