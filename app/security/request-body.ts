const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** The largest body each kind of endpoint reads; anything bigger is refused before it is read. */
export const BODY_LIMITS = {
  /** Every HTML form: a 20,000-character rewrite and 200 marks fit many times over. */
  form: 256 * 1024,
  /** The production events API: 5,000 events. */
  api: 5 * 1024 * 1024,
  /** The admin's CSV upload of production events (5,000 rows and more). */
  upload: 8 * 1024 * 1024,
  /** A policy's Markdown in the studio: a file or the text area, each at most MAX_POLICY_BYTES (1 MB), and the envelope. */
  policy: 3 * 1024 * 1024,
} as const;

export type BodyInput = { method: string; path: string; search: string; contentType: string | null; contentLength: string | null; chunked: boolean };
export type BodyRefusal = { status: 400 | 411 | 413 | 415; message: string };

function limitFor(path: string): { limit: number; json: boolean } {
  if (path.startsWith("/api/")) return { limit: BODY_LIMITS.api, json: true };
  if (path.startsWith("/admin/events/upload")) return { limit: BODY_LIMITS.upload, json: false };
  if (path.startsWith("/studio/policies/upload")) return { limit: BODY_LIMITS.policy, json: false };
  return { limit: BODY_LIMITS.form, json: false };
}

/**
 * Whether a request's body may be read, decided from its headers alone. Pages take form posts
 * only (Remix's actions read `request.formData()`); sizes are capped per kind
 * before a byte is read; a chunked body without a declared length is refused (411) rather than
 * streamed without limit. An empty form (sign-out, "Next drill") is a form too. Legacy `?_data=` requests are not Remix v2's single-fetch protocol: 400.
 */
export function bodyRefusal(input: BodyInput): BodyRefusal | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  if (new URLSearchParams(input.search).has("_data")) return { status: 400, message: "The _data parameter is not supported: post the form to the page itself." };
  const { limit, json } = limitFor(input.path);
  if (input.contentLength === null && input.chunked) return { status: 411, message: "Send the body with a Content-Length." };
  const length = Number(input.contentLength ?? "0");
  if (!Number.isSafeInteger(length) || length < 0) return { status: 400, message: "The Content-Length header is not a number." };
  if (length > limit) return { status: 413, message: `The request body is ${length} bytes; at most ${limit} are accepted here.` };
  // The API answers a wrong content type itself, in JSON.
  if (json) return null;
  const type = (input.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return FORM_TYPES.includes(type) ? null : { status: 415, message: "Send a form (Content-Type: application/x-www-form-urlencoded or multipart/form-data)." };
}
