import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listUsers } from "~/app/admin/users.server";
import { requireUser } from "~/app/auth/guard.server";
import { ROLE_LABELS } from "~/app/auth/permissions";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "Users · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" });
  return { users: await listUsers({ db: await getDb() }) };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="toolbar">
        <h1>Users</h1>
        <Link className="primary" to="/admin/users/new">
          New user
        </Link>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Team</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
              </td>
              <td>{user.email}</td>
              <td>{ROLE_LABELS[user.role]}</td>
              <td>{user.teamName}</td>
              <td>{user.disabledAt ? <span className="badge">Disabled</span> : "Active"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
