import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listAudit } from "~/app/audit/audit.server";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "audit:read" });
  const entries = await listAudit({ db: await getDb() });
  return { entries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })) };
}

export default function Audit() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every change made by an admin, newest first.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.createdAt.replace("T", " ").slice(0, 19)}</td>
              <td>{entry.actorEmail ?? "command line"}</td>
              <td>
                {entry.action} {entry.targetType} #{entry.targetId}
              </td>
              <td>
                <code>{JSON.stringify(entry.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
