import pino from "pino";

// Paths are redacted wherever they appear, so a careless log call cannot
// leak a password, a session token or a cookie.
export const LOGGER_OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "redline" },
  redact: {
    paths: [
      "password",
      "*.password",
      "newPassword",
      "*.newPassword",
      "token",
      "*.token",
      "cookie",
      "*.cookie",
      "headers.cookie",
      "*.headers.cookie",
      "headers.authorization",
      "*.headers.authorization",
      "set-cookie",
      "*.set-cookie",
    ],
    censor: "[redacted]",
  },
};

export const logger = pino(LOGGER_OPTIONS);

/**
 * What may be logged of an error: its type, the first line of its message, the database's
 * reason when it has one, and the stack frames. A failed drizzle query's message carries the
 * SQL and its parameters (an agent's rewrite, a stored score), so it is replaced.
 */
export function loggableError(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const cause = error.cause instanceof Error ? error.cause : null;
  const firstLine = error.message.split("\n", 1)[0] ?? "";
  return {
    type: error.name,
    message: firstLine.startsWith("Failed query") ? "a database query failed" : firstLine.slice(0, 300),
    ...(cause ? { cause: { type: cause.name, code: "code" in cause ? String(cause.code) : undefined, message: (cause.message.split("\n", 1)[0] ?? "").slice(0, 300) } } : {}),
    stack: (error.stack ?? "").split("\n").filter((line) => line.startsWith("    at ")).slice(0, 10).join("\n"),
  };
}
