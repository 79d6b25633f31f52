import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList, Field } from "~/app/components/forms";
import { getDb } from "~/app/db.server";
import { readUploadForm, replyWithInputError } from "~/app/http.server";
import { CSV_COLUMNS } from "~/app/production/csv";
import { uploadEventsCsv } from "~/app/production/csv-upload.server";
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from "~/app/production/events";

export const meta: MetaFunction = () => [{ title: "Upload production events · Redline" }];

const UploadSchema = z.object({
  file: z.instanceof(File, { error: "Choose a CSV file." }).refine((file) => file.size <= MAX_BATCH_BYTES, `The file is larger than ${MAX_BATCH_BYTES / (1024 * 1024)} MB; split it.`),
});

// The multipart envelope around the file: boundaries and part headers.
const ENVELOPE_BYTES = 64 * 1024;
const SHOWN_ERRORS = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "events:upload" });
  return null;
}

function refused(message: string, status: number) {
  const submission = parseWithZod(new FormData(), { schema: UploadSchema });
  return data(submission.reply({ fieldErrors: { file: [message] } }), { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "events:upload" });
  const tooLarge = `The file is larger than ${MAX_BATCH_BYTES / (1024 * 1024)} MB; split it.`;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BATCH_BYTES + ENVELOPE_BYTES) return refused(tooLarge, 413);
  const formData = await readUploadForm(request, { maxPartSize: MAX_BATCH_BYTES, only: ["file"] });
  if (formData === "too large") return refused(tooLarge, 413);
  const submission = parseWithZod(formData, { schema: UploadSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const summary = await uploadEventsCsv({ db: await getDb(), actorId: admin.id, text: await submission.value.file.text(), field: "file" });
    return { ...submission.reply({ resetForm: true }), summary: { ...summary, errors: summary.errors.slice(0, SHOWN_ERRORS), moreErrors: Math.max(0, summary.errors.length - SHOWN_ERRORS) } };
  } catch (error) {
    return replyWithInputError(submission, error);
  }
}

const count = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;

export default function UploadEvents() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "upload-events",
    lastResult: actionData,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadSchema }),
    shouldRevalidate: "onInput",
  });
  const summary = actionData && "summary" in actionData ? actionData.summary : null;
  return (
    <>
      <h1>Upload production events</h1>
      <p>
        For events the live AI assistant could not send to the API: a CSV file with a header line naming the columns, in any order:{" "}
        <code>{CSV_COLUMNS.join(",")}</code>. Each row is one event and is checked like an API event: <code>externalId</code> (1–200 characters),
        the agent by <code>agentEmail</code> or by <code>agentRef</code> (one of them), <code>occurredAt</code> as an ISO 8601 time with a time
        zone, <code>action</code> <code>accepted</code>, <code>edited</code> or <code>rejected</code>, and optionally <code>suggestionKind</code> and
        an <code>editRatio</code> from 0 to 1 on edits. Rows already stored (same <code>externalId</code>) are skipped. At most{" "}
        {MAX_BATCH_EVENTS.toLocaleString("en")} rows and {MAX_BATCH_BYTES / (1024 * 1024)} MB per file.
      </p>
      <pre>
        <code>{`externalId,agentEmail,agentRef,occurredAt,action,suggestionKind,editRatio
s-1001,dana.agent@northwind.example,,2026-03-02T14:05:00Z,edited,reply,0.1
s-1002,,ZD-4411,2026-03-02T14:07:30+01:00,rejected,reply,`}</code>
      </pre>
      <Form method="post" encType="multipart/form-data" className="stacked" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} level="form" />
        <Field labelProps={{ children: "CSV file" }} inputProps={{ ...getInputProps(fields.file, { type: "file" }), accept: ".csv,text/csv" }} errors={fields.file.errors} />
        <div>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            Upload events
          </button>
        </div>
      </Form>
      {summary ? (
        <section className="panel" aria-labelledby="upload-summary-heading">
          <h2 id="upload-summary-heading">Upload result</h2>
          <p role="status">
            {count(summary.rows, "row")}: {summary.accepted} accepted, {count(summary.duplicates, "duplicate")} (already stored, skipped), {summary.rejected} rejected.
          </p>
          {summary.errors.length > 0 ? (
            <table>
              <caption>Rejected rows</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {summary.errors.map((error, position) => (
                  <tr key={`${error.line}-${position}`}>
                    <td>{error.line}</td>
                    <td>{error.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {summary.moreErrors > 0 ? <p>…and {summary.moreErrors} more rejected rows.</p> : null}
        </section>
      ) : null}
    </>
  );
}
