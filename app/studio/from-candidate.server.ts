import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillCandidates } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { candidateDrillFields } from "./from-candidate";
import { createStudioDrillFromSource } from "./studio-drills.server";
import { sourceOfFields } from "./studio-source";

/** Turns a drill candidate into a draft studio drill, linked from the candidate, in one transaction (audited as the drill's creation). */
export async function drillFromCandidate({ db, actorId, candidateId }: { db: Db; actorId: number; candidateId: number }) {
  return db.transaction(async (tx) => {
    const [candidate] = await tx.select().from(drillCandidates).where(eq(drillCandidates.id, candidateId)).for("update");
    if (!candidate || candidate.status === "unchanged") throw new InputError(null, "There is no such candidate.", { status: 404 });
    if (candidate.drillId || candidate.status === "drilled") throw new InputError(null, `This candidate already became the drill ${candidate.drillId ?? "(since deleted)"}.`, { status: 409, problem: "already_drilled" });
    const fields = candidateDrillFields({ ...candidate, customerMessage: candidate.customerMessage ?? "", aiDraft: candidate.aiDraft ?? "", sentReply: candidate.sentReply ?? "" });
    await createStudioDrillFromSource({ db: tx, actorId, id: fields.id, source: sourceOfFields(fields), details: { fromCandidate: candidateId, proposedFlaws: fields.flaws.length } });
    await tx.update(drillCandidates).set({ status: "drilled", drillId: fields.id }).where(eq(drillCandidates.id, candidateId));
    return fields.id;
  });
}
