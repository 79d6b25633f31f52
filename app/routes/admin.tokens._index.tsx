import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { utcMinute } from "~/app/production/format";
import { listApiTokens } from "~/app/production/tokens.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "tokens:manage" });
  const tokens = await listApiTokens({ db: await getDb() });
  return {
    tokens: tokens.map((token) => ({
      ...token,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
    })),
  };
}

export default function ApiTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="toolbar">
        <h1>API tokens</h1>
        <Link className="primary" to="/admin/tokens/new">
          New token
        </Link>
      </div>
      <p className="muted">
        The live AI assistant sends its events to <code>POST /api/v1/override-events</code>, and the replies agents changed to{" "}
        <code>POST /api/v1/drill-candidates</code>, with one of these tokens. Only a token's hash is
        stored: a lost token cannot be shown again; revoke it and make a new one. Events the assistant could not send can be{" "}
        <Link to="/admin/events/upload">uploaded as a CSV file</Link>.
      </p>
      {tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  {utcMinute(token.createdAt)}
                  <br />
                  <span className="muted">by {token.createdByEmail ?? "the command line"}</span>
                </td>
                <td>{utcMinute(token.lastUsedAt)}</td>
                <td>{token.revokedAt ? <span className="badge">Revoked {utcMinute(token.revokedAt)}</span> : "Active"}</td>
                <td>
                  {token.revokedAt ? null : (
                    <Link to={`/admin/tokens/${token.id}/revoke`} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
