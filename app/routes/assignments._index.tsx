import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAssignments } from "~/app/assignments/assignments.server";
import { percent } from "~/app/format";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "Assignments · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assignments:manage" });
  const rows = await listAssignments({ db: await getDb(), viewer: user });
  const now = Date.now();
  return {
    role: user.role,
    assignments: rows.map((a) => ({
      id: a.id,
      title: a.title,
      createdBy: a.createdBy,
      dueOn: a.dueAt.toISOString().slice(0, 10),
      overdue: a.cancelledAt === null && a.dueAt.getTime() < now,
      cancelled: a.cancelledAt !== null,
      teams: a.teams.map((t) => t.name),
      drillCount: a.drillCount,
      agentCount: a.agentCount,
      completion: a.completion,
      byFilter: a.filter !== null,
    })),
  };
}

export default function Assignments() {
  const { role, assignments } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="toolbar">
        <h1>Assignments</h1>
        <Link className="primary" to="/assignments/new">
          New assignment
        </Link>
      </div>
      {role === "leader" ? <p className="muted">Assignments for the teams you lead; completion counts only those teams.</p> : null}
      {assignments.length === 0 ? (
        <p className="muted">No assignments yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Assignment</th>
              <th scope="col">Teams</th>
              <th scope="col">Due</th>
              <th scope="col">Drills</th>
              <th scope="col">Completion</th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/assignments/${a.id}`}>{a.title}</Link>
                  {a.cancelled ? <> <span className="badge overdue">cancelled</span></> : null}
                  <div className="muted">by {a.createdBy}</div>
                </td>
                <td>{a.teams.join(", ")}</td>
                <td>
                  {a.dueOn} {a.overdue ? <span className="badge overdue">past due</span> : null}
                </td>
                <td>
                  {a.drillCount}
                  {a.byFilter ? <span className="muted"> (by filter)</span> : null}
                </td>
                <td>
                  {percent(a.completion)}
                  {a.completion === null ? <div className="muted">no agents</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </>
  );
}
