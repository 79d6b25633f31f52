import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { refuseWhileTakingBlind } from "~/app/calibration/calibration.server";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { revisionDiff } from "~/app/studio/revision-diff";
import { loadStudioDrill, revisionPair } from "~/app/studio/studio-drills.server";

export const meta: MetaFunction = () => [{ title: "Revisions · Studio · Redline" }];

const ParamsSchema = z.object({ drillId: z.string().min(1).max(120) });
const QuerySchema = z.object({ from: z.coerce.number().int().min(1).optional(), to: z.coerce.number().int().min(1).optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "studio:author" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const studio = parsed.success ? await loadStudioDrill({ db, drillId: parsed.data.drillId }) : null;
  invariantResponse(studio, "There is no such drill.", 404);
  await refuseWhileTakingBlind({ db, userId: user.id, drillId: studio.drill.id }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(query.success, "from and to are revision numbers, e.g. ?from=1&to=2.", 400);
  const revisions = studio.revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt.toISOString(), publishedBy: r.publishedBy }));
  const latest = revisions[0]?.revision;
  const to = query.data.to ?? latest;
  const from = query.data.from ?? (to !== undefined && to > 1 ? to - 1 : undefined);
  let diff = null;
  if (from !== undefined && to !== undefined) {
    const pair = await revisionPair({ db, drillId: studio.drill.id, from, to });
    invariantResponse(pair.from !== undefined && pair.to !== undefined, `This drill has no revision ${pair.from === undefined ? from : to}.`, 404);
    diff = { from, to, rows: revisionDiff(pair.from, pair.to) };
  }
  return { id: studio.drill.id, origin: studio.drill.origin, revisions, diff };
}

export default function Revisions() {
  const { id, origin, revisions, diff } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="muted">
        <Link to="/studio">Studio</Link> · <Link to={`/studio/drills/${id}`}>{id}</Link>
      </p>
      <h1>Revisions of {id}</h1>
      <p className="muted">Every publish is a new revision that never changes: attempts keep pointing at the revision they answered.</p>
      {revisions.length === 0 ? <p>Not published yet.</p> : null}
      {revisions.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Revisions">
          <table>
            <thead>
              <tr>
                <th scope="col">Revision</th>
                <th scope="col">Published</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.revision}>
                  <td>{r.revision}</td>
                  <td>{r.createdAt.slice(0, 16).replace("T", " ")} UTC</td>
                  <td>{r.publishedBy ?? (origin === "file" ? "a file sync" : "—")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {revisions.length > 1 ? (
        <Form method="get" className="panel inline-fields" aria-label="Compare revisions">
          <RevisionSelect name="from" label="Compare revision" value={diff?.from} revisions={revisions} />
          <RevisionSelect name="to" label="with revision" value={diff?.to} revisions={revisions} />
          <button type="submit">Compare</button>
        </Form>
      ) : null}
      {diff ? (
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading">
            Revision {diff.from} → {diff.to}
          </h2>
          {diff.rows.every((row) => row.kind === "same" || row.kind === "skipped") ? <p>The two revisions say the same.</p> : null}
          <div className="diff" role="table" aria-label={`Changes from revision ${diff.from} to ${diff.to}`}>
            {diff.rows.map((row, index) =>
              row.kind === "skipped" ? (
                <div key={index} role="row" className="diff-skipped">
                  <span role="cell">… {row.lines} unchanged lines …</span>
                </div>
              ) : (
                <div key={index} role="row" className={`diff-${row.kind}`}>
                  <span role="cell" className="diff-sign">
                    {row.kind === "added" ? "+" : row.kind === "removed" ? "−" : " "}
                    <span className="visually-hidden">{row.kind === "added" ? " added: " : row.kind === "removed" ? " removed: " : ""}</span>
                  </span>
                  <span role="cell" className="diff-text">
                    {row.kind === "same" ? row.text : row.words.map((word, i) => (word.change === "same" ? <span key={i}>{word.text}</span> : word.change === "added" ? <ins key={i}>{word.text}</ins> : <del key={i}>{word.text}</del>))}
                  </span>
                </div>
              ),
            )}
          </div>
        </section>
      ) : null}
    </>
  );
}

function RevisionSelect({ name, label, value, revisions }: { name: string; label: string; value: number | undefined; revisions: { revision: number }[] }) {
  return (
    <div className="field">
      <label htmlFor={`revision-${name}`}>{label}</label>
      <select id={`revision-${name}`} name={name} defaultValue={value}>
        {revisions.map((r) => (
          <option key={r.revision} value={r.revision}>
            {r.revision}
          </option>
        ))}
      </select>
    </div>
  );
}
