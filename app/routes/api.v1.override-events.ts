import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/app/db.server";
import { methodNotAllowed, readApiBatch } from "~/app/production/api-batch.server";
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, validateBatch } from "~/app/production/events";
import { ingestEvents } from "~/app/production/events.server";

/**
 * POST /api/v1/override-events: a batch of production AI-assist events from the live assistant,
 * with an admin-issued bearer token. Refusals are JSON `{ error }` with the status that says why;
 * a batch that arrives is answered 200 with what became of every item.
 */

export function loader() {
  return methodNotAllowed("events");
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("events");
  const db = await getDb();
  const batch = await readApiBatch(request, { db, maxBytes: MAX_BATCH_BYTES, maxItems: MAX_BATCH_EVENTS, noun: "events" });
  if (!batch.ok) return batch.response;
  return Response.json(await ingestEvents({ db, batch: validateBatch(batch.items), tokenId: batch.tokenId }));
}
