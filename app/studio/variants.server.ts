import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { drillYaml } from "~/app/content/drill-yaml";
import { InputError } from "~/app/input-error";
import { proposeFlawedVariants, type FlawProposal, type SkippedProposal } from "./flaw-generator";
import { createStudioDrillFromSource, policiesInForce } from "./studio-drills.server";

/**
 * The flaw generator's proposals for a clean published drill, stored together as draft studio
 * drills (all or none) for an author to review, edit and publish. Each is audited as created from
 * the drill it varies.
 */
export async function createFlawedVariants({ db, actorId, drillId }: { db: Db; actorId: number; drillId: string }) {
  const [row] = await db.select({ content: drillRevisions.content }).from(drills).innerJoin(drillRevisions, eq(drillRevisions.id, drills.currentRevisionId)).where(eq(drills.id, drillId));
  if (!row) throw new InputError(null, `${drillId} has no published revision to vary.`, { status: 409 });
  if (row.content.flaws.length > 0) throw new InputError(null, "Variants are made from a clean control; this drill already has flaws.", { status: 409 });
  const [policies, ids] = await Promise.all([policiesInForce(db), db.select({ id: drills.id }).from(drills)]);
  const { proposals, skipped } = proposeFlawedVariants({ drill: row.content, policies: policies.map((entry) => entry.policy), takenIds: new Set(ids.map((entry) => entry.id)) });
  const created: { id: string; title: string; kind: FlawProposal["kind"] }[] = [];
  await db.transaction(async (tx) => {
    for (const proposal of proposals) {
      const id = proposal.document.id;
      await createStudioDrillFromSource({ db: tx, actorId, id, source: drillYaml(proposal.document), details: { generatedFrom: drillId, kind: proposal.kind } });
      created.push({ id, title: proposal.title, kind: proposal.kind });
    }
  });
  return { created, skipped: skipped satisfies SkippedProposal[] };
}
