import { afterAll, beforeAll, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { DEMO_USERS, isEmpty, seedDemo } from "~/db/seed";
import { teamLeaders, teams, users } from "~/db/schema";
import { createTestDatabase } from "./test-database";

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());

it("seeds 3 teams and 12 users covering every role, each team with agents and a leader", async () => {
  expect(await isEmpty(connection.db)).toBe(true);
  await seedDemo({ db: connection.db, passwordHash: "$argon2id$placeholder" });
  expect(await isEmpty(connection.db)).toBe(false);
  const allUsers = await connection.db.select().from(users);
  const allTeams = await connection.db.select().from(teams);
  expect(allTeams).toHaveLength(3);
  expect(allUsers).toHaveLength(DEMO_USERS.length);
  const roles = allUsers.map((u) => u.role);
  expect(roles.filter((r) => r === "admin")).toHaveLength(1);
  expect(roles.filter((r) => r === "author")).toHaveLength(2);
  expect(roles.filter((r) => r === "leader")).toHaveLength(2);
  const leaders = await connection.db.select().from(teamLeaders);
  for (const team of allTeams) {
    expect(allUsers.some((u) => u.teamId === team.id && u.role === "agent")).toBe(true);
    expect(leaders.some((l) => l.teamId === team.id)).toBe(true);
  }
});
