import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useMemo, useState } from "react";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList, Field, SelectField, TextareaField } from "~/app/components/forms";
import { loadRedaction, ReceiptCode, RedactionPreview, SectionPicker } from "~/app/components/near-miss-parts";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";
import { acknowledgementDue, feedbackDue } from "~/app/near-miss/clocks";
import { reportFormOptions } from "~/app/near-miss/form-options.server";
import { nearMissSecret } from "~/app/near-miss/keys.server";
import { redactFormData, reportFormChoices } from "~/app/near-miss/redact-form";
import { ReportFormSchema, REPORTS_PER_DAY, TEXT_LIMITS } from "~/app/near-miss/report-form";
import { knownAnchors } from "~/app/policies/anchors.server";
import { currentRedactionRules, fileReport } from "~/app/near-miss/reports.server";
import { CATEGORY_LABELS, SEVERITY_LABELS } from "~/app/near-miss/words";
import { NEAR_MISS_CATEGORIES, NEAR_MISS_SEVERITIES } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Report an AI near-miss · Redline" }];

/** The free-text fields: the preview shows them redacted, and the browser sends them redacted. */
const TEXT_FIELDS = ["whatHappened", "tool"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "near_miss:report" });
  return reportFormOptions({ db: await getDb() });
}

export async function action({ request }: ActionFunctionArgs) {
  // The session authenticates the form; nothing derived from it goes further than the day's quota.
  const reporter = await requireUser(request, { permission: "near_miss:report" });
  const db = await getDb();
  // Redacted before anything reads it: the schema, an error reply that sends the values back, the domain.
  const formData = redactFormData(await request.formData(), await currentRedactionRules({ db }), { choices: reportFormChoices(await knownAnchors({ db })) });
  const submission = parseWithZod(formData, { schema: ReportFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), receipt: null }, { status: 400 });
  try {
    const { code, week } = await fileReport({ db, reporterId: reporter.id, input: { ...submission.value, teamId: submission.value.teamId ?? null }, secret: nearMissSecret() });
    return data({ result: submission.reply({ resetForm: true }), receipt: { code, week, acknowledgeBy: acknowledgementDue(week), feedbackBy: feedbackDue(week) } }, { status: 200 });
  } catch (error) {
    const reply = replyWithInputError(submission, error);
    const status = reply.init?.status === 409 ? 429 : (reply.init?.status ?? 400);
    return data({ result: reply.data, receipt: null }, { status });
  }
}

function WhatIsStored() {
  return (
    <section className="panel" aria-labelledby="stored-heading">
      <h2 id="stored-heading">What is stored, and what is not</h2>
      <ul>
        <li>
          <strong>Stored:</strong> what you write below with card numbers, bank accounts, ID numbers, passwords and keys, email addresses and phone numbers replaced by <code>[REDACTED: …]</code>; how many of each were
          redacted; the category, your severity guess and the policy sections you pick; your team only if you pick it; and the <strong>week</strong> of the report (for example 2026-W49), nothing finer.
        </li>
        <li>
          <strong>Not stored:</strong> your name, user id, session, IP address, browser, the date or time, or the text before redaction. The request to file the report is not written to the server logs. Nobody
          — not compliance, not your leader, not an admin — can see who filed it.
        </li>
        <li>
          <strong>Follow-up:</strong> you get a receipt code once. With it, and only with it, you can read compliance's replies and answer at <Link to="/report/status">Report status</Link>. Compliance
          acknowledges a report by the Monday after the week it was filed and gives feedback within 3 months; the status page shows both dates.
        </li>
        <li>
          <strong>Never joined</strong> with drill results or any other performance figure. Leaders see only monthly counts, with counts under 5 hidden.
        </li>
      </ul>
      <p className="muted">You can file up to {REPORTS_PER_DAY} reports a day; only a keyed hash of your account and the day is kept to count them, in a table that has nothing to do with the reports, and it is deleted the next day.</p>
    </section>
  );
}

export default function ReportNearMiss() {
  const { sections, teams, detectors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [texts, setTexts] = useState<Record<(typeof TEXT_FIELDS)[number], string>>({ whatHappened: "", tool: "" });
  const rules = useMemo(() => ({ detectors: detectors.map((d) => d.id) }), [detectors]);
  const [form, fields] = useForm({
    id: "near-miss-report",
    lastResult: navigation.state === "idle" ? actionData?.result : null,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // The browser sends the text already redacted (the server redacts again on receipt).
    onSubmit(event, { formData }) {
      event.preventDefault();
      void loadRedaction().then(({ redact }) => {
        const redacted = new FormData();
        for (const [name, value] of formData.entries()) redacted.append(name, typeof value === "string" && (TEXT_FIELDS as readonly string[]).includes(name) ? redact(value, rules).text : value);
        submit(redacted, { method: "post" });
      });
    },
  });
  const preview = useMemo(
    () => [
      { label: "What happened", text: texts.whatHappened },
      { label: "AI tool or feature", text: texts.tool },
    ],
    [texts],
  );

  if (actionData?.receipt) {
    const receipt = actionData.receipt;
    return (
      <>
        <h1>Report filed</h1>
        <section className="panel receipt-panel" aria-labelledby="receipt-heading">
          <h2 id="receipt-heading">Your receipt code</h2>
          <p>
            <strong>Save this code now: it is shown only once.</strong> It is the only way to read replies to your report; it is not linked to your account, so nobody can send it to you again.
          </p>
          <ReceiptCode code={receipt.code} />
          <ul>
            <li>Filed in week {receipt.week}.</li>
            <li>Compliance acknowledges it by {receipt.acknowledgeBy} and gives feedback by {receipt.feedbackBy}.</li>
          </ul>
          <p>
            Check replies at <Link to="/report/status">Report status</Link> with this code. <Link to="/report">File another report</Link>
          </p>
        </section>
      </>
    );
  }

  return (
    <>
      <h1>Report an AI near-miss</h1>
      <p>Seen the AI get something wrong, or seen it misused, in real work? Tell compliance here. It is anonymous and never counts against anyone: near-misses are how the drills and the policies get better.</p>
      <WhatIsStored />
      <div className="report-layout">
        <Form method="post" className="stacked report-form" {...getFormProps(form)}>
          <ErrorList id={form.errorId} errors={form.errors} level="form" />
          <TextareaField
            labelProps={{ children: "What happened" }}
            hint={`What did the AI do, and what should it have done? Leave out names and customer details; anything that looks like restricted data is redacted anyway. At most ${TEXT_LIMITS.whatHappened} characters.`}
            textareaProps={{ ...getTextareaProps(fields.whatHappened), rows: 7, onInput: (event) => {
                const value = event.currentTarget.value;
                setTexts((t) => ({ ...t, whatHappened: value }));
              } }}
            errors={fields.whatHappened.errors}
          />
          <Field
            labelProps={{ children: "Which AI tool or feature" }}
            hint="For example: reply assistant, chat summariser, auto-refund."
            inputProps={{ ...getInputProps(fields.tool, { type: "text" }), autoComplete: "off", onInput: (event) => {
                const value = event.currentTarget.value;
                setTexts((t) => ({ ...t, tool: value }));
              } }}
            errors={fields.tool.errors}
          />
          <SelectField labelProps={{ children: "Category" }} selectProps={getSelectProps(fields.category)} errors={fields.category.errors}>
            <option value="">Choose…</option>
            {NEAR_MISS_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </SelectField>
          <SelectField labelProps={{ children: "How serious, in your view" }} selectProps={getSelectProps(fields.severity)} errors={fields.severity.errors}>
            <option value="">Choose…</option>
            {NEAR_MISS_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {SEVERITY_LABELS[severity]}
              </option>
            ))}
          </SelectField>
          <SectionPicker name={fields.sections.name} sections={sections} initial={[fields.sections.initialValue ?? []].flat().map(String)} errors={fields.sections.errors} errorId={fields.sections.errorId} />
          <SelectField
            labelProps={{ children: "Team (optional)" }}
            hint="Only if you want to say. In a small team, naming it can make a report easier to trace back."
            selectProps={getSelectProps(fields.teamId)}
            errors={fields.teamId.errors}
          >
            <option value="">Don’t say</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </SelectField>
        </Form>
        <RedactionPreview fields={preview} rules={rules} detectors={detectors} />
        {/* After the preview on a narrow screen, so the redacted text is seen before filing. */}
        <p className="report-submit">
          <button type="submit" form={form.id} className="primary" disabled={navigation.state !== "idle"}>
            File the report
          </button>
        </p>
      </div>
    </>
  );
}
