import { inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { currentRevision } from "~/app/drills/drills.server";
import { libraryStats } from "~/app/content/validate";
import { compareReportedDrills, withText, type ContentReport, type ReportedDrill } from "./content-report";
import { drillItemAnalysis, listedItemAnalyses } from "./item-analysis.server";
import { itemAnalysisMinAttempts } from "./settings.server";

/** The ground-truth report from the database: the published library's mix, and each drill's item analysis from the minimum number of first attempts. */
export async function contentReport({ db }: { db: Db }): Promise<ContentReport> {
  const { minAttempts } = await itemAnalysisMinAttempts({ db });
  const rows = await db
    .select({ id: drills.id, origin: drills.origin, file: drills.file, status: drills.status, title: drillRevisions.title, difficulty: drillRevisions.difficulty, content: drillRevisions.content })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(inArray(drills.status, ["active", "needs_review"]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const listed = await listedItemAnalyses({ db, minAttempts, difficultyOf: (id) => byId.get(id)?.difficulty ?? null });
  const reported: ReportedDrill[] = [];
  let notEnough = 0;
  for (const [drillId, figures] of listed) {
    // Retired drills are no longer anyone's work.
    const drill = byId.get(drillId);
    if (!drill) continue;
    if (figures.analysis === null) {
      notEnough += 1;
      continue;
    }
    const { analysis } = await drillItemAnalysis({ db, drillId, revision: null, minAttempts });
    if (!analysis.enough) continue;
    reported.push({
      id: drillId,
      title: drill.title,
      origin: drill.origin,
      file: drill.file,
      status: drill.status,
      attempts: analysis.attempts,
      facility: analysis.facility,
      pointsFacility: analysis.pointsFacility,
      medianTimeMs: analysis.medianTimeMs,
      discrimination: analysis.discrimination,
      hints: withText(analysis.hints),
    });
  }
  return { minAttempts, mix: libraryStats(rows.map((row) => row.content)), drills: reported.sort(compareReportedDrills), notEnough };
}
