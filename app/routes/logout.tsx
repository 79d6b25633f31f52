import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionToken, readSessionToken } from "../auth/cookie.server";
import { revokeSession } from "../auth/sessions.server";
import { getDb } from "../db.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = await readSessionToken(request);
  if (token) await revokeSession({ db: await getDb(), token });
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionToken() } });
}
