import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { ErrorList, Field, TextareaField } from "~/app/components/forms";
import { loadRedaction } from "~/app/components/near-miss-parts";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";
import type { ClockState } from "~/app/near-miss/clocks";
import { nearMissSecret } from "~/app/near-miss/keys.server";
import { lookUpReport, postReporterMessage } from "~/app/near-miss/lookup.server";
import { formatReceiptCode } from "~/app/near-miss/receipt-code";
import { redactFormData, STATUS_FORM_CHOICES } from "~/app/near-miss/redact-form";
import { NOT_FOUND_MESSAGE, StatusFormSchema, TEXT_LIMITS } from "~/app/near-miss/report-form";
import { currentRedactionRules } from "~/app/near-miss/reports.server";
import { CATEGORY_SHORT_LABELS, STATUS_LABELS } from "~/app/near-miss/words";

export const meta: MetaFunction = () => [{ title: "Report status · Redline" }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/**
 * Open to anyone with a code, signed in or not: the code is the only credential, and the page
 * never reads the session, so checking a report can be done from any device.
 */
export async function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const db = await getDb();
  // Every text but the code (never stored, never echoed) is redacted before anything reads it.
  const formData = redactFormData(await request.formData(), await currentRedactionRules({ db }), { verbatim: ["code"], choices: STATUS_FORM_CHOICES });
  const submission = parseWithZod(formData, { schema: StatusFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["code"] }), report: null, code: null }, { status: 400 });
  const value = submission.value;
  const lookup = { db, code: value.code, client: context.clientAddress, secret: nearMissSecret() };
  let found;
  try {
    found = value.intent === "message" ? await postReporterMessage({ ...lookup, text: value.message }) : await lookUpReport(lookup);
  } catch (error) {
    const reply = replyWithInputError(submission, error, ["code"]);
    return data({ result: reply.data, report: null, code: formatReceiptCode(value.code) }, { status: reply.init?.status ?? 400 });
  }
  if (found.kind === "throttled") {
    const minutes = Math.ceil(found.retryAfterSeconds / 60);
    return data(
      { result: submission.reply({ formErrors: [`Too many receipt codes that match nothing from this address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`], hideFields: ["code"] }), report: null, code: null },
      { status: 429, headers: { "Retry-After": String(found.retryAfterSeconds) } },
    );
  }
  if (found.kind === "not_found") return data({ result: submission.reply({ formErrors: [NOT_FOUND_MESSAGE], hideFields: ["code"] }), report: null, code: null }, { status: 404 });
  return data({ result: submission.reply({ resetForm: true }), report: found.view, code: formatReceiptCode(value.code) }, { status: 200 });
}

function Clock({ label, clock, doneLabel }: { label: string; clock: ClockState; doneLabel: string }) {
  const text =
    clock.state === "done" ? doneLabel : clock.state === "overdue" ? `overdue: was due by ${clock.due}` : `due by ${clock.due}${clock.daysLeft === 0 ? " (today)" : ""}`;
  return (
    <>
      <dt>{label}</dt>
      <dd className={clock.state === "overdue" ? "clock-overdue" : undefined}>{text}</dd>
    </>
  );
}

export default function ReportStatus() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const report = actionData?.report ?? null;
  const code = actionData?.code ?? null;
  const [lookupForm, lookupFields] = useForm({
    id: "status-lookup",
    lastResult: navigation.state === "idle" && !report ? actionData?.result : null,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StatusFormSchema }),
    shouldValidate: "onSubmit",
  });
  const [message, setMessage] = useState("");
  const [messageForm, messageFields] = useForm({
    id: "status-message",
    lastResult: navigation.state === "idle" && report ? actionData?.result : null,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StatusFormSchema }),
    shouldValidate: "onSubmit",
    // Sent already redacted, like the report; the server redacts again.
    onSubmit(event, { formData }) {
      event.preventDefault();
      void loadRedaction().then(({ redact, redactionRules }) => {
        const sent = new FormData();
        // Every detector: the browser does not know the library's rules here, and more redaction is never less safe.
        const rules = redactionRules(["payment_card", "iban", "us_ssn", "jp_my_number", "credential"]);
        for (const [name, value] of formData.entries()) sent.append(name, name === "message" && typeof value === "string" ? redact(value, rules).text : value);
        submit(sent, { method: "post" });
        setMessage("");
      });
    },
  });

  return (
    <>
      <h1>Report status</h1>
      {report && code ? (
        <>
          <section className="panel" aria-labelledby="report-heading">
            <h2 id="report-heading">Your report of week {report.week}</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd data-testid="report-status">{STATUS_LABELS[report.status]}</dd>
              <Clock label="Acknowledgement" clock={report.clocks.acknowledgement} doneLabel={`acknowledged in week ${report.acknowledgedWeek ?? "?"} (was due by ${report.clocks.acknowledgement.due})`} />
              <Clock label="Feedback" clock={report.clocks.feedback} doneLabel={`given in week ${report.feedbackWeek ?? "?"} (was due by ${report.clocks.feedback.due})`} />
              <dt>Category</dt>
              <dd>{CATEGORY_SHORT_LABELS[report.category]}</dd>
              <dt>AI tool or feature</dt>
              <dd>{report.tool}</dd>
              <dt>Policy sections</dt>
              <dd>{report.sections.length > 0 ? report.sections.join(", ") : "none named"}</dd>
              <dt>Team</dt>
              <dd>{report.team ?? "not given"}</dd>
              <dt>Training</dt>
              <dd data-testid="report-drill">{report.becameDrill ? "Compliance made a training drill from this report, so agents learn to catch it." : "No training drill made from it (yet)."}</dd>
            </dl>
            <h3>What you reported (as stored, redacted)</h3>
            <p className="stored-text">{report.whatHappened}</p>
            <p className="muted">
              The dates are worked out from the week alone: acknowledgement by the Monday after the week of the report, feedback by 3 months after that week's Monday, so neither is ever later than 7 days or 3
              months after the day you filed.
            </p>
          </section>
          <section className="panel" aria-labelledby="thread-heading">
            <h2 id="thread-heading">Messages</h2>
            {report.thread.length === 0 ? <p className="muted">No messages yet.</p> : null}
            <ol className="thread">
              {report.thread.map((entry) => (
                <li key={entry.position} className={`thread-${entry.from}`}>
                  <p className="muted">
                    {entry.from === "reporter" ? "You" : "Compliance"} · week {entry.week}
                    {entry.isFeedback ? " · feedback on the outcome" : ""}
                  </p>
                  <p className="stored-text">{entry.body}</p>
                </li>
              ))}
            </ol>
            <Form method="post" className="stacked" {...getFormProps(messageForm)}>
              <ErrorList id={messageForm.errorId} errors={messageForm.errors} level="form" />
              <input type="hidden" name="intent" value="message" />
              <input type="hidden" name="code" value={code} />
              <TextareaField
                labelProps={{ children: "Write to compliance" }}
                hint={`Redacted like the report before it is stored. At most ${TEXT_LIMITS.message} characters.`}
                textareaProps={{ ...getTextareaProps(messageFields.message), rows: 4, value: message, onChange: (event) => setMessage(event.currentTarget.value) }}
                errors={messageFields.message.errors}
              />
              <p>
                <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
                  Send
                </button>
              </p>
            </Form>
          </section>
          <p>
            <Link to="/report/status" reloadDocument>
              Check another code
            </Link>
          </p>
        </>
      ) : (
        <section className="panel">
          <p>Enter the receipt code you were given when you filed a near-miss report to read compliance's replies, see the acknowledgement and feedback dates, and answer.</p>
          <Form method="post" className="stacked" {...getFormProps(lookupForm)}>
            <ErrorList id={lookupForm.errorId} errors={lookupForm.errors} level="form" />
            <input type="hidden" name="intent" value="lookup" />
            <Field
              labelProps={{ children: "Receipt code" }}
              hint="Seven groups of four letters and digits, e.g. 7KQF-2M9D-…; case, spaces and hyphens do not matter."
              inputProps={{ ...getInputProps(lookupFields.code, { type: "text" }), autoComplete: "off", spellCheck: false, autoCapitalize: "characters", className: "code-input" }}
              errors={lookupFields.code.errors}
            />
            <p>
              <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
                Show the report
              </button>
            </p>
          </Form>
          <p className="muted">
            You do not need to sign in, and a lookup records nothing about you; only a code that matches no report is counted, against a keyed hash of your network address, for 15 minutes, to stop guessing. No
            report yet? <Link to="/report">Report a near-miss</Link> (sign-in needed).
          </p>
        </section>
      )}
    </>
  );
}
