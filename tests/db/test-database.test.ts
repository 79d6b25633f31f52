import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/client.server";
import { users } from "~/db/schema";
import { makeTeam, makeUser } from "~/db/factories";
import { createTestDatabase, resetDatabase, TABLES } from "./test-database";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("the test database", () => {
  it("resets every table the migrations create", async () => {
    const created = await database.db
      .select({ name: sql<string>`table_name` })
      .from(sql`information_schema.tables`)
      .where(sql`table_schema = 'public' and table_type = 'BASE TABLE'`);
    expect(created.length).toBeGreaterThan(10);
    expect([...TABLES].sort()).toEqual(created.map((row) => row.name).sort());
  });

  it("leaves nothing behind after a reset", async () => {
    const team = await makeTeam(database.db);
    await makeUser(database.db, { teamId: team.id, passwordHash: "x" });
    await resetDatabase(database);
    expect(await database.db.select().from(users)).toHaveLength(0);
  });
});
