import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssignmentParams } from "~/app/assignments/assignment-schema";
import { assignmentProgress } from "~/app/assignments/assignments.server";
import { mayChangeAssignment } from "~/app/assignments/assignment-changes";
import { percent } from "~/app/format";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { FLAW_LABELS } from "~/app/vocabulary";
import { invariantResponse } from "~/app/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Assignment"} · Redline` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assignments:manage" });
  const parsed = AssignmentParams.safeParse(params);
  invariantResponse(parsed.success, "No such assignment.", 404);
  // A leader asking for an assignment of teams they do not lead gets the same answer as for a missing one.
  const progress = await assignmentProgress({ db: await getDb(), assignmentId: parsed.data.assignmentId, viewer: user });
  invariantResponse(progress, "No such assignment.", 404);
  const { createdById, cancelledAt, ...shown } = progress;
  return {
    ...shown,
    dueOn: progress.dueAt.toISOString().slice(0, 10),
    assignedOn: progress.createdAt.toISOString().slice(0, 10),
    cancelledOn: cancelledAt?.toISOString().slice(0, 10) ?? null,
    overdue: cancelledAt === null && progress.dueAt.getTime() < Date.now(),
    leader: user.role === "leader",
    mayChange: cancelledAt === null && mayChangeAssignment({ viewer: user, createdBy: createdById }),
  };
}

export default function AssignmentProgress() {
  const assignment = useLoaderData<typeof loader>();
  const teamName = new Map(assignment.teams.map((t) => [t.id, t.name]));
  const filter = assignment.filter;
  return (
    <>
      <p>
        <Link to="/assignments">← All assignments</Link>
      </p>
      <h1>
        {assignment.title} {assignment.cancelledOn ? <span className="badge overdue">cancelled</span> : null}
      </h1>
      {assignment.cancelledOn ? (
        <p className="notice">
          Cancelled on {assignment.cancelledOn} by {assignment.cancelledBy}: agents no longer see it. The figures below are what was done until then.
        </p>
      ) : null}
      <p className="muted">
        Assigned {assignment.assignedOn} by {assignment.createdBy} · due {assignment.dueOn}
        {assignment.overdue ? <> <span className="badge overdue">past due</span></> : null} · {assignment.drills.length} drills
        {filter
          ? ` chosen by filter (${[
              filter.flawTypes.length > 0 ? filter.flawTypes.map((t) => (t in FLAW_LABELS ? FLAW_LABELS[t as keyof typeof FLAW_LABELS] : t)).join(" or ") : "any flaw type",
              filter.skills.length > 0 ? `skills ${filter.skills.join(", ")}` : "any skill",
              filter.locale ?? "any locale",
            ].join("; ")})`
          : null}
        {assignment.leader ? " · showing only the teams you lead" : null}
      </p>
      {assignment.mayChange ? (
        <p>
          <Link to={`/assignments/${assignment.id}/edit`}>Edit assignment</Link> · <Link to={`/assignments/${assignment.id}/cancel`}>Cancel assignment…</Link>
        </p>
      ) : null}
      <div className="cards">
        <div className="panel">
          <div className="stat">{percent(assignment.overall.completion)}</div>
          <div>
            complete ({assignment.overall.done} of {assignment.overall.total} agent-drills)
          </div>
        </div>
      </div>

      <section className="panel" aria-labelledby="by-team">
        <h2 id="by-team">By team</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Agents</th>
              <th scope="col">Done</th>
              <th scope="col">Completion</th>
            </tr>
          </thead>
          <tbody>
            {assignment.teams.map((team) => (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td>{team.agents}</td>
                <td>
                  {team.done} / {team.total}
                </td>
                <td>{percent(team.completion)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="by-agent">
        <h2 id="by-agent">By agent</h2>
        {assignment.agents.length === 0 ? (
          <p className="muted">These teams have no agents.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Team</th>
                <th scope="col">Done</th>
                <th scope="col">Completion</th>
              </tr>
            </thead>
            <tbody>
              {assignment.agents.map((agent) => (
                <tr key={agent.id}>
                  <th scope="row">{agent.name}</th>
                  <td>{teamName.get(agent.teamId)}</td>
                  <td>
                    {agent.done} / {agent.total}
                  </td>
                  <td>{percent(agent.completion)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="by-drill">
        <h2 id="by-drill">Drills</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Drill</th>
              <th scope="col">Agents done</th>
            </tr>
          </thead>
          <tbody>
            {assignment.drills.map((drill, index) => (
              <tr key={drill.id}>
                <td>{index + 1}</td>
                <td>
                  {drill.title} {drill.locale ? <span className="badge">{drill.locale}</span> : null}
                  {drill.status !== "active" ? <span className="badge overdue">{drill.status.replace("_", " ")}</span> : null}
                </td>
                <td>
                  {drill.done} / {drill.agents}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
