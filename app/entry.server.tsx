import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { loggableError, logger } from "./logger.server";
import { isReporterPath } from "./request-log.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce (app/cli/start.ts). */
    cspNonce: string;
    /** The client's address: the socket's, or X-Forwarded-For's behind TRUST_PROXY proxies. */
    clientAddress: string;
  }
}

const ABORT_DELAY = 5_000;

/** Remix's default document rendering: bots get the whole page at once, browsers a stream. */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
        shellRendered = true;
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors inside the shell reject above; after it, log them (React has already reported them to the boundary).
        if (shellRendered) logger.error({ err: loggableError(error) }, "render failed");
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Every unexpected server error is logged here, once, without what it carried: a failed query's
 * SQL and parameters hold an agent's rewrite or a stored answer key, so only the kind of error,
 * the database's own reason and the stack frames are logged.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const path = new URL(request.url).pathname;
  // On the near-miss reporter pages even an error's first line could quote what was typed: its type only.
  const err = isReporterPath(path) ? { type: error instanceof Error ? error.name : typeof error } : loggableError(error);
  logger.error({ err, method: request.method, path }, "request failed");
};
