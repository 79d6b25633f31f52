import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { CheckboxField, ErrorList, SelectField, TextareaField } from "~/app/components/forms";
import { getDb } from "~/app/db.server";
import { refusalResponse, replyWithInputError } from "~/app/http.server";
import { redactFormData } from "~/app/near-miss/redact-form";
import { TEXT_LIMITS } from "~/app/near-miss/report-form";
import { currentRedactionRules } from "~/app/near-miss/reports.server";
import { moveReport, replyToReporter, reportForTriage } from "~/app/near-miss/triage.server";
import { CATEGORY_LABELS, clockText, SEVERITY_LABELS, STATUS_LABELS } from "~/app/near-miss/words";
import { DETECTOR_LABELS, DETECTOR_IDS } from "~/app/content/detectors";
import { NEAR_MISS_STATUSES } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Near-miss report · Redline" }];

const ParamsSchema = z.object({ reportId: z.uuid() });

const note = (required: string) => z.string({ error: required }).trim().min(1, required).max(TEXT_LIMITS.message, `Keep it to at most ${TEXT_LIMITS.message} characters.`);

const TriageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), to: z.enum(NEAR_MISS_STATUSES, { error: "Pick the status to move the report to." }), note: note("Write a note: what was decided, and why.") }),
  z.object({ intent: z.literal("reply"), reply: note("Write the reply first."), feedback: z.boolean().default(false) }),
], { error: "Send the form from the report's page." });

const TRIAGE_CHOICES = {
  intent: (value: string) => value === "move" || value === "reply",
  to: (value: string) => NEAR_MISS_STATUSES.some((status) => status === value),
  feedback: (value: string) => value === "on",
};

function reportIdOf(params: unknown): string {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No near-miss report has this id.", { status: 404 });
  return parsed.data.reportId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "near_miss:triage" });
  const reportId = reportIdOf(params);
  return reportForTriage({ db: await getDb(), reportId }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const author = await requireUser(request, { permission: "near_miss:triage" });
  const reportId = reportIdOf(params);
  const db = await getDb();
  // Redacted before anything reads it, as on the reporter's side: an error reply sends the values back.
  const formData = redactFormData(await request.formData(), await currentRedactionRules({ db }), { choices: TRIAGE_CHOICES });
  const submission = parseWithZod(formData, { schema: TriageSchema });
  const intent = formData.get("intent") === "reply" ? "reply" : "move";
  if (submission.status !== "success") return data({ result: submission.reply(), intent, saved: false }, { status: 400 });
  try {
    if (submission.value.intent === "move") await moveReport({ db, actorId: author.id, reportId, to: submission.value.to, note: submission.value.note });
    else await replyToReporter({ db, actorId: author.id, reportId, text: submission.value.reply, isFeedback: submission.value.feedback });
  } catch (error) {
    const reply = replyWithInputError(submission, error);
    return data({ result: reply.data, intent, saved: false }, { status: reply.init?.status ?? 400 });
  }
  return data({ result: submission.reply({ resetForm: true }), intent, saved: true }, { status: 200 });
}

export default function NearMissReport() {
  const report = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const intent = navigation.state === "idle" ? null : navigation.formData?.get("intent");
  const [moveForm, moveFields] = useForm({ id: "triage-move", lastResult: actionData?.intent === "move" ? actionData.result : null, onValidate: ({ formData }) => parseWithZod(formData, { schema: TriageSchema }), shouldValidate: "onSubmit" });
  const [replyForm, replyFields] = useForm({ id: "triage-reply", lastResult: actionData?.intent === "reply" ? actionData.result : null, onValidate: ({ formData }) => parseWithZod(formData, { schema: TriageSchema }), shouldValidate: "onSubmit" });
  const redacted = DETECTOR_IDS.flatMap((id) => (report.redactions[id] ? [`${DETECTOR_LABELS[id]} (${report.redactions[id]})`] : []));
  return (
    <>
      <p>
        <Link to="/near-misses">Near-miss inbox</Link>
      </p>
      <h1>
        Near-miss report of week {report.week} <span className="badge">{STATUS_LABELS[report.status]}</span>
      </h1>
      {actionData?.saved && navigation.state === "idle" ? (
        <p role="status" className="notice">
          {actionData.intent === "reply" ? "Reply sent: the reporter reads it with their receipt code." : "Status changed."}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="report-heading">
        <h2 id="report-heading">The report</h2>
        <dl className="facts">
          <dt>Category</dt>
          <dd>{CATEGORY_LABELS[report.category]}</dd>
          <dt>Reporter's severity guess</dt>
          <dd>{SEVERITY_LABELS[report.severity]}</dd>
          <dt>AI tool or feature</dt>
          <dd>{report.tool}</dd>
          <dt>Team</dt>
          <dd>{report.team ?? "not given"}</dd>
          <dt>Policy sections</dt>
          <dd>
            {report.sections.length === 0
              ? "none named"
              : report.sections.map((section, index) => (
                  <span key={section.anchor}>
                    {index > 0 ? ", " : ""}
                    {section.policyId ? <Link to={`/policies/${section.policyId}#${section.anchor}`}>{section.heading ?? section.anchor}</Link> : section.anchor} <code className="muted">{section.anchor}</code>
                  </span>
                ))}
          </dd>
          <dt>Redacted before storage</dt>
          <dd>{redacted.length > 0 ? redacted.join(", ") : "nothing"}</dd>
          <dt>Acknowledgement</dt>
          <dd className={`clock-${report.clocks.acknowledgement.state}`}>{report.acknowledgedWeek ? `acknowledged in week ${report.acknowledgedWeek} (due by ${report.clocks.acknowledgement.due})` : clockText(report.clocks.acknowledgement, "due")}</dd>
          <dt>Feedback</dt>
          <dd className={`clock-${report.clocks.feedback.state}`}>{report.feedbackWeek ? `given in week ${report.feedbackWeek} (due by ${report.clocks.feedback.due})` : clockText(report.clocks.feedback, "due")}</dd>
        </dl>
        <h3>What happened</h3>
        <p className="stored-text">{report.whatHappened}</p>
        <p className="muted">Nothing here says who filed the report, and nothing can: it was stored without it. Please do not try to find out.</p>
      </section>
      <section className="panel" aria-labelledby="drill-heading">
        <h2 id="drill-heading">Training drill</h2>
        {report.drillId ? (
          <p>
            This report became the studio drill <Link to={`/studio/drills/${report.drillId}`}>{report.drillId}</Link>. Its reporter sees that a drill came of it, never which.
          </p>
        ) : (
          <Form method="post" action="drill">
            <p>A draft studio drill with this report's (redacted) text as the AI draft, its category as the proposed flaw and its first section as the flaw's policy, for you to finish and publish.</p>
            <button type="submit">Turn into a drill</button>
          </Form>
        )}
      </section>
      <section className="panel" aria-labelledby="thread-heading">
        <h2 id="thread-heading">Thread</h2>
        {report.thread.length === 0 ? <p className="muted">Nothing yet.</p> : null}
        <ol className="thread">
          {report.thread.map((entry) => (
            <li key={entry.position} className={`thread-${entry.kind}`}>
              <p className="muted">
                {entry.kind === "reporter" ? "Reporter" : entry.kind === "reply" ? `Reply to the reporter${entry.isFeedback ? " (feedback on the outcome)" : ""}` : `Internal note · moved to ${entry.toStatus ? STATUS_LABELS[entry.toStatus] : "?"}`} · week {entry.week}
              </p>
              <p className="stored-text">{entry.body}</p>
            </li>
          ))}
        </ol>
      </section>
      <div className="triage-forms">
        <section className="panel" aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply to the reporter</h2>
          <p className="muted">The reporter reads it with their receipt code. The first reply acknowledges the report.</p>
          <Form method="post" className="stacked" {...getFormProps(replyForm)}>
            <ErrorList id={replyForm.errorId} errors={replyForm.errors} level="form" />
            <input type="hidden" name="intent" value="reply" />
            <TextareaField labelProps={{ children: "Reply" }} hint="Redacted like the report before it is stored." textareaProps={{ ...getTextareaProps(replyFields.reply), rows: 5 }} errors={replyFields.reply.errors} />
            <CheckboxField
              labelProps={{ children: "This reply is the feedback on the outcome (what was done or is planned): it stops the 3-month clock" }}
              inputProps={{ name: replyFields.feedback.name, id: replyFields.feedback.id, value: "on", defaultChecked: false }}
              errors={replyFields.feedback.errors}
            />
            <p>
              <button type="submit" className="primary" disabled={busy}>
                {intent === "reply" ? "Sending…" : "Send the reply"}
              </button>
            </p>
          </Form>
        </section>
        <section className="panel" aria-labelledby="move-heading">
          <h2 id="move-heading">Triage</h2>
          <p className="muted">Moving a report out of "new" acknowledges it. Notes are internal: the reporter does not see them, only the new status.</p>
          <Form method="post" className="stacked" {...getFormProps(moveForm)}>
            <ErrorList id={moveForm.errorId} errors={moveForm.errors} level="form" />
            <input type="hidden" name="intent" value="move" />
            <SelectField labelProps={{ children: "Move to" }} selectProps={getSelectProps(moveFields.to)} errors={moveFields.to.errors}>
              {report.moves.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </SelectField>
            <TextareaField labelProps={{ children: "Note" }} hint="What was decided, and why (internal)." textareaProps={{ ...getTextareaProps(moveFields.note), rows: 4 }} errors={moveFields.note.errors} />
            <p>
              <button type="submit" className="primary" disabled={busy}>
                {intent === "move" ? "Saving…" : "Move the report"}
              </button>
            </p>
          </Form>
        </section>
      </div>
      <p className="muted">Turning a report into a drill draft needs the authoring studio, which is not built yet.</p>
    </>
  );
}
