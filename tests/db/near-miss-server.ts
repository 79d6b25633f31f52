import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import express from "express";
import { handleError } from "~/app/entry.server";
import { logger } from "~/app/logger.server";
import { requestLogger } from "~/app/request-log.server";
import * as reportRoute from "~/app/routes/report._index";
import * as statusRoute from "~/app/routes/report.status";

/**
 * The reporter's two routes behind the server's own request logging, trusted-proxy setting and
 * error logging (`app/cli/start.ts`, `app/entry.server.tsx`), over real HTTP: what a request
 * carries (cookie, X-Forwarded-For, user agent) reaches the route exactly as in production,
 * without a build. Loaders and actions run as Remix runs them; their data is answered as JSON.
 */
type Route = { loader: (args: ActionFunctionArgs) => unknown; action: (args: ActionFunctionArgs) => unknown };
const ROUTES: Record<string, Route> = { "/report": reportRoute, "/report/status": statusRoute };

function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && "type" in value && value.type === "DataWithResponseInit";
}

export async function startReportServer({ trustProxy = 1 }: { trustProxy?: number } = {}) {
  const app = express();
  app.set("trust proxy", trustProxy);
  app.use(requestLogger(logger));
  app.all(Object.keys(ROUTES), async (req, res) => {
    const route = ROUTES[req.path];
    if (!route) return void res.status(404).end();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://${req.get("host") ?? "localhost"}${req.originalUrl}`, {
      method: req.method,
      headers,
      ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: Readable.toWeb(req) as ReadableStream, duplex: "half" }),
    });
    const context: AppLoadContext = { cspNonce: "", clientAddress: req.ip ?? "" };
    const args = { request, params: {}, context };
    try {
      const result = await (req.method === "GET" ? route.loader(args) : route.action(args));
      if (isDataWithInit(result)) res.status(result.init?.status ?? 200).json(result.data);
      else res.status(200).json(result ?? null);
    } catch (thrown) {
      if (thrown instanceof Response) {
        res.status(thrown.status);
        thrown.headers.forEach((value, name) => res.setHeader(name, value));
        res.send(await thrown.text());
        return;
      }
      handleError(thrown, { request, params: {}, context });
      res.status(500).type("text/plain").send("Unexpected Server Error");
    }
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
