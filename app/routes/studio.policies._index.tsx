import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { listPolicies } from "~/app/policies/policies.server";

export const meta: MetaFunction = () => [{ title: "Policies in the studio · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "studio:author" });
  const policies = await listPolicies({ db: await getDb() });
  return { policies: policies.map(({ updatedAt, ...policy }) => ({ ...policy, updatedOn: updatedAt.toISOString().slice(0, 10) })) };
}

export default function StudioPolicies() {
  const { policies } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="toolbar">
        <h1>Policies in the studio</h1>
        <Link className="primary" to="/studio/policies/upload">
          Upload a policy version
        </Link>
      </div>
      <p className="muted">
        A policy has one home. A file policy lives in <code>policies/</code> and changes there (then <code>npm run content:sync</code>); the studio
        previews what a new version would change. A studio policy is uploaded and confirmed here. Drills relying on a section that changes are set
        aside until an author looks at them: <Link to="/drills/needs-review">drills to confirm</Link>.
      </p>
      {policies.length === 0 ? <p>No policies yet: upload one, or import the files with <code>npm run content:sync</code>.</p> : null}
      {policies.length > 0 ? (
        // On a phone the table scrolls inside its box, never the page.
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Policies">
          <table>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Home</th>
                <th scope="col">Version</th>
                <th scope="col">Effective</th>
                <th scope="col">Sections</th>
                <th scope="col">Last change</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {policies.map((policy) => (
                <tr key={policy.id}>
                  <td>
                    <Link to={`/policies/${policy.id}`}>{policy.title}</Link>
                    <br />
                    <code>{policy.id}</code>
                  </td>
                  <td>{policy.origin === "file" && policy.file !== null ? <code>{policy.file}</code> : "studio"}</td>
                  <td>{policy.version}</td>
                  <td>{policy.effective}</td>
                  <td>{policy.sections}</td>
                  <td>{policy.updatedOn}</td>
                  <td>
                    <Link to={`/studio/policies/upload?policy=${encodeURIComponent(policy.id)}`} aria-label={`${policy.origin === "studio" ? "New version of" : "Preview a change to"} ${policy.title}`}>
                      {policy.origin === "studio" ? "New version" : "Preview a change"}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
