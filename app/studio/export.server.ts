import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { drillYaml } from "~/app/content/drill-yaml";

export type ExportSummary = { written: string[]; skipped: { id: string; reason: string }[] };

/** The folder a drill's file goes in: its theme, the first word of its id (refunds-day-31 → refunds/), as in drills/. */
export function themeOf(drillId: string) {
  return drillId.split("-")[0] ?? drillId;
}

/**
 * Writes every live studio drill's latest published revision as a drill file, in its canonical
 * form, to `<outDir>/<theme>/<id>.yaml`. A file written here says exactly what its revision says,
 * so content:check accepts it and content:sync of it adds no revision (it takes the drill over).
 * Drafts never published and retired drills have nothing to export and are listed as skipped.
 */
export async function exportStudioDrills({ db, outDir }: { db: Db; outDir: string }): Promise<ExportSummary> {
  const rows = await db
    .select({ id: drills.id, status: drills.status, content: drillRevisions.content })
    .from(drills)
    .leftJoin(drillRevisions, eq(drillRevisions.id, drills.currentRevisionId))
    .where(and(eq(drills.origin, "studio"), inArray(drills.status, ["draft", "active", "needs_review", "retired"])))
    .orderBy(drills.id);
  const summary: ExportSummary = { written: [], skipped: [] };
  for (const row of rows) {
    if (!row.content) {
      summary.skipped.push({ id: row.id, reason: "never published" });
      continue;
    }
    if (row.status === "retired") {
      summary.skipped.push({ id: row.id, reason: "retired" });
      continue;
    }
    const file = path.join(outDir, themeOf(row.id), `${row.id}.yaml`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, drillYaml(row.content));
    summary.written.push(file);
  }
  return summary;
}
