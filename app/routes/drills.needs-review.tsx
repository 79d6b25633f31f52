import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList } from "~/app/components/forms";
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
        A drill lands here when a policy section it cites or names as a flaw's policy changes. It is not served until you confirm it is still
        right, or edit its file (the next sync then makes a new revision and serves it again).
      </p>
      <ErrorList id={form.errorId} errors={Object.values(form.allErrors).flat()} level="form" />
      {confirmed ? (
        <p className="notice" role="status">
          {confirmed} is served again.
        </p>
      ) : null}
      {drills.length === 0 ? <p>No drill needs review.</p> : null}
      {drills.length > 0 ? (
        // One form for the table: the pressed button says which drill.
        <Form method="post" {...getFormProps(form)}>
          <table>
            <thead>
              <tr>
                <th scope="col">Drill</th>
                <th scope="col">Relies on</th>
                <th scope="col">Set aside</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {drills.map((drill) => (
                <tr key={drill.id}>
                  <td>
                    {drill.title}
                    <br />
                    <code>{drill.file}</code> (revision {drill.revision})
                  </td>
                  <td>
                    {drill.anchors.map((anchor, i) => (
                      <span key={anchor}>
                        {i > 0 ? ", " : ""}
                        <Link to={`/policies/${anchor.split(".")[0]}#${anchor}`}>{anchor}</Link>
                      </span>
                    ))}
                  </td>
                  <td>{drill.updatedAt.slice(0, 10)}</td>
                  <td>
                    <button type="submit" className="link-button" name="drillId" value={drill.id}>
                      Still correct: serve it again
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Form>
      ) : null}
    </>
  );
}
