/**
 * Reading an API request's JSON body without trusting its size: the declared Content-Length is
 * checked before anything is read, and the stream is cut off as soon as it passes the limit
 * (a chunked body declares no length). Works on any Fetch API Request.
 */

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; reason: string };

/** `application/json`, optionally with `charset=utf-8` (JSON is UTF-8, RFC 8259). */
export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [type, ...parameters] = header.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  return parameters.every((parameter) => !parameter.startsWith("charset=") || parameter.replaceAll('"', "") === "charset=utf-8");
}

function megabytes(bytes: number) {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** `noun` names what the array holds ("events"), for the reason given when the body is empty. */
export async function readJsonBody(request: Request, { maxBytes, noun = "items" }: { maxBytes: number; noun?: string }): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, reason: `The body is larger than ${megabytes(maxBytes)}; send smaller batches.` };
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return tooLarge;

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Stop reading, but leave the stream be: cancelling it destroys the socket before the 413 goes out.
        reader.releaseLock();
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, reason: "The body is not valid UTF-8." };
  }
  if (text.trim() === "") return { ok: false, status: 400, reason: `The body is empty; send a JSON array of ${noun}.` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, status: 400, reason: `The body is not valid JSON: ${error instanceof Error ? error.message : "parse error"}.` };
  }
}
