import { and, count, eq, gt, min } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { loginFailures } from "~/db/schema";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export type ThrottleState = { throttled: false } | { throttled: true; retryAfterSeconds: number };

/**
 * Failed sign-ins are counted in the database, not in memory, so the limit
 * holds across every app instance that shares it.
 */
export async function checkThrottle({ db, email, now = new Date() }: { db: Db; email: string; now?: Date }): Promise<ThrottleState> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const [row] = await db
    .select({ failures: count(), oldest: min(loginFailures.failedAt) })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, since)));
  if (!row || row.failures < MAX_FAILURES || !row.oldest) return { throttled: false };
  const oldest = new Date(row.oldest);
  const retryAfterMs = oldest.getTime() + FAILURE_WINDOW_MS - now.getTime();
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

export async function recordFailure({ db, email, now = new Date() }: { db: Db; email: string; now?: Date }) {
  await db.insert(loginFailures).values({ email, failedAt: now });
}

export async function clearFailures({ db, email }: { db: Db; email: string }) {
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
}
