import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { users } from "~/db/schema";
import { burnVerification, verifyPassword } from "./password.server";
import { createSession } from "./sessions.server";
import { claimTry, forgiveTry } from "./throttle.server";

export type SignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "throttled"; scope: "account" | "client"; retryAfterSeconds: number };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

/**
 * Checks a password. `client` is the caller's address (see THROTTLE); each try is claimed as a
 * failure before the (slow) password check and forgiven only when the password is right.
 */
export async function signIn({ db, email, password, client = "", now = new Date() }: { db: Db; email: string; password: string; client?: string; now?: Date }): Promise<SignInResult> {
  const normalized = normalizeEmail(email);
  const claimed = await claimTry({ db, email: normalized, client, now });
  if (claimed.throttled) return { ok: false, reason: "throttled", scope: claimed.scope, retryAfterSeconds: claimed.retryAfterSeconds };

  const [user] = await db.select().from(users).where(eq(users.email, normalized));
  if (!user) {
    await burnVerification(password);
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid" };
  await forgiveTry({ db, email: normalized, client });
  if (user.disabledAt) return { ok: false, reason: "disabled" };

  const token = await createSession({ db, userId: user.id, now });
  return { ok: true, token, userId: user.id };
}
