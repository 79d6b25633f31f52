import { createCookie } from "@remix-run/node";
import { getEnv } from "~/app/env.server";
import { SESSION_ABSOLUTE_MS } from "./sessions.server";

let cookie: ReturnType<typeof createCookie> | undefined;

export function sessionCookie() {
  if (!cookie) {
    const env = getEnv();
    cookie = createCookie("redline_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: env.NODE_ENV === "production",
      path: "/",
      maxAge: SESSION_ABSOLUTE_MS / 1000,
      secrets: [env.SESSION_SECRET],
    });
  }
  return cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function commitSessionToken(token: string) {
  return sessionCookie().serialize(token);
}

export function clearSessionToken() {
  return sessionCookie().serialize("", { maxAge: 0 });
}
