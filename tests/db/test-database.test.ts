import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { users } from "~/db/schema";
import { makeTeam, makeUser } from "~/db/factories";
import { createTestDatabase, resetDatabase, TABLES } from "./test-database";

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(async () => {
  await connection.close();
});

describe("the test database", () => {
  it("resets every table the migrations create", async () => {
    const created = await connection.db
      .select({ name: sql<string>`table_name` })
      .from(sql`information_schema.tables`)
      .where(sql`table_schema = 'public' and table_type = 'BASE TABLE'`);
    expect(created.length).toBeGreaterThan(10);
    expect([...TABLES].sort()).toEqual(created.map((row) => row.name).sort());
  });

  it("leaves nothing behind after a reset", async () => {
    const team = await makeTeam(connection.db);
    await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    await resetDatabase(connection);
    expect(await connection.db.select().from(users)).toHaveLength(0);
  });
});
