import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { listPolicies } from "~/app/policies/policies.server";

export const meta: MetaFunction = () => [{ title: "Policies · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "policies:read" });
  return { policies: await listPolicies({ db: await getDb() }) };
}

export default function Policies() {
  const { policies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Policies</h1>
      <p className="muted">The sources AI drafts must follow. Drafts cite their sections as [anchor].</p>
      {policies.length === 0 ? <p>No policies have been imported yet. Run <code>npm run content:sync</code>.</p> : null}
      {/* On a phone the table scrolls inside its box, never the page. */}
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Version</th>
              <th scope="col">Effective</th>
              <th scope="col">Sections</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <tr key={policy.id}>
                <td>
                  <Link to={`/policies/${policy.id}`}>{policy.title}</Link>
                </td>
                <td>{policy.version}</td>
                <td>{policy.effective}</td>
                <td>{policy.sections}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
