import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { policies, policySections } from "~/db/schema";

// Every rewrite check needs these and they change only when the library does: a
// short cache saves a query per attempt, and a sync shows within seconds.
const ANCHORS_TTL_MS = 10_000;
const anchorsCache = new WeakMap<Db, { at: number; anchors: ReadonlySet<string> }>();

/** The anchors of the current sections of the live policies: the sections a citation may name. */
export async function knownAnchors({ db, now = Date.now() }: { db: Db; now?: number }): Promise<ReadonlySet<string>> {
  const cached = anchorsCache.get(db);
  if (cached && now - cached.at < ANCHORS_TTL_MS) return cached.anchors;
  const rows = await db
    .select({ anchor: policySections.anchor })
    .from(policySections)
    .innerJoin(policies, eq(policies.id, policySections.policyId))
    .where(and(isNull(policySections.supersededAt), isNull(policies.retiredAt)));
  const anchors = new Set(rows.map((row) => row.anchor));
  anchorsCache.set(db, { at: now, anchors });
  return anchors;
}
