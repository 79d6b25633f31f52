import pino from "pino";

// Paths are redacted wherever they appear, so a careless log call cannot
// leak a password, a session token or a cookie.
export const logger = pino({
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
});
