import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listTeams } from "~/app/admin/teams.server";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { isPracticeLanguage, LANGUAGE_LABELS } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Teams · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" });
  return { teams: await listTeams({ db: await getDb() }) };
}

export default function Teams() {
  const { teams } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="toolbar">
        <h1>Teams</h1>
        <Link className="primary" to="/admin/teams/new">
          New team
        </Link>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col">Members</th>
            <th scope="col">Leaders</th>
            <th scope="col">Practice languages</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => (
            <tr key={team.id}>
              <td>
                <Link to={`/admin/teams/${team.id}`}>{team.name}</Link>
              </td>
              <td>{team.memberCount}</td>
              <td>{team.leaders.length === 0 ? <span className="muted">none</span> : team.leaders.map((l) => l.name).join(", ")}</td>
              <td>{team.practiceLanguages.map((language) => (isPracticeLanguage(language) ? LANGUAGE_LABELS[language] : language)).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
