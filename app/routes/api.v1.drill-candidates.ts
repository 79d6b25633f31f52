import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/app/db.server";
import { MAX_BATCH_CANDIDATES, MAX_CANDIDATE_BATCH_BYTES, validateCandidates } from "~/app/drill-candidates/candidate-batch";
import { ingestCandidates } from "~/app/drill-candidates/candidates.server";
import { methodNotAllowed, readApiBatch } from "~/app/production/api-batch.server";

/**
 * POST /api/v1/drill-candidates: what the live assistant drafted, what the agent sent instead and
 * the customer's message, with the same bearer tokens, limits and refusals as the events API.
 * The texts are redacted before anything is stored; the answer says what became of every item.
 */

export function loader() {
  return methodNotAllowed("candidates");
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("candidates");
  const db = await getDb();
  const batch = await readApiBatch(request, { db, maxBytes: MAX_CANDIDATE_BATCH_BYTES, maxItems: MAX_BATCH_CANDIDATES, noun: "candidates" });
  if (!batch.ok) return batch.response;
  return Response.json(await ingestCandidates({ db, batch: validateCandidates(batch.items), tokenId: batch.tokenId }));
}
