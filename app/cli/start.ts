import { parseArgs } from "node:util";
import path from "node:path";
// The adapter's own request builder (typed in its server.d.ts, not re-exported by its index); its
// response sender is replaced by sendResponse, which waits for the socket.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import { getConnection } from "~/app/db.server";
import { getEnv } from "~/app/env.server";
import { sendResponse } from "~/app/http-response.server";
import { logger } from "~/app/logger.server";
import { requestLogger } from "~/app/request-log.server";
import { csrfRejection } from "~/app/security/csrf";
import { securityHeaders } from "~/app/security/headers.server";
import { bodyRefusal } from "~/app/security/request-body";
import { prepareDatabase } from "./prepare-database";

// V8 lets the old generation grow to up to four times what survived the last major collection
// before it collects again. The server's live heap is about 35 MB, and nearly every row a
// streamed CSV export reads is promoted there, so during the export of a million attempts it
// filled with about 110 MB of dead rows between collections (peak 270 MB resident). Growing by at
// most as much as survived keeps the peak near 190 MB (by half: 170 MB, but the insights pages'
// major collections then cost them 5–15 ms of CPU a request). V8 reads the flag at each
// collection, so setting it here, before the Remix build is imported, takes effect
// (docs/design.md, "The export's memory").
v8.setFlagsFromString("--heap-growing-percent=100");

const { values: args } = parseArgs({ options: { demo: { type: "boolean", default: false } } });

const env = getEnv();
const connection = await getConnection();
const prepared = await prepareDatabase({ connection, env, demo: args.demo });

const buildPath = path.resolve("build/server/index.js");
const build: ServerBuild = await import(buildPath);

/** Refused bodies up to this size are read and thrown away so the client gets its 413. */
const DISCARD_UP_TO = 32 * 1024 * 1024;

const app = express();
app.disable("x-powered-by");
// Only as many proxy hops as the operator says are trusted may set the client address (X-Forwarded-For).
app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());
app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
});
app.use(securityHeaders({ production: env.NODE_ENV === "production" }));
// Hashed file names: a changed asset is a new URL, so browsers may keep each for a year.
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
// Everything after the static files is per user: never stored by a browser or a proxy.
app.use((_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
});

// Method, path, status and time only; the near-miss reporter pages not at all (app/request-log.server.ts).
app.use(requestLogger(logger));

app.use((req, res, next) => {
  const refusal = bodyRefusal({
    method: req.method,
    path: req.path,
    search: req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "",
    contentType: req.get("content-type") ?? null,
    contentLength: req.get("content-length") ?? null,
    chunked: (req.get("transfer-encoding") ?? "").toLowerCase().includes("chunked"),
  });
  if (!refusal) return next();
  logger.warn({ method: req.method, path: req.path, status: refusal.status }, "request body refused");
  const send = () => {
    if (req.path.startsWith("/api/")) res.status(refusal.status).json({ error: refusal.message });
    else res.status(refusal.status).type("text/plain").send(refusal.message);
  };
  // A client still sending its body would see the connection reset instead of the answer: a body
  // of modest size is discarded as it arrives (never kept), then answered; a huge one is cut off.
  if (Number(req.get("content-length") ?? "0") <= DISCARD_UP_TO) {
    req.on("end", send).resume();
  } else {
    res.setHeader("Connection", "close");
    send();
  }
});

app.use((req, res, next) => {
  const reason = csrfRejection({
    method: req.method,
    host: req.get("host") ?? null,
    origin: req.get("origin") ?? null,
    referer: req.get("referer") ?? null,
    hasSessionCookie: (req.get("cookie") ?? "").includes("redline_session="),
  });
  if (!reason) return next();
  logger.warn({ method: req.method, path: req.path, reason }, "csrf refused");
  res.status(403).type("text/plain").send("Refused: this request came from another site (cross-site request forgery protection).");
});

// Always "production" mode: in development mode Remix sends an unexpected error's message and
// stack to the browser, and a failed query's message holds its SQL and parameters (the answer
// key among them). The logs keep the error (entry.server's handleError).
const handleRequest = createRequestHandler(build, "production");
app.all("*", (req, res, next) => {
  const context = { cspNonce: String(res.locals.cspNonce), clientAddress: req.ip ?? "" };
  handleRequest(createRemixRequest(req, res), context)
    .then((response) => sendResponse(res, response))
    .catch(next);
});

const server = app.listen(env.PORT, env.HOST, () => {
  const url = `http://${env.HOST}:${env.PORT}`;
  logger.info({ url, db: connection.kind }, "listening");
  console.log(`\nRedline is running at ${url}  (database: ${connection.kind}${connection.kind === "pglite" ? `, ${env.DATA_DIR}` : ""})`);
  for (const line of prepared.summary) console.log(line);
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  server.close();
  server.closeAllConnections();
  connection
    .close()
    .catch((error: unknown) => logger.error({ err: error }, "closing the database failed"))
    .finally(() => process.exit(0));
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
