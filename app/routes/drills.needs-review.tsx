import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { InputError } from "~/app/input-error";
import { requireUser } from "~/app/auth/guard.server";
import { confirmDrill, drillsNeedingReview } from "~/app/drills/needs-review.server";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "Drills to confirm · Redline" }];

const ConfirmSchema = z.object({ drillId: z.string({ error: "drillId: which drill?" }).min(1, "drillId: which drill?") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "drills:confirm" });
  return { drills: await drillsNeedingReview({ db: await getDb() }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "drills:confirm" });
  const parsed = ConfirmSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "Bad request", confirmed: null }, { status: 400 });
  try {
    await confirmDrill({ db: await getDb(), actorId: user.id, drillId: parsed.data.drillId });
  } catch (error) {
    if (error instanceof InputError) return data({ error: error.message, confirmed: null }, { status: 400 });
    throw error;
  }
  return { error: null, confirmed: parsed.data.drillId };
}

export default function DrillReview() {
  const { drills } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Drills to confirm</h1>
      <p className="muted">
        A drill lands here when a policy section it cites or names as a flaw's policy changes. It is not served until you confirm it is still
        right, or edit its file (the next sync then makes a new revision and serves it again).
      </p>
      {result?.error ? (
        <p className="form-errors" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.confirmed ? (
        <p className="notice" role="status">
          {result.confirmed} is served again.
        </p>
      ) : null}
      {drills.length === 0 ? <p>No drill needs review.</p> : null}
      {drills.length > 0 ? (
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
                  <Form method="post">
                    <input type="hidden" name="drillId" value={drill.id} />
                    <button type="submit" className="link-button">
                      Still correct: serve it again
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
