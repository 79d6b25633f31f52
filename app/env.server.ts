import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  SESSION_SECRET: z.string().min(16).optional(),
  /** Keys the near-miss channel's hashes of who filed today and of guessing clients; defaults to SESSION_SECRET. */
  NEAR_MISS_SECRET: z.string().min(16).optional(),
  /** How many reverse proxies in front of the app to trust for X-Forwarded-For (0: use the socket's address). */
  TRUST_PROXY: z.coerce.number({ error: "TRUST_PROXY must be a number of proxies, e.g. 1" }).int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema> & { SESSION_SECRET: string };

let cached: Env | undefined;

/** Parsed once; a bad variable stops the process with the variable's name. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
    throw new Error("Invalid environment:\n  SESSION_SECRET: required when NODE_ENV=production (16+ characters)");
  }
  cached = { ...env, SESSION_SECRET: env.SESSION_SECRET ?? "redline-development-secret-not-for-production" };
  return cached;
}
