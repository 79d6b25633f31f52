import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList, Field } from "~/app/components/forms";
import { getDb } from "~/app/db.server";
import { TokenFormSchema } from "~/app/production/token-schema";
import { createApiToken } from "~/app/production/tokens.server";

export const meta: MetaFunction = () => [{ title: "New API token · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "tokens:manage" });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "tokens:manage" });
  const submission = parseWithZod(await request.formData(), { schema: TokenFormSchema });
  if (submission.status !== "success") return data({ reply: submission.reply(), created: null }, { status: 400 });
  const created = await createApiToken({ db: await getDb(), actorId: admin.id, name: submission.value.name });
  // The token travels in this one response and is never stored in the clear: there is no page to come back to it.
  return { reply: submission.reply({ resetForm: true }), created };
}

function CreatedToken({ name, token }: { name: string; token: string }) {
  const [copyStatus, setCopyStatus] = useState("");
  const copy = () => {
    navigator.clipboard.writeText(token).then(
      () => setCopyStatus("Copied to the clipboard."),
      () => setCopyStatus("Copying failed: select the token and copy it yourself."),
    );
  };
  return (
    <section className="panel" aria-labelledby="created-token-heading">
      <h2 id="created-token-heading">Token “{name}” created</h2>
      <p className="notice">
        <strong>Copy it now: it will not be shown again.</strong> Redline keeps only its hash; if it is lost, revoke it and make a new one.
      </p>
      <div className="stacked">
        <Field
          labelProps={{ children: "Token" }}
          hint="Send it as Authorization: Bearer <token> with every request."
          inputProps={{ id: "created-token", type: "text", readOnly: true, value: token, spellCheck: false, autoComplete: "off", onFocus: (event) => event.currentTarget.select() }}
        />
        <div>
          <button type="button" className="primary" onClick={copy}>
            Copy token
          </button>{" "}
          <span role="status">{copyStatus}</span>
        </div>
      </div>
      <p>Send up to 5,000 events per request, for example:</p>
      <pre>
        <code>{`curl -X POST "$REDLINE_URL/api/v1/override-events" \\
  -H "Authorization: Bearer $REDLINE_TOKEN" \\
  -H "Content-Type: application/json" \\
  --data @events.json`}</code>
      </pre>
      <p>
        where <code>events.json</code> holds a JSON array of events:
      </p>
      <pre>
        <code>{`[
  { "externalId": "s-1001", "agentEmail": "dana.agent@northwind.example",
    "occurredAt": "2026-03-02T14:05:00Z", "action": "edited",
    "suggestionKind": "reply", "editRatio": 0.1 },
  { "externalId": "s-1002", "agentRef": "ZD-4411",
    "occurredAt": "2026-03-02T14:07:30+01:00", "action": "rejected" }
]`}</code>
      </pre>
      <p>
        The answer counts what became of them: <code>{`{ "accepted", "duplicates", "rejected", "errors": [{ "index", "reason" }] }`}</code>; an{" "}
        <code>externalId</code> already stored is a duplicate, so a batch may be resent safely.
      </p>
      <p>
        <Link to="/admin/tokens">Back to API tokens</Link>
      </p>
    </section>
  );
}

export default function NewApiToken() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-token",
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TokenFormSchema }),
    shouldRevalidate: "onInput",
  });
  const created = actionData?.created;
  return (
    <>
      <h1>New API token</h1>
      {created ? (
        <CreatedToken name={created.name} token={created.token} />
      ) : (
        <Form method="post" className="stacked" {...getFormProps(form)}>
          <ErrorList id={form.errorId} errors={form.errors} level="form" />
          <Field
            labelProps={{ children: "Name" }}
            hint="What the token is for, e.g. “Helpdesk assistant (production)”. Shown in the token list."
            inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }}
            errors={fields.name.errors}
          />
          <div>
            <button type="submit" className="primary">
              Create token
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
