import type { Db } from "~/db/client.server";
import { isJsonContentType, readJsonBody } from "./api-request";
import { authenticateApiToken, bearerToken } from "./tokens.server";

/**
 * The request handling every `/api/v1/…` batch endpoint shares: a live bearer token (401), JSON
 * (415), a body within its size (413, or 400 when it is not a JSON array) and at most `maxItems`
 * items (413). Refusals are JSON `{ error }` with the status that says why; what passes is the
 * array, unchecked item by item (each endpoint's own schema does that), and the token's id.
 */

export type ApiBatch = { ok: true; items: unknown[]; tokenId: number } | { ok: false; response: Response };

export function apiRefusal(status: number, error: string, headers: Record<string, string> = {}) {
  return Response.json({ error }, { status, headers });
}

/** What a GET (or any method but POST) on a batch endpoint is answered. */
export function methodNotAllowed(noun: string) {
  return apiRefusal(405, `Use POST with a JSON array of ${noun}.`, { Allow: "POST" });
}

export async function readApiBatch(request: Request, { db, maxBytes, maxItems, noun }: { db: Db; maxBytes: number; maxItems: number; noun: string }): Promise<ApiBatch> {
  const refuse = (...args: Parameters<typeof apiRefusal>) => ({ ok: false as const, response: apiRefusal(...args) });
  const token = bearerToken(request.headers.get("authorization"));
  if (!token) return refuse(401, "Send an API token: Authorization: Bearer <token>.", { "WWW-Authenticate": 'Bearer realm="redline"' });
  const client = await authenticateApiToken({ db, token });
  if (!client) return refuse(401, "The token is not valid: it is unknown or has been revoked.", { "WWW-Authenticate": 'Bearer realm="redline", error="invalid_token"' });

  if (!isJsonContentType(request.headers.get("content-type"))) return refuse(415, `Send the ${noun} as Content-Type: application/json.`);
  const body = await readJsonBody(request, { maxBytes, noun });
  // A refusal before the whole body is read: the client should not keep sending the rest on this connection.
  if (!body.ok) return refuse(body.status, body.reason, body.status === 413 ? { Connection: "close" } : {});
  if (!Array.isArray(body.value)) return refuse(400, `The body must be a JSON array of ${noun}.`);
  if (body.value.length > maxItems) {
    return refuse(413, `A batch holds at most ${maxItems} ${noun}; this one has ${body.value.length}. Split it into smaller batches.`);
  }
  return { ok: true, items: body.value, tokenId: client.id };
}
