import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { loginFailures } from "~/db/schema";

/**
 * Sign-in throttling, in the database so it holds across app instances. Failures count per
 * account and client address together — someone elsewhere cannot lock a user out — and per
 * client address across accounts, which slows password spraying.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  /** Wrong passwords for one account from one client. */
  perAccountAndClient: 5,
  /** Wrong passwords from one client, whatever the accounts. */
  perClient: 20,
} as const;

export type SignInTry = { throttled: false; tryId: number } | { throttled: true; scope: "account" | "client"; retryAfterSeconds: number };

function retryAfter(oldest: Date | string | null, now: Date) {
  const since = oldest ? new Date(oldest).getTime() : now.getTime();
  return Math.max(1, Math.ceil((since + THROTTLE.windowMs - now.getTime()) / 1000));
}

/**
 * Claims one sign-in try, atomically: under a lock per client address, the failures in the
 * window are counted and, if neither limit is reached, this try is recorded as a failure until
 * `forgiveTry` says the password was right. Concurrent tries therefore cannot slip past a limit.
 */
export async function claimTry({ db, email, client, now = new Date() }: { db: Db; email: string; client: string; now?: Date }): Promise<SignInTry> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`redline.sign-in:${client}`}))`);
    const [pair] = await tx
      .select({ failures: count(), oldest: min(loginFailures.failedAt) })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, email), eq(loginFailures.client, client), gt(loginFailures.failedAt, since)));
    if ((pair?.failures ?? 0) >= THROTTLE.perAccountAndClient) return { throttled: true, scope: "account", retryAfterSeconds: retryAfter(pair?.oldest ?? null, now) };
    const [fromClient] = await tx
      .select({ failures: count(), oldest: min(loginFailures.failedAt) })
      .from(loginFailures)
      .where(and(eq(loginFailures.client, client), gt(loginFailures.failedAt, since)));
    if ((fromClient?.failures ?? 0) >= THROTTLE.perClient) return { throttled: true, scope: "client", retryAfterSeconds: retryAfter(fromClient?.oldest ?? null, now) };
    const [claimed] = await tx.insert(loginFailures).values({ email, client, failedAt: now }).returning({ id: loginFailures.id });
    if (!claimed) throw new Error("login_failures insert returned nothing");
    return { throttled: false, tryId: claimed.id };
  });
}

/** The password was right: this try and the account's earlier failures from this client are forgiven. */
export async function forgiveTry({ db, email, client }: { db: Db; email: string; client: string }) {
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.client, client)));
}
