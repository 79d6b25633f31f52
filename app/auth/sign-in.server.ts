import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { users } from "~/db/schema";
import { burnVerification, verifyPassword } from "./password.server";
import { createSession } from "./sessions.server";
import { checkThrottle, clearFailures, recordFailure } from "./throttle.server";

export type SignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function signIn({ db, email, password, now = new Date() }: { db: Db; email: string; password: string; now?: Date }): Promise<SignInResult> {
  const normalized = normalizeEmail(email);
  const throttle = await checkThrottle({ db, email: normalized, now });
  if (throttle.throttled) return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };

  const [user] = await db.select().from(users).where(eq(users.email, normalized));
  if (!user) {
    await burnVerification(password);
    await recordFailure({ db, email: normalized, now });
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordFailure({ db, email: normalized, now });
    return { ok: false, reason: "invalid" };
  }
  if (user.disabledAt) return { ok: false, reason: "disabled" };

  await clearFailures({ db, email: normalized });
  const token = await createSession({ db, userId: user.id, now });
  return { ok: true, token, userId: user.id };
}
