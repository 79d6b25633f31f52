import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions, drills, studioDrafts } from "~/db/schema";
import { isFlawType } from "~/app/vocabulary";
import { workingCopyHash } from "./studio-drills.server";
import type { DrillListRow } from "./drill-list";
import { fieldsOfSource } from "./studio-source";

/** Every drill, file and studio, with what the list shows; first attempts only count. */
export async function studioDrillRows({ db }: { db: Db }): Promise<DrillListRow[]> {
  const rows = await db
    .select({
      id: drills.id,
      origin: drills.origin,
      file: drills.file,
      status: drills.status,
      updatedAt: drills.updatedAt,
      title: drillRevisions.title,
      locale: drillRevisions.locale,
      flawTypes: drillRevisions.flawTypes,
      difficulty: drillRevisions.difficulty,
      hash: drillRevisions.hash,
      source: studioDrafts.source,
      draftUpdatedAt: studioDrafts.updatedAt,
    })
    .from(drills)
    .leftJoin(drillRevisions, eq(drillRevisions.id, drills.currentRevisionId))
    .leftJoin(studioDrafts, eq(studioDrafts.drillId, drills.id));
  const tallies = await db
    .select({
      drillId: attempts.drillId,
      first: sql<number>`count(*)::int`,
      right: sql<number>`count(*) filter (where ${inArray(attempts.outcome, ["hit", "correct_rejection"])})::int`,
    })
    .from(attempts)
    .where(eq(attempts.counted, true))
    .groupBy(attempts.drillId);
  const tally = new Map(tallies.map((row) => [row.drillId, row]));
  return rows.map((row) => {
    const working = row.source === null ? null : fieldsOfSource(row.source);
    const counts = tally.get(row.id);
    const changedAt = row.draftUpdatedAt && row.draftUpdatedAt > row.updatedAt ? row.draftUpdatedAt : row.updatedAt;
    return {
      id: row.id,
      origin: row.origin,
      file: row.file,
      status: row.status,
      title: row.title ?? (working?.title || row.id),
      locale: row.locale ?? working?.locale ?? "",
      flawTypes: row.flawTypes ?? [...new Set((working?.flaws ?? []).map((flaw) => flaw.type).filter(isFlawType))],
      difficulty: row.difficulty ?? (Number(working?.difficulty) || null),
      firstAttempts: counts?.first ?? 0,
      facility: counts && counts.first > 0 ? counts.right / counts.first : null,
      changedAt: changedAt.toISOString(),
      unpublished: row.source !== null && row.hash !== workingCopyHash(row.source),
    };
  });
}
