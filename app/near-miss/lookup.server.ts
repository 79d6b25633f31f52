import { and, count, eq, gt, lt, min, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { nearMissLookupFailures } from "~/db/schema";
import { keyedHash } from "./keys.server";
import { addReporterMessage, reportByCode, type ReporterView } from "./reports.server";

/**
 * Receipt-code lookups, throttled per client like sign-in (`app/auth/throttle.server.ts`): a try
 * is claimed as a failure under a per-client lock before the code is looked up, and forgiven when
 * the code matches. The client's address is stored only as a keyed hash. A wrong code and the code
 * of a report that no longer exists take the same path — one lookup by hash, no match — and get
 * the same answer.
 */

export const LOOKUP_THROTTLE = { windowMs: 15 * 60 * 1000, perClient: 10 } as const;

export type Lookup<T> = { kind: "found"; view: T } | { kind: "not_found" } | { kind: "throttled"; retryAfterSeconds: number };

async function claimLookup({ db, client, secret, now }: { db: Db; client: string; secret: string; now: Date }): Promise<{ throttled: false; tryId: number } | { throttled: true; retryAfterSeconds: number }> {
  const clientHash = keyedHash({ secret, purpose: "lookup-client", value: client });
  const since = new Date(now.getTime() - LOOKUP_THROTTLE.windowMs);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`redline.near-miss-lookup:${clientHash}`}))`);
    // Old failures say nothing useful: they go.
    await tx.delete(nearMissLookupFailures).where(lt(nearMissLookupFailures.failedAt, since));
    const [recent] = await tx
      .select({ failures: count(), oldest: min(nearMissLookupFailures.failedAt) })
      .from(nearMissLookupFailures)
      .where(and(eq(nearMissLookupFailures.clientHash, clientHash), gt(nearMissLookupFailures.failedAt, since)));
    if ((recent?.failures ?? 0) >= LOOKUP_THROTTLE.perClient) {
      const oldest = recent?.oldest ? new Date(recent.oldest).getTime() : now.getTime();
      return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((oldest + LOOKUP_THROTTLE.windowMs - now.getTime()) / 1000)) };
    }
    const [claimed] = await tx.insert(nearMissLookupFailures).values({ clientHash, failedAt: now }).returning({ id: nearMissLookupFailures.id });
    if (!claimed) throw new Error("near_miss_lookup_failures insert returned nothing");
    return { throttled: false, tryId: claimed.id };
  });
}

async function throttled<T>({ db, client, secret, now, run }: { db: Db; client: string; secret: string; now: Date; run: () => Promise<T | null> }): Promise<Lookup<T>> {
  const claim = await claimLookup({ db, client, secret, now });
  if (claim.throttled) return { kind: "throttled", retryAfterSeconds: claim.retryAfterSeconds };
  const view = await run();
  if (view === null) return { kind: "not_found" };
  await db.delete(nearMissLookupFailures).where(eq(nearMissLookupFailures.id, claim.tryId));
  return { kind: "found", view };
}

/** The reporter's view of the report a code belongs to, throttled per client. */
export function lookUpReport({ db, code, client, secret, now = new Date() }: { db: Db; code: string; client: string; secret: string; now?: Date }): Promise<Lookup<ReporterView>> {
  return throttled({ db, client, secret, now, run: () => reportByCode({ db, code, now }) });
}

/** The reporter's message on the report a code belongs to, throttled per client like a lookup. */
export function postReporterMessage({ db, code, text, client, secret, now = new Date() }: { db: Db; code: string; text: string; client: string; secret: string; now?: Date }): Promise<Lookup<ReporterView>> {
  return throttled({ db, client, secret, now, run: () => addReporterMessage({ db, code, text, now }) });
}
