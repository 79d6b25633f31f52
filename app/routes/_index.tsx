import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guard.server";
import { getDb } from "../db.server";
import { homeSummary } from "../home.server";

export const meta: MetaFunction = () => [{ title: "Home · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const summary = await homeSummary({ db: await getDb(), user });
  return { name: user.name, summary };
}

export default function Home() {
  const { name, summary } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {name}</h1>
      <p className="muted">Team: {summary.teamName}</p>
      {summary.role === "admin" ? (
        <div className="cards">
          <div className="panel">
            <div className="stat">{summary.activeUsers}</div>
            <div>active users</div>
            <Link to="/admin/users">Manage users</Link>
          </div>
          <div className="panel">
            <div className="stat">{summary.teams}</div>
            <div>teams</div>
            <Link to="/admin/teams">Manage teams</Link>
          </div>
          <div className="panel">
            <div className="stat">Audit</div>
            <div>every admin change, who and when</div>
            <Link to="/admin/audit">Open the audit log</Link>
          </div>
        </div>
      ) : null}
      {summary.role === "leader" ? (
        <section className="panel">
          <h2>Teams you lead</h2>
          {summary.ledTeams.length === 0 ? (
            <p>You do not lead a team yet. An admin can make you a team's leader.</p>
          ) : (
            <ul>
              {summary.ledTeams.map((team) => (
                <li key={team.name}>
                  {team.name} — {team.members} members
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {summary.role === "agent" ? (
        <section className="panel">
          <h2>Your practice</h2>
          <p>Drills assigned to you and self-paced practice appear here.</p>
        </section>
      ) : null}
      {summary.role === "author" ? (
        <section className="panel">
          <h2>Your library</h2>
          <p>The policy sources and drills you author appear here.</p>
        </section>
      ) : null}
    </>
  );
}
