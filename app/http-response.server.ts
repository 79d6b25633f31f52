import type { Response as ExpressResponse } from "express";

/**
 * Sends a Remix (Fetch API) response through Express, waiting for the socket whenever it is full.
 * Remix's own sender writes every chunk at once, so a large streamed CSV export to a slow client
 * would pile up in server memory; here the body is read only as fast as the client takes it, and
 * reading stops (the stream is cancelled) when the client goes away.
 */
export async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const flushSoon = flusher(res);
  const waitForRoom = roomWaiter(res);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const roomLeft = res.write(value);
      flushSoon();
      if (!roomLeft) await waitForRoom();
    }
    res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/**
 * compression buffers until flushed, and streamed HTML should reach the browser as it is rendered;
 * but React writes a page in many small chunks at once, and a gzip flush per chunk cost more than
 * the compression (and doubled the bytes). So the chunks written in one turn of the event loop are
 * flushed together, once.
 */
function flusher(res: ExpressResponse & { flush?: () => void }) {
  let pending = false;
  return () => {
    if (pending || !res.flush) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!res.writableEnded && !res.destroyed) res.flush?.();
    });
  };
}

/**
 * Waits until the socket (or compression's gzip stream) has room again, or the client went away.
 * One listener each for the whole response: compression hands `res.on("drain")` to its gzip
 * stream, where `res.once`'s wrapper is never removed, so a listener per wait piled up there
 * (Node's MaxListenersExceededWarning during a large export).
 */
function roomWaiter(res: ExpressResponse) {
  let wake: (() => void) | null = null;
  const resume = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  res.on("drain", resume);
  res.once("close", resume);
  return () => (res.destroyed ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));
}
