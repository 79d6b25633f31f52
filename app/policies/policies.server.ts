import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { policies, policySections } from "../../db/schema";

export async function listPolicies({ db }: { db: Db }) {
  const rows = await db
    .select({ id: policies.id, title: policies.title, version: policies.version, effective: policies.effective })
    .from(policies)
    .where(isNull(policies.retiredAt))
    .orderBy(asc(policies.title));
  const sectionCounts = await db
    .select({ policyId: policySections.policyId, sections: count() })
    .from(policySections)
    .where(isNull(policySections.supersededAt))
    .groupBy(policySections.policyId);
  return rows.map((p) => ({ ...p, sections: sectionCounts.find((c) => c.policyId === p.id)?.sections ?? 0 }));
}

/** A live policy with its current sections in document order. */
export async function getPolicy({ db, policyId }: { db: Db; policyId: string }) {
  const [policy] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.id, policyId), isNull(policies.retiredAt)));
  if (!policy) return null;
  const sections = await db
    .select({
      anchor: policySections.anchor,
      heading: policySections.heading,
      level: policySections.level,
      markdown: policySections.markdown,
      versionNo: policySections.versionNo,
    })
    .from(policySections)
    .where(and(eq(policySections.policyId, policyId), isNull(policySections.supersededAt)))
    .orderBy(asc(policySections.position));
  return { ...policy, sections };
}
