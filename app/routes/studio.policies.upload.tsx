import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList, Field, TextareaField } from "~/app/components/forms";
import { SectionDiff } from "~/app/components/section-diff";
import { getDb } from "~/app/db.server";
import { readUploadForm } from "~/app/http.server";
import { InputError } from "~/app/input-error";
import { getPolicy } from "~/app/policies/policies.server";
import { decodeUtf8, MAX_POLICY_BYTES } from "~/app/policies/versions";
import { confirmPolicyVersion, previewPolicyVersion, type PolicyPreview } from "~/app/policies/versions.server";

export const meta: MetaFunction = () => [{ title: "Upload a policy version · Redline" }];

const TOO_LARGE = `The policy is larger than ${MAX_POLICY_BYTES / (1024 * 1024)} MB: at most ${MAX_POLICY_BYTES / (1024 * 1024)} MB is accepted.`;
const PASTED = "pasted Markdown";

const PreviewSchema = z
  .object({
    intent: z.literal("preview").default("preview"),
    file: z.instanceof(File).optional(),
    markdown: z.string().optional(),
  })
  .transform((value) => ({ ...value, file: value.file && value.file.size > 0 ? value.file : undefined }))
  .superRefine((value, context) => {
    if (!value.file && !value.markdown?.trim()) context.addIssue({ code: "custom", path: ["markdown"], message: "Choose a Markdown file or paste the policy here." });
    if (value.file && value.markdown?.trim()) context.addIssue({ code: "custom", path: ["file"], message: "Choose a file or paste the Markdown, not both: clear one of them." });
  });

const ConfirmSchema = z.object({
  intent: z.literal("confirm"),
  source: z.string({ error: "The previewed Markdown is missing: preview the policy again." }),
  name: z.string().default(PASTED),
  basedOn: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "studio:author" });
  const policyId = new URL(request.url).searchParams.get("policy");
  const policy = policyId ? await getPolicy({ db: await getDb(), policyId }) : null;
  return { start: policy ? { id: policy.id, title: policy.title, source: policy.source ?? "" } : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "studio:author" });
  // One byte over the limit is enough to know a part is too large.
  const formData = await readUploadForm(request, { maxPartSize: MAX_POLICY_BYTES + 1 });
  if (formData === "too large") {
    const submission = parseWithZod(new FormData(), { schema: PreviewSchema });
    return data({ ...submission.reply({ formErrors: [TOO_LARGE] }), preview: null, confirmed: null }, { status: 413 });
  }
  const db = await getDb();

  if (formData.get("intent") === "confirm") {
    const submission = parseWithZod(formData, { schema: ConfirmSchema });
    if (submission.status !== "success") return data({ ...submission.reply(), preview: null, confirmed: null }, { status: 400 });
    const { source, name, basedOn } = submission.value;
    try {
      const confirmed = await confirmPolicyVersion({ db, actorId: user.id, text: source, name, basedOn: basedOn || null });
      return { ...submission.reply({ resetForm: true }), preview: null, confirmed };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // What the Markdown would change now, beside why it was not stored.
      const preview = await previewPolicyVersion({ db, text: source, name });
      return data({ ...submission.reply({ formErrors: [error.message] }), preview, confirmed: null }, { status: error.status });
    }
  }

  const submission = parseWithZod(formData, { schema: PreviewSchema });
  if (submission.status !== "success") return data({ ...submission.reply(), preview: null, confirmed: null }, { status: 400 });
  const { file, markdown } = submission.value;
  let text = markdown ?? "";
  if (file) {
    const decoded = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
    if (decoded === null) {
      return data({ ...submission.reply({ fieldErrors: { file: [`${file.name} is not UTF-8 text: a policy is a Markdown file (.md), saved as UTF-8.`] } }), preview: null, confirmed: null }, { status: 400 });
    }
    text = decoded;
  }
  const preview = await previewPolicyVersion({ db, text, name: file?.name ?? PASTED });
  return { ...submission.reply(), preview, confirmed: null };
}

export default function UploadPolicyVersion() {
  const { start } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const preview = actionData?.preview ?? null;
  const confirmed = actionData?.confirmed ?? null;
  const [form, fields] = useForm<{ file: File; markdown: string }>({ id: "policy-preview", lastResult: actionData });
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/studio/policies">Policies in the studio</Link>
      </p>
      <h1>{start ? `A new version of ${start.title}` : "Upload a policy version"}</h1>
      <p>
        A policy in the policy format: front matter with <code>id</code>, <code>title</code>, <code>version</code> and <code>effective</code>, then
        Markdown whose section headings carry their anchors (<code>## Return window {"{#refunds.window}"}</code>). A policy whose id is stored gets a
        new version; another id is a new policy. It is checked exactly as <code>npm run content:check</code> checks a policy file. Nothing is stored
        until you have seen the preview and confirmed it.
      </p>
      {confirmed ? (
        <div className="notice" role="status">
          <p>
            Version {confirmed.version} of <Link to={`/policies/${confirmed.policyId}`}>{confirmed.policyId}</Link> is stored
            {confirmed.created ? " as a new studio policy" : ""}: {countOf(confirmed.added.length, "section")} added, {confirmed.changed.length} changed,{" "}
            {confirmed.removed.length} removed.
          </p>
          {confirmed.setAside.length > 0 ? (
            <p>
              {countOf(confirmed.setAside.length, "drill")} set aside for review: <Link to="/drills/needs-review">drills to confirm</Link>.
            </p>
          ) : (
            <p>No drill relies on a changed section.</p>
          )}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stacked wide" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={preview ? undefined : form.errors} level="form" />
        <Field
          labelProps={{ children: "Markdown file" }}
          hint="A .md file, at most 1 MB."
          inputProps={{ ...getInputProps(fields.file, { type: "file" }), accept: ".md,.markdown,text/markdown,text/plain" }}
          errors={fields.file.errors}
        />
        <TextareaField
          labelProps={{ children: "Or the Markdown itself" }}
          hint="Paste or edit the policy here when you do not upload a file."
          textareaProps={{ ...getTextareaProps(fields.markdown), rows: 16, className: "markdown-source", defaultValue: preview?.source ?? start?.source ?? "", spellCheck: false }}
          errors={fields.markdown.errors}
        />
        <div>
          <button type="submit" className="primary" name="intent" value="preview" disabled={busy}>
            Preview the change
          </button>
        </div>
      </Form>
      {preview ? <PreviewPanel preview={preview} refusal={form.errors} busy={busy} /> : null}
    </>
  );
}

function countOf(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function PreviewPanel({ preview, refusal, busy }: { preview: PolicyPreview; refusal: string[] | undefined; busy: boolean }) {
  const { policy, comparison, home, errors } = preview;
  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview{policy ? `: ${policy.title}, version ${policy.version}` : ""}</h2>
      <ErrorList errors={refusal} level="form" />
      <p role="status">{summaryOf(preview)}</p>
      {errors.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Errors">
          <table className="content-errors">
            <caption>Errors to fix (the same messages as content:check)</caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((error, index) => (
                <tr key={index}>
                  <td>{error.line === 0 ? "the whole policy" : `line ${error.line}, column ${error.column}`}</td>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {comparison && errors.length === 0 && !preview.unchanged ? (
        <>
          <h3>Sections changed ({comparison.changed.length})</h3>
          {comparison.changed.length === 0 ? <p>None.</p> : null}
          {comparison.changed.map((change) => (
            <article key={change.anchor} aria-label={`Section ${change.anchor}`}>
              <h4>
                {change.after.heading} <code>{change.anchor}</code>
              </h4>
              <SectionDiff before={change.before} after={change.after} beforeLabel={`Now (version ${change.before.versionNo})`} afterLabel="After this upload" />
            </article>
          ))}
          <h3>Sections added ({comparison.added.length})</h3>
          {comparison.added.length === 0 ? <p>None.</p> : (
            <ul>
              {comparison.added.map((section) => (
                <li key={section.anchor}>
                  {section.heading} <code>{section.anchor}</code> (line {section.line})
                </li>
              ))}
            </ul>
          )}
          <h3>Sections removed ({comparison.removed.length})</h3>
          {comparison.removed.length === 0 ? <p>None.</p> : (
            <ul>
              {comparison.removed.map((section) => (
                <li key={section.anchor}>
                  {section.heading} <code>{section.anchor}</code>
                </li>
              ))}
            </ul>
          )}
          <h3>Drills set aside for review ({preview.setAside.length})</h3>
          {preview.setAside.length === 0 ? <p>No live drill relies on a changed or removed section.</p> : (
            <>
              <p>These live drills rely on a changed or removed section: they stop being served until an author confirms or edits them.</p>
              <ul>
                {preview.setAside.map((drill) => (
                  <li key={drill.id}>
                    {drill.title} (<code>{drill.file ?? "studio"}</code>), relies on {drill.relyingOn.join(", ")}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : null}
      <ConfirmPart preview={preview} home={home} busy={busy} />
    </section>
  );
}

function summaryOf(preview: PolicyPreview) {
  const { comparison, errors } = preview;
  if (errors.length > 0) return `${countOf(errors.length, "error")}: nothing can be stored until ${errors.length === 1 ? "it is" : "they are"} fixed.`;
  if (!comparison || !preview.policy) return "";
  if (preview.unchanged) return `This is the stored version of ${preview.policy.id}: nothing would change.`;
  const what = `${countOf(comparison.changed.length, "section")} changed, ${comparison.added.length} added, ${comparison.removed.length} removed; ${countOf(preview.setAside.length, "drill")} set aside for review.`;
  return preview.home?.kind === "new" ? `A new policy, ${preview.policy.id}: ${what}` : `A new version of ${preview.policy.id}: ${what}`;
}

function ConfirmPart({ preview, home, busy }: { preview: PolicyPreview; home: PolicyPreview["home"]; busy: boolean }) {
  if (preview.errors.length > 0 || !preview.policy || preview.unchanged || !home) return null;
  if (home.kind === "file") {
    return (
      <p className="notice">
        {preview.policy.id} lives in <code>{home.file}</code>: this is what the change will do when <code>{home.file}</code> is changed and synced.
        Change the file and run <code>npm run content:sync</code>; the studio does not store a file policy.
      </p>
    );
  }
  return (
    <Form method="post" encType="multipart/form-data">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="source" value={preview.source} />
      <input type="hidden" name="name" value={preview.name} />
      <input type="hidden" name="basedOn" value={preview.basedOn ?? ""} />
      <button type="submit" className="primary" disabled={busy}>
        {home.kind === "new" ? `Store ${preview.policy.id} as a new studio policy` : `Confirm version ${preview.policy.version} of ${preview.policy.id}`}
      </button>
    </Form>
  );
}
