import { redirect } from "@remix-run/node";
import { getDb } from "~/app/db.server";
import { readSessionToken } from "./cookie.server";
import { can, type Permission } from "./permissions";
import { findSessionUser, type SessionUser } from "./sessions.server";

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  return findSessionUser({ db: await getDb(), token });
}

/**
 * The one guard every loader and action uses. Anonymous users are sent to
 * sign-in and brought back afterwards; signed-in users without the permission
 * get a 403 page.
 */
export async function requireUser(request: Request, options: { permission?: Permission } = {}): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  if (options.permission && !can(user.role, options.permission)) {
    throw new Response("You do not have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

