import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { makeTeam, makeUser } from "~/db/factories";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase();

/** The statements this connection has prepared whose text mentions the marker. */
async function preparedWith(db: typeof connection.db, marker: string) {
  // postgres.js (the only driver these tests run on) hands back the rows themselves.
  const rows = (await db.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`)) as unknown as { n: number }[];
  return rows[0]?.n;
}

// Only the PostgreSQL run has postgres.js under drizzle (db/client.server.ts); PGlite prepares nothing of ours.
describe.runIf(process.env.TEST_DATABASE_URL)("queries on PostgreSQL", () => {
  it("run as named prepared statements, inside transactions too, planned for their parameters", async () => {
    const user = await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x" });
    await connection.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        const [found] = await tx.select({ id: users.id, marker: sql<string>`'prepared-marker-1'` }).from(users).where(eq(users.id, user.id));
        expect(found?.id).toBe(user.id);
      }
      expect(await preparedWith(tx, "prepared-marker-1")).toBe(1);
      const [mode] = (await tx.execute(sql`select current_setting('plan_cache_mode') as mode`)) as unknown as { mode: string }[];
      expect(mode?.mode).toBe("force_custom_plan");
    });
  });

  it("leave a query of many parameters unnamed: a batch's length would make a statement each", async () => {
    const user = await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x" });
    await connection.db.transaction(async (tx) => {
      const ids = [user.id, ...Array.from({ length: 80 }, (_, i) => -1 - i)];
      const found = await tx.select({ id: users.id, marker: sql<string>`'prepared-marker-2'` }).from(users).where(inArray(users.id, ids));
      expect(found.map((row) => row.id)).toEqual([user.id]);
      expect(await preparedWith(tx, "prepared-marker-2")).toBe(0);
    });
  });
});
