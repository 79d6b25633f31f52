import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/app/db.server";
import { isJsonContentType, readJsonBody } from "~/app/production/api-request";
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, validateBatch } from "~/app/production/events";
import { ingestEvents } from "~/app/production/events.server";
import { authenticateApiToken, bearerToken } from "~/app/production/tokens.server";

/**
 * POST /api/v1/override-events: a batch of production AI-assist events from the live assistant,
 * with an admin-issued bearer token. Refusals are JSON `{ error }` with the status that says why;
 * a batch that arrives is answered 200 with what became of every item.
 */

function refusal(status: number, error: string, headers: Record<string, string> = {}) {
  return Response.json({ error }, { status, headers });
}

const methodNotAllowed = () => refusal(405, "Use POST with a JSON array of events.", { Allow: "POST" });

export function loader() {
  return methodNotAllowed();
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  const db = await getDb();

  const token = bearerToken(request.headers.get("authorization"));
  if (!token) return refusal(401, "Send an API token: Authorization: Bearer <token>.", { "WWW-Authenticate": 'Bearer realm="redline"' });
  const client = await authenticateApiToken({ db, token });
  if (!client) return refusal(401, "The token is not valid: it is unknown or has been revoked.", { "WWW-Authenticate": 'Bearer realm="redline", error="invalid_token"' });

  if (!isJsonContentType(request.headers.get("content-type"))) return refusal(415, "Send the events as Content-Type: application/json.");
  const body = await readJsonBody(request, { maxBytes: MAX_BATCH_BYTES });
  // A refusal before the whole body is read: the client should not keep sending the rest on this connection.
  if (!body.ok) return refusal(body.status, body.reason, body.status === 413 ? { Connection: "close" } : {});
  if (!Array.isArray(body.value)) return refusal(400, "The body must be a JSON array of events.");
  if (body.value.length > MAX_BATCH_EVENTS) {
    return refusal(413, `A batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${body.value.length}. Split it into smaller batches.`);
  }

  const result = await ingestEvents({ db, batch: validateBatch(body.value), tokenId: client.id });
  return Response.json(result);
}
