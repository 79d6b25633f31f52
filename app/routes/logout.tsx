import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionToken, readSessionToken } from "~/app/auth/cookie.server";
import { revokeSession } from "~/app/auth/sessions.server";
import { getDb } from "~/app/db.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = await readSessionToken(request);
  if (token) await revokeSession({ db: await getDb(), token });
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionToken() } });
}
