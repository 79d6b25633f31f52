import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { calibrationRounds, calibrationTakes, users } from "~/db/schema";
import { parseDrillFile, type Drill } from "~/app/content/drill";
import { calibrationResults, openUnplantedSpans, type Take, type UnplantedSpan } from "./results";

/** A round's drill: the working copy it was asked for, parsed (it passed every check when asked). */
export function roundDrill(round: { id: number; source: string }): Drill {
  const { drill } = parseDrillFile(round.source, `calibration:${round.id}`);
  if (!drill) throw new Error(`calibration round ${round.id} stores a source that no longer parses`);
  return drill;
}

/** The submitted takes of a round, in the order they came, with the calibrators' names. */
export async function submittedTakes({ db, roundId }: { db: Db; roundId: number }): Promise<(Take & { submittedAt: Date })[]> {
  const rows = await db
    .select({ calibrator: users.name, marks: calibrationTakes.marks, decision: calibrationTakes.decision, timeOnTaskMs: calibrationTakes.timeOnTaskMs, submittedAt: calibrationTakes.submittedAt })
    .from(calibrationTakes)
    .innerJoin(users, eq(users.id, calibrationTakes.calibratorId))
    .where(and(eq(calibrationTakes.roundId, roundId), isNotNull(calibrationTakes.submittedAt)))
    .orderBy(calibrationTakes.submittedAt, calibrationTakes.calibratorId);
  return rows.flatMap(({ calibrator, marks, decision, timeOnTaskMs, submittedAt }) =>
    marks && decision && submittedAt ? [{ calibrator, marks, decision, timeOnTaskMs: timeOnTaskMs ?? 0, submittedAt }] : [],
  );
}

/**
 * The publish gate: the unplanted spans of the drill's latest round with a submitted take that
 * the drill about to be published still leaves open, and that round's id (what a confirmation names).
 */
export async function unplantedBeforePublishing({ db, drillId, drill }: { db: Db; drillId: string; drill: Pick<Drill, "draft" | "flaws"> }): Promise<{ roundId: number; spans: UnplantedSpan[] } | null> {
  const rounds = await db.select().from(calibrationRounds).where(eq(calibrationRounds.drillId, drillId)).orderBy(desc(calibrationRounds.id));
  for (const round of rounds) {
    const takes = await submittedTakes({ db, roundId: round.id });
    if (takes.length === 0) continue;
    const spans = openUnplantedSpans({ spans: calibrationResults({ drill: roundDrill(round), takes }).unplanted, drill });
    return spans.length > 0 ? { roundId: round.id, spans } : null;
  }
  return null;
}
