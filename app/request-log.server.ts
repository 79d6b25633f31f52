import type { RequestHandler } from "express";
import type { Logger } from "pino";

/**
 * The near-miss channel's reporter-facing pages (the report form, its status page, and their
 * single-fetch data requests). A line in the request log dates a request to the millisecond, and
 * the order of those lines is the order reports were filed in: so these requests are not logged,
 * except failures, which are logged with method, path and status only. Nothing of any request is
 * ever logged beyond method, path, status and duration: no body, query, user, address or agent.
 */
const REPORTER_PATHS = /^\/report(?:\/status)?(?:\.data|\/)?$/;

export function isReporterPath(path: string): boolean {
  return REPORTER_PATHS.test(path);
}

/** What the request log records of one request, or null when it records nothing. */
export function requestLogEntry({ method, path, status, ms }: { method: string; path: string; status: number; ms: number }): Record<string, string | number> | null {
  if (isReporterPath(path)) return status >= 500 ? { method, path, status } : null;
  return { method, path, status, ms };
}

/** The request-logging middleware of the server (`app/cli/start.ts`). */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on("finish", () => {
      const entry = requestLogEntry({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) });
      if (entry) logger.info(entry, "request");
    });
    next();
  };
}
