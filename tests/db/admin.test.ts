import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, teams, users } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { createTeam, getTeam, updateTeam } from "~/app/admin/teams.server";
import { createUser, getUser, updateUser } from "~/app/admin/users.server";
import { hashPassword } from "~/app/auth/password.server";
import { createTestDatabase, resetDatabase } from "./test-database";

let connection: Connection;
let passwordHash: string;

beforeAll(async () => {
  connection = await createTestDatabase();
  passwordHash = await hashPassword("admin-password-1");
});
afterAll(() => connection.close());
beforeEach(() => resetDatabase(connection));

async function organisation() {
  const team = await makeTeam(connection.db, { name: "Support" });
  const admin = await makeUser(connection.db, { teamId: team.id, passwordHash, role: "admin", email: "root@example.test" });
  return { team, admin };
}

async function expectInputError(promise: Promise<unknown>, field: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  if (error instanceof InputError) {
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  }
}

describe("users", () => {
  it("creates a user with a normalised email and audits it without the password", async () => {
    const { team, admin } = await organisation();
    const user = await createUser({
      db: connection.db,
      actorId: admin.id,
      input: { email: "New.Agent@Example.test", name: "New Agent", role: "agent", teamId: team.id },
      password: "a-long-password",
    });
    expect((await getUser({ db: connection.db, userId: user.id }))?.email).toBe("new.agent@example.test");
    const [entry] = await connection.db.select().from(auditLog);
    expect(entry).toMatchObject({ actorId: admin.id, action: "user.create", targetType: "user", targetId: String(user.id) });
    expect(JSON.stringify(entry?.details)).not.toContain("a-long-password");
  });

  it("refuses a duplicate email and writes nothing", async () => {
    const { team, admin } = await organisation();
    await expectInputError(
      createUser({ db: connection.db, actorId: admin.id, input: { email: "ROOT@example.test", name: "Dup", role: "agent", teamId: team.id }, password: "a-long-password" }),
      "email",
      /already has an account/,
    );
    expect(await connection.db.select().from(users)).toHaveLength(1);
    expect(await connection.db.select().from(auditLog)).toHaveLength(0);
  });

  it("refuses guessable passwords at their field, for new users and resets, and writes nothing", async () => {
    const { team, admin } = await organisation();
    for (const password of ["1234567890", "aaaaaaaaaa", "          ", "password123"]) {
      await expectInputError(
        createUser({ db: connection.db, actorId: admin.id, input: { email: "new@example.test", name: "New Person", role: "agent", teamId: team.id }, password }),
        "password",
        /Choose a harder password/,
      );
    }
    await expectInputError(
      updateUser({ db: connection.db, actorId: admin.id, userId: admin.id, input: { email: admin.email, name: admin.name, role: "admin", teamId: team.id }, disabled: false, newPassword: "qwertyuiop" }),
      "newPassword",
      /Choose a harder password/,
    );
    expect(await connection.db.select().from(users)).toHaveLength(1);
  });

  it("refuses an unknown team", async () => {
    const { admin } = await organisation();
    await expectInputError(
      createUser({ db: connection.db, actorId: admin.id, input: { email: "x@example.test", name: "X", role: "agent", teamId: 999 }, password: "a-long-password" }),
      "teamId",
      /existing team/,
    );
  });

  it("never disables or demotes the last active admin", async () => {
    const { team, admin } = await organisation();
    const input = { email: admin.email, name: admin.name, role: "admin" as const, teamId: team.id };
    await expectInputError(updateUser({ db: connection.db, actorId: admin.id, userId: admin.id, input, disabled: true }), "disabled", /last active admin/);
    await expectInputError(
      updateUser({ db: connection.db, actorId: admin.id, userId: admin.id, input: { ...input, role: "agent" }, disabled: false }),
      "role",
      /last active admin/,
    );
    expect((await getUser({ db: connection.db, userId: admin.id }))?.disabledAt).toBeNull();
    expect(await connection.db.select().from(auditLog)).toHaveLength(0);

    const second = await makeUser(connection.db, { teamId: team.id, passwordHash, role: "admin" });
    await updateUser({ db: connection.db, actorId: second.id, userId: admin.id, input, disabled: true });
    expect((await getUser({ db: connection.db, userId: admin.id }))?.disabledAt).not.toBeNull();
    const [entry] = await connection.db.select().from(auditLog);
    expect(entry?.details).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
  });
});

describe("teams", () => {
  it("creates a team with leaders and audits it", async () => {
    const { team, admin } = await organisation();
    const leader = await makeUser(connection.db, { teamId: team.id, passwordHash, role: "leader" });
    const created = await createTeam({ db: connection.db, actorId: admin.id, name: "Billing", leaderIds: [leader.id] });
    expect((await getTeam({ db: connection.db, teamId: created.id }))?.leaderIds).toEqual([leader.id]);
    const [entry] = await connection.db.select().from(auditLog);
    expect(entry).toMatchObject({ action: "team.create", actorId: admin.id });
  });

  it("refuses a duplicate name and a leader without the leader role, writing nothing", async () => {
    const { team, admin } = await organisation();
    await expectInputError(createTeam({ db: connection.db, actorId: admin.id, name: "Support", leaderIds: [] }), "name", /already exists/);
    await expectInputError(createTeam({ db: connection.db, actorId: admin.id, name: "Billing", leaderIds: [admin.id] }), "leaderIds", /leader role/);
    expect(await connection.db.select().from(teams)).toHaveLength(1);
    const leader = await makeUser(connection.db, { teamId: team.id, passwordHash, role: "leader" });
    await updateTeam({ db: connection.db, actorId: admin.id, teamId: team.id, name: "Support EU", leaderIds: [leader.id] });
    await expectInputError(updateTeam({ db: connection.db, actorId: admin.id, teamId: team.id, name: "Other", leaderIds: [admin.id] }), "leaderIds", /leader role/);
    expect(await getTeam({ db: connection.db, teamId: team.id })).toMatchObject({ name: "Support EU", leaderIds: [leader.id] });
  });
});
