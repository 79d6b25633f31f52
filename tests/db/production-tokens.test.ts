import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { apiTokens, auditLog, users } from "~/db/schema";
import { getUser, updateUser } from "~/app/admin/users.server";
import { hashToken } from "~/app/auth/sessions.server";
import { InputError } from "~/app/input-error";
import { violatedUniqueConstraint } from "~/db/errors";
import { authenticateApiToken, bearerToken, createApiToken, listApiTokens, revokeApiToken } from "~/app/production/tokens.server";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase();

async function admin() {
  const team = await makeTeam(connection.db, { name: "Support" });
  return makeUser(connection.db, { teamId: team.id, passwordHash: "x", role: "admin", email: "root@example.test" });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error instanceof InputError ? error : null;
}

describe("API tokens", () => {
  it("are shown once and stored only as a hash", async () => {
    const actor = await admin();
    const created = await createApiToken({ db: connection.db, actorId: actor.id, name: "Helpdesk assistant" });
    expect(bearerToken(`Bearer ${created.token}`)).toBe(created.token);
    const [row] = await connection.db.select().from(apiTokens);
    expect(row?.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const second = await createApiToken({ db: connection.db, actorId: actor.id, name: "Second" });
    expect(second.token).not.toBe(created.token);
  });

  it("authenticate while live and note the last use; an unknown or revoked token matches nothing", async () => {
    const actor = await admin();
    const created = await createApiToken({ db: connection.db, actorId: actor.id, name: "Helpdesk" });
    const [fresh] = await listApiTokens({ db: connection.db });
    expect(fresh).toMatchObject({ name: "Helpdesk", createdByEmail: "root@example.test", lastUsedAt: null, revokedAt: null });

    const usedAt = new Date("2026-03-02T14:05:00Z");
    expect(await authenticateApiToken({ db: connection.db, token: created.token, now: usedAt })).toEqual({ id: created.id });
    expect((await listApiTokens({ db: connection.db }))[0]?.lastUsedAt).toEqual(usedAt);
    expect(await authenticateApiToken({ db: connection.db, token: `rl_${"x".repeat(43)}` })).toBeNull();

    await revokeApiToken({ db: connection.db, actorId: actor.id, tokenId: created.id });
    expect(await authenticateApiToken({ db: connection.db, token: created.token })).toBeNull();
    expect((await listApiTokens({ db: connection.db }))[0]?.revokedAt).not.toBeNull();
  });

  it("refuses to revoke a token twice (409) or one that does not exist (404)", async () => {
    const actor = await admin();
    const created = await createApiToken({ db: connection.db, actorId: actor.id, name: "Helpdesk" });
    await revokeApiToken({ db: connection.db, actorId: actor.id, tokenId: created.id });
    expect((await refusal(revokeApiToken({ db: connection.db, actorId: actor.id, tokenId: created.id })))?.status).toBe(409);
    expect((await refusal(revokeApiToken({ db: connection.db, actorId: actor.id, tokenId: 999_999 })))?.status).toBe(404);
  });

  it("audits every change without the token, with no actor from the command line", async () => {
    const actor = await admin();
    const cli = await createApiToken({ db: connection.db, actorId: null, name: "From the CLI" });
    const ui = await createApiToken({ db: connection.db, actorId: actor.id, name: "From the UI" });
    await revokeApiToken({ db: connection.db, actorId: actor.id, tokenId: cli.id });
    const entries = await connection.db.select().from(auditLog).orderBy(auditLog.id);
    expect(entries.map(({ actorId, action, targetType, targetId, details }) => ({ actorId, action, targetType, targetId, details }))).toEqual([
      { actorId: null, action: "api_token.create", targetType: "api_token", targetId: String(cli.id), details: { name: "From the CLI" } },
      { actorId: actor.id, action: "api_token.create", targetType: "api_token", targetId: String(ui.id), details: { name: "From the UI" } },
      { actorId: actor.id, action: "api_token.revoke", targetType: "api_token", targetId: String(cli.id), details: { name: "From the CLI" } },
    ]);
    const logged = JSON.stringify(entries);
    for (const token of [cli.token, ui.token]) {
      expect(logged).not.toContain(token);
      expect(logged).not.toContain(hashToken(token));
    }
  });
});

describe("a user's agent reference", () => {
  it("is set, kept unique with an error on its field, and cleared by an admin", async () => {
    const actor = await admin();
    const team = await makeTeam(connection.db, { name: "Returns" });
    const dana = await makeUser(connection.db, { teamId: team.id, passwordHash: "x", email: "dana@example.test", name: "Dana" });
    const omar = await makeUser(connection.db, { teamId: team.id, passwordHash: "x", email: "omar@example.test", name: "Omar" });
    const input = (user: typeof dana) => ({ email: user.email, name: user.name, role: user.role, teamId: user.teamId });

    await updateUser({ db: connection.db, actorId: actor.id, userId: dana.id, input: input(dana), disabled: false, agentRef: "ZD-1" });
    expect((await getUser({ db: connection.db, userId: dana.id }))?.agentRef).toBe("ZD-1");

    const taken = await refusal(updateUser({ db: connection.db, actorId: actor.id, userId: omar.id, input: input(omar), disabled: false, agentRef: "ZD-1" }));
    expect(taken?.field).toBe("agentRef");
    expect(taken?.message).toBe("Dana already has the agent reference ZD-1.");

    // Saving Dana again with her own reference is no clash; leaving it out keeps it; null clears it.
    await updateUser({ db: connection.db, actorId: actor.id, userId: dana.id, input: input(dana), disabled: false, agentRef: "ZD-1" });
    await updateUser({ db: connection.db, actorId: actor.id, userId: dana.id, input: { ...input(dana), name: "Dana S." }, disabled: false });
    expect((await getUser({ db: connection.db, userId: dana.id }))?.agentRef).toBe("ZD-1");
    await updateUser({ db: connection.db, actorId: actor.id, userId: dana.id, input: input(dana), disabled: false, agentRef: null });
    const [row] = await connection.db.select({ agentRef: users.agentRef }).from(users).where(eq(users.id, dana.id));
    expect(row?.agentRef).toBeNull();

    const audited = await connection.db.select().from(auditLog).where(eq(auditLog.action, "user.update"));
    expect(audited[0]?.details).toMatchObject({ before: { agentRef: null }, after: { agentRef: "ZD-1" } });
  });

  it("given to two users at once, goes to one; the other is refused at its field, never a 500", async () => {
    const actor = await admin();
    const team = await makeTeam(connection.db, { name: "Returns" });
    const people = await Promise.all(["a", "b", "c", "d"].map((n) => makeUser(connection.db, { teamId: team.id, passwordHash: "x", email: `${n}@example.test`, name: n })));
    const results = await Promise.allSettled(
      people.map((user) => updateUser({ db: connection.db, actorId: actor.id, userId: user.id, input: { email: user.email, name: user.name, role: user.role, teamId: user.teamId }, disabled: false, agentRef: "ZD-RACE" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ field: "agentRef", status: 400 });
    }
    expect(await connection.db.select().from(users).where(eq(users.agentRef, "ZD-RACE"))).toHaveLength(1);
  });
});

describe("a unique constraint lost in a race", () => {
  it("is told apart from other errors, from either driver's error", () => {
    expect(violatedUniqueConstraint(new Error("boom", { cause: { code: "23505", constraint_name: "users_email_unique" } }))).toBe("users_email_unique");
    expect(violatedUniqueConstraint(new Error("boom", { cause: { code: "23505", constraint: "users_agent_ref_unique" } }))).toBe("users_agent_ref_unique");
    expect(violatedUniqueConstraint(new Error("boom", { cause: { code: "23503" } }))).toBeNull();
    expect(violatedUniqueConstraint("nothing")).toBeNull();
  });
});
