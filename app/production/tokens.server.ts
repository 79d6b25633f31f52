import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { apiTokens, users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { hashToken } from "~/app/auth/sessions.server";
import { InputError } from "~/app/input-error";

/**
 * Bearer tokens for the production events API. A token is 32 random bytes, shown once when it is
 * made; only its SHA-256 is stored, so a database dump holds no usable token. Every change is in
 * the audit log (actor null for the command line).
 */

/** Marks a Redline token in a config file or a secret scanner's findings. */
export const TOKEN_PREFIX = "rl_";
const TOKEN_PATTERN = /^rl_[A-Za-z0-9_-]{43}$/;

export type ApiTokenRow = {
  id: number;
  name: string;
  createdAt: Date;
  createdByEmail: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Makes a token; the returned `token` is the only copy there will ever be. */
export async function createApiToken({ db, actorId, name, now = new Date() }: { db: Db; actorId: number | null; name: string; now?: Date }) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ name, tokenHash: hashToken(token), createdBy: actorId, createdAt: now }).returning({ id: apiTokens.id, name: apiTokens.name });
    if (!row) throw new Error("token insert returned nothing");
    await recordAudit(tx, { actorId, action: "api_token.create", targetType: "api_token", targetId: row.id, details: { name } });
    return { id: row.id, name: row.name, token };
  });
}

const tokenRow = {
  id: apiTokens.id,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  createdByEmail: users.email,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** Every token, newest first, with who made it and when it was last used. */
export async function listApiTokens({ db }: { db: Db }): Promise<ApiTokenRow[]> {
  return db
    .select(tokenRow)
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.id));
}

export async function getApiToken({ db, tokenId }: { db: Db; tokenId: number }): Promise<ApiTokenRow | null> {
  const [row] = await db
    .select(tokenRow)
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.id, tokenId));
  return row ?? null;
}

/** Revokes a token for good: every request with it is refused from now on. */
export async function revokeApiToken({ db, actorId, tokenId, now = new Date() }: { db: Db; actorId: number | null; tokenId: number; now?: Date }) {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ name: apiTokens.name, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, tokenId)).for("update");
    if (!row) throw new InputError(null, "No such token.", { status: 404, problem: "unknown_token" });
    if (row.revokedAt) throw new InputError(null, `The token "${row.name}" is already revoked.`, { status: 409, problem: "already_revoked" });
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, tokenId));
    await recordAudit(tx, { actorId, action: "api_token.revoke", targetType: "api_token", targetId: tokenId, details: { name: row.name } });
  });
}

/** The token of an `Authorization: Bearer …` header, or null when there is none or it is not shaped like one of ours. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  const token = match?.[1];
  return token && TOKEN_PATTERN.test(token) ? token : null;
}

/**
 * The live token a request presents, noting that it was used (one statement: a revoked or
 * unknown token matches nothing), or null.
 */
export async function authenticateApiToken({ db, token, now = new Date() }: { db: Db; token: string; now?: Date }): Promise<{ id: number } | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return row ?? null;
}
