import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { inIds } from "~/db/in-ids";
import { users } from "~/db/schema";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase();

describe("inIds", () => {
  it("matches exactly the ids listed, bound as one array, however many", async () => {
    const team = await makeTeam(connection.db);
    const made = await Promise.all(Array.from({ length: 4 }, () => makeUser(connection.db, { teamId: team.id, passwordHash: "x" })));
    const ids = made.map((user) => user.id);
    const select = (list: readonly number[]) => connection.db.select({ id: users.id }).from(users).where(inIds(users.id, list)).orderBy(asc(users.id));
    expect((await select([ids[0]!, ids[2]!])).map((row) => row.id)).toEqual([ids[0], ids[2]].sort((a, b) => a! - b!));
    expect(await select([])).toEqual([]);
    // 5,000 ids, the missing ones included, are one parameter: no limit on bound parameters is reached.
    const many = [...ids, ...Array.from({ length: 5_000 }, (_, index) => 1_000_000 + index)];
    expect((await select(many)).map((row) => row.id)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("refuses anything but whole numbers, so nothing but digits reaches the array literal", () => {
    expect(() => inIds(users.id, [1, 1.5])).toThrow(/whole numbers/);
    expect(() => inIds(users.id, [Number.NaN])).toThrow(/whole numbers/);
  });
});
