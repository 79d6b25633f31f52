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
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const roomLeft = res.write(value);
      // compression buffers until flushed: streamed HTML should reach the browser as it is rendered.
      (res as ExpressResponse & { flush?: () => void }).flush?.();
      if (!roomLeft) await drainedOrClosed(res);
    }
    res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

function drainedOrClosed(res: ExpressResponse) {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
