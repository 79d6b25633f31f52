import { asc, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { nearMissReports, nearMissReportSections } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { nearMissDrillFields } from "./from-near-miss";
import { createStudioDrillFromSource } from "./studio-drills.server";
import { sourceOfFields } from "./studio-source";

/** Turns a near-miss report into a draft studio drill, linked from the report, in one transaction. */
export async function drillFromNearMiss({ db, actorId, reportId }: { db: Db; actorId: number; reportId: string }) {
  return db.transaction(async (tx) => {
    const [report] = await tx.select().from(nearMissReports).where(eq(nearMissReports.id, reportId)).for("update");
    if (!report) throw new InputError(null, "There is no such report.", { status: 404 });
    if (report.drillId) throw new InputError(null, `This report already became the drill ${report.drillId}.`, { status: 409, problem: "already_drilled" });
    const sections = await tx.select({ anchor: nearMissReportSections.anchor }).from(nearMissReportSections).where(eq(nearMissReportSections.reportId, reportId)).orderBy(asc(nearMissReportSections.anchor));
    const fields = nearMissDrillFields({ ...report, sections: sections.map((section) => section.anchor) });
    await createStudioDrillFromSource({ db: tx, actorId, id: fields.id, source: sourceOfFields(fields), details: { fromNearMiss: reportId } });
    await tx.update(nearMissReports).set({ drillId: fields.id }).where(eq(nearMissReports.id, reportId));
    return fields.id;
  });
}
