import { createHash, createHmac } from "node:crypto";
import { getEnv } from "~/app/env.server";

/** The stored form of a receipt code: SHA-256 of its canonical form (enough for 130 random bits, and it allows lookup). */
export function receiptHash(canonicalCode: string): string {
  return createHash("sha256").update(`redline-receipt:${canonicalCode}`).digest("hex");
}

/**
 * A keyed hash (HMAC-SHA256) for one purpose, so a value that identifies someone (a user id and a
 * day, a client address) is stored only in a form that cannot be looked up without the secret,
 * and the same value hashes differently for different purposes.
 */
export function keyedHash({ secret, purpose, value }: { secret: string; purpose: string; value: string }): string {
  const key = createHmac("sha256", secret).update(`redline:near-miss:${purpose}`).digest();
  return createHmac("sha256", key).update(value).digest("hex");
}

/** The server's secret for the channel's keyed hashes: the session secret (NEAR_MISS_SECRET when set). */
export function nearMissSecret(): string {
  const env = getEnv();
  return env.NEAR_MISS_SECRET ?? env.SESSION_SECRET;
}
