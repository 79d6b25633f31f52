import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { createTestDatabase } from "./test-database";

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());

/** Runs one committed migration's statements again, as it ran on databases that had old rows. */
async function rerun(file: string) {
  for (const statement of readFileSync(`db/migrations/${file}`, "utf8").split("--> statement-breakpoint")) {
    await connection.db.execute(sql.raw(statement));
  }
}

describe("data migrations", () => {
  it("0006 gives a stored drill of the old shape one expected field", async () => {
    await connection.db.insert(drills).values({ id: "old-shape", file: "drills/old.yaml" });
    const content = { id: "old-shape", title: "t", locale: "en", channel: "email", skills: [], difficulty: 1, customer: "c", draft: "d", flaws: [], citations: [], expectedDecision: "send" };
    const [revision] = await connection.db
      .insert(drillRevisions)
      .values({ drillId: "old-shape", revision: 1, hash: "h", title: "t", locale: "en", channel: "email", difficulty: 1, skills: [], flawTypes: [], content: sql`${JSON.stringify(content)}::jsonb` })
      .returning();
    await rerun("0006_one_expected_field.sql");
    const [after] = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.id, revision?.id ?? 0));
    expect(after?.content.expected).toBe("send");
    expect(after?.content).not.toHaveProperty("expectedDecision");
  });
});
