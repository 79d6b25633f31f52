import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, drills, studioDrafts } from "~/db/schema";
import { createFlawedVariants } from "~/app/studio/variants.server";
import { checkStudioDrill, publishStudioDrill } from "~/app/studio/studio-drills.server";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

describe("flawed variants of a clean control", () => {
  it("are stored as draft studio drills that pass the studio's checks, audited, and publish", async () => {
    const authorId = (await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "author" })).id;
    const { created, skipped } = await createFlawedVariants({ db: connection.db, actorId: authorId, drillId: "refunds-control-restocking" });
    expect(created.length + skipped.length).toBe(5);
    expect(created.length).toBeGreaterThanOrEqual(4);
    for (const variant of created) {
      const [row] = await connection.db.select().from(drills).where(eq(drills.id, variant.id));
      expect(row).toMatchObject({ origin: "studio", status: "draft" });
      const [draft] = await connection.db.select().from(studioDrafts).where(eq(studioDrafts.drillId, variant.id));
      const check = await checkStudioDrill({ db: connection.db, source: draft?.source ?? "", drillId: variant.id });
      expect(check.errors, variant.id).toEqual([]);
      expect(check.drill?.flaws.map((flaw) => flaw.type)).toEqual([variant.kind]);
    }
    const audited = await connection.db.select().from(auditLog).where(eq(auditLog.action, "studio.drill.create"));
    expect(audited.map((entry) => entry.details)).toContainEqual(expect.objectContaining({ generatedFrom: "refunds-control-restocking" }));
    const first = created[0];
    if (!first) return;
    const [draft] = await connection.db.select().from(studioDrafts).where(eq(studioDrafts.drillId, first.id));
    expect(await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: first.id, source: draft?.source ?? "", baseVersion: 1 })).toMatchObject({ ok: true, revision: 1 });
  });

  it("are refused for a drill that already has flaws", async () => {
    const authorId = (await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "author" })).id;
    await expect(createFlawedVariants({ db: connection.db, actorId: authorId, drillId: "refunds-day-31" })).rejects.toMatchObject({ status: 409 });
  });
});
