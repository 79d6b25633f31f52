import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills, studioDrafts } from "~/db/schema";
import { listedItemAnalyses } from "~/app/item-analysis/item-analysis.server";
import { itemAnalysisMinAttempts } from "~/app/item-analysis/settings.server";
import { isFlawType } from "~/app/vocabulary";
import { workingCopyHash } from "./studio-drills.server";
import type { DrillListRow } from "./drill-list";
import { fieldsOfSource } from "./studio-source";

/** Every drill, file and studio, with what the list shows; first attempts only count, and the item analysis shows from the minimum number of them. */
export async function studioDrillRows({ db }: { db: Db }): Promise<{ rows: DrillListRow[]; minAttempts: number }> {
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
  const { minAttempts } = await itemAnalysisMinAttempts({ db });
  const difficulty = new Map(rows.map((row) => [row.id, row.difficulty]));
  const analyses = await listedItemAnalyses({ db, minAttempts, difficultyOf: (id) => difficulty.get(id) ?? null });
  const list = rows.map((row): DrillListRow => {
    const working = row.source === null ? null : fieldsOfSource(row.source);
    const analysed = analyses.get(row.id);
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
      firstAttempts: analysed?.attempts ?? 0,
      facility: analysed?.analysis?.facility ?? null,
      discrimination: analysed?.analysis?.discrimination ?? null,
      hints: analysed?.analysis?.hints ?? [],
      changedAt: changedAt.toISOString(),
      unpublished: row.source !== null && row.hash !== workingCopyHash(row.source),
    };
  });
  return { rows: list, minAttempts };
}
