import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { sessions } from "~/db/schema";
import { hashPassword } from "~/app/auth/password.server";
import { findSessionUser, hashToken, revokeSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/app/auth/sessions.server";
import { signIn } from "~/app/auth/sign-in.server";
import { THROTTLE } from "~/app/auth/throttle.server";
import { createTestDatabase, resetDatabase } from "./test-database";

let connection: Connection;
let passwordHash: string;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  connection = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => connection.close());
beforeEach(() => resetDatabase(connection));

async function agent(email = "kim@example.test") {
  const team = await makeTeam(connection.db);
  return makeUser(connection.db, { teamId: team.id, passwordHash, email });
}

describe("passwords", () => {
  it("are hashed with argon2id", () => {
    expect(passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe("signIn", () => {
  it("creates a session for the right password, case-insensitive email", async () => {
    const user = await agent();
    const result = await signIn({ db: connection.db, email: "  KIM@example.test ", password: PASSWORD });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.userId).toBe(user.id);
    const found = await findSessionUser({ db: connection.db, token: result.token });
    expect(found?.email).toBe("kim@example.test");
    // Only the hash of the token is stored.
    const rows = await connection.db.select().from(sessions);
    expect(rows.map((r) => r.tokenHash)).toEqual([hashToken(result.token)]);
  });

  it("issues a new session id on every sign-in", async () => {
    await agent();
    const first = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD });
    const second = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD });
    expect(first.ok && second.ok && first.token !== second.token).toBe(true);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    await agent();
    expect(await signIn({ db: connection.db, email: "kim@example.test", password: "nope" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn({ db: connection.db, email: "ghost@example.test", password: PASSWORD })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a disabled account only after the right password", async () => {
    const user = await agent();
    await connection.db.execute(`update users set disabled_at = now() where id = ${user.id}`);
    expect(await signIn({ db: connection.db, email: "kim@example.test", password: "nope" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD })).toEqual({ ok: false, reason: "disabled" });
  });

  it("throttles after 5 failures in 15 minutes, even with the right password, then lets go", async () => {
    await agent();
    const start = new Date("2026-11-24T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      const at = new Date(start.getTime() + i * 60_000);
      expect(await signIn({ db: connection.db, email: "kim@example.test", password: "bad", now: at })).toEqual({ ok: false, reason: "invalid" });
    }
    const sixth = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD, now: new Date(start.getTime() + 5 * 60_000) });
    expect(sixth).toEqual({ ok: false, reason: "throttled", scope: "account", retryAfterSeconds: 10 * 60 });
    const later = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD, now: new Date(start.getTime() + THROTTLE.windowMs + 1000) });
    expect(later.ok).toBe(true);
  });

  it("throttles per account: other accounts still sign in", async () => {
    await agent();
    const team = await makeTeam(connection.db);
    await makeUser(connection.db, { teamId: team.id, passwordHash, email: "other@example.test" });
    for (let i = 0; i < 6; i++) await signIn({ db: connection.db, email: "kim@example.test", password: "bad" });
    expect((await signIn({ db: connection.db, email: "other@example.test", password: PASSWORD })).ok).toBe(true);
  });
});

describe("sessions", () => {
  it("expire after the idle limit and after the absolute limit", async () => {
    await agent();
    const start = new Date("2026-11-24T08:00:00Z");
    const result = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD, now: start });
    if (!result.ok) throw new Error("sign-in failed");
    const token = result.token;
    expect(await findSessionUser({ db: connection.db, token, now: new Date(start.getTime() + SESSION_IDLE_MS - 1000) })).not.toBeNull();
    // Activity just now keeps it alive for another idle period...
    const active = new Date(start.getTime() + SESSION_IDLE_MS - 1000);
    expect(await findSessionUser({ db: connection.db, token, now: new Date(active.getTime() + SESSION_IDLE_MS - 1000) })).not.toBeNull();
    // ...but idleness ends it,
    expect(await findSessionUser({ db: connection.db, token, now: new Date(active.getTime() + 3 * SESSION_IDLE_MS) })).toBeNull();
    // and no activity outlives the absolute limit.
    await connection.db.update(sessions).set({ lastSeenAt: new Date(start.getTime() + SESSION_ABSOLUTE_MS) }).where(eq(sessions.tokenHash, hashToken(token)));
    expect(await findSessionUser({ db: connection.db, token, now: new Date(start.getTime() + SESSION_ABSOLUTE_MS + 1000) })).toBeNull();
  });

  it("are revoked by sign-out", async () => {
    await agent();
    const result = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD });
    if (!result.ok) throw new Error("sign-in failed");
    await revokeSession({ db: connection.db, token: result.token });
    expect(await findSessionUser({ db: connection.db, token: result.token })).toBeNull();
  });

  it("end when the user is disabled", async () => {
    const user = await agent();
    const result = await signIn({ db: connection.db, email: "kim@example.test", password: PASSWORD });
    if (!result.ok) throw new Error("sign-in failed");
    await connection.db.execute(`update users set disabled_at = now() where id = ${user.id}`);
    expect(await findSessionUser({ db: connection.db, token: result.token })).toBeNull();
  });
});
