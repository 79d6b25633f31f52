import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList } from "~/app/components/forms";
import { SectionDiff } from "~/app/components/section-diff";
import { confirmDrill, drillsNeedingReview } from "~/app/drills/needs-review.server";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";

export const meta: MetaFunction = () => [{ title: "Drills to confirm · Redline" }];

// The drill comes from the button that was pressed, so its errors are the form's, in plain words.
const ConfirmSchema = z.object({
  drillId: z.string({ error: "Say which drill is still correct: press the button in its row." }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "drills:confirm" });
  return { drills: await drillsNeedingReview({ db: await getDb() }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "drills:confirm" });
  const submission = parseWithZod(await request.formData(), { schema: ConfirmSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await confirmDrill({ db: await getDb(), actorId: user.id, drillId: submission.value.drillId });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  return { ...submission.reply(), confirmed: submission.value.drillId };
}

export default function DrillReview() {
  const { drills } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ id: "confirm-drill", lastResult });
  const confirmed = lastResult && "confirmed" in lastResult ? lastResult.confirmed : null;
  return (
    <>
      <h1>Drills to confirm</h1>
      <p className="muted">
        A drill lands here when a policy section it cites or names as a flaw's policy changes (a synced policy file, or a version confirmed in the{" "}
        <Link to="/studio/policies">studio</Link>). Each changed section is shown as it read when the drill was written and as it reads now. The
        drill is not served until you confirm it is still right, or edit it (a file drill in its file, a studio drill in the studio).
      </p>
      <ErrorList id={form.errorId} errors={Object.values(form.allErrors).flat()} level="form" />
      {confirmed ? (
        <p className="notice" role="status">
          {confirmed} is served again.
        </p>
      ) : null}
      {drills.length === 0 ? <p>No drill needs review.</p> : null}
      {drills.length > 0 ? (
        // One form for the list: the pressed button says which drill.
        <Form method="post" {...getFormProps(form)}>
          {drills.map((drill) => (
            <article key={drill.id} className="panel" aria-labelledby={`drill-${drill.id}`}>
              <h2 id={`drill-${drill.id}`}>{drill.title}</h2>
              <p className="muted">
                {drill.origin === "file" && drill.file !== null ? <code>{drill.file}</code> : "studio"} · revision {drill.revision} · set aside{" "}
                {drill.updatedAt.slice(0, 10)} · relies on{" "}
                {drill.anchors.map((anchor, i) => (
                  <span key={anchor}>
                    {i > 0 ? ", " : ""}
                    <Link to={`/policies/${anchor.split(".")[0]}#${anchor}`}>{anchor}</Link>
                  </span>
                ))}
              </p>
              {drill.changes.map((change) => (
                <section key={change.anchor} aria-label={`${change.anchor}: then and now`}>
                  <h3>
                    {change.after?.heading ?? change.before.heading} <code>{change.anchor}</code>
                  </h3>
                  <SectionDiff
                    before={change.before}
                    after={change.after}
                    beforeLabel={`When revision ${drill.revision} was written (version ${change.before.versionNo})`}
                    afterLabel={change.after ? `Now (version ${change.after.versionNo})` : "Now"}
                  />
                </section>
              ))}
              <div className="toolbar">
                {drill.origin === "studio" ? (
                  <Link to={`/studio/drills/${drill.id}`}>Edit {drill.title} in the studio</Link>
                ) : (
                  <p className="muted">
                    To change it, edit <code>{drill.file}</code>: the next <code>content:sync</code> makes a new revision and serves it again.
                  </p>
                )}
                {drill.cannotConfirm !== null ? (
                  <p className="notice">{drill.cannotConfirm}</p>
                ) : (
                  <button type="submit" className="primary" name="drillId" value={drill.id} aria-label={`Confirm ${drill.title} unchanged: serve it again`}>
                    Confirm unchanged: serve it again
                  </button>
                )}
              </div>
            </article>
          ))}
        </Form>
      ) : null}
    </>
  );
}
