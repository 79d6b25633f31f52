import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Connection } from "~/db/client.server";
import { auditLog, drillRevisions, drills, policies, policySections, teams, users } from "~/db/schema";
import { confirmDrill, drillsNeedingReview } from "~/app/drills/needs-review.server";
import { syncLibrary } from "~/app/content/sync.server";
import { createTestDatabase } from "./test-database";

let connection: Connection;
let dir: string;
const directories = () => ({ policiesDir: path.join(dir, "policies"), drillsDir: path.join(dir, "drills") });
const sync = () => syncLibrary({ db: connection.db, directories: directories() });

beforeAll(async () => {
  connection = await createTestDatabase();
});
afterAll(() => connection.close());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "redline-sync-"));
  cpSync("tests/fixtures/content/valid", dir, { recursive: true });
  await connection.db.execute("truncate audit_log, drill_revisions, drills, policy_sections, policies, users, teams restart identity cascade");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(relative: string, change: (text: string) => string) {
  const file = path.join(dir, relative);
  writeFileSync(file, change(readFileSync(file, "utf8")));
}

describe("content sync", () => {
  it("imports the library, then a second sync changes nothing", async () => {
    const first = await sync();
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.summary.policies.added).toBe(2);
    expect(first.summary.drills.added).toBe(5);
    const revisions = await connection.db.select().from(drillRevisions);
    expect(revisions).toHaveLength(5);
    expect(revisions.every((r) => r.revision === 1)).toBe(true);

    const second = await sync();
    expect(second).toEqual({
      ok: true,
      summary: {
        policies: { added: 0, changed: 0, retired: 0, unchanged: 2 },
        sections: { added: 0, changed: 0, retired: 0 },
        drills: { added: 0, revised: 0, restored: 0, retired: 0, unchanged: 5, needsReview: 0, takenOver: 0 },
      },
    });
    expect(await connection.db.select().from(drillRevisions)).toHaveLength(5);
    // Only the import that changed something is audited.
    expect(await connection.db.select().from(auditLog)).toHaveLength(1);
  });

  it("adds exactly one revision for a changed drill file and keeps the old one", async () => {
    await sync();
    edit("drills/refunds/control.yaml", (text) => text.replace(/^title: .*$/m, "title: A retitled control"));
    const result = await sync();
    expect(result.ok && result.summary.drills).toMatchObject({ revised: 1, unchanged: 4 });
    const [drill] = await connection.db.select().from(drills).where(eq(drills.id, "refunds-control-restocking"));
    const revisions = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, "refunds-control-restocking"));
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
    const current = revisions.find((r) => r.id === drill?.currentRevisionId);
    expect(current?.title).toBe("A retitled control");
    await sync();
    expect(await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, "refunds-control-restocking"))).toHaveLength(2);
  });

  it("retires the drill of a removed file, and restores it when the file returns", async () => {
    await sync();
    const saved = readFileSync(path.join(dir, "drills/refunds/control.yaml"), "utf8");
    rmSync(path.join(dir, "drills/refunds/control.yaml"));
    const removed = await sync();
    expect(removed.ok && removed.summary.drills.retired).toBe(1);
    const [retired] = await connection.db.select().from(drills).where(eq(drills.id, "refunds-control-restocking"));
    expect(retired?.status).toBe("retired");
    writeFileSync(path.join(dir, "drills/refunds/control.yaml"), saved);
    const restored = await sync();
    expect(restored.ok && restored.summary.drills.restored).toBe(1);
    const [back] = await connection.db.select().from(drills).where(eq(drills.id, "refunds-control-restocking"));
    expect(back?.status).toBe("active");
  });

  it("versions a changed policy section and supersedes the old version", async () => {
    await sync();
    edit("policies/refunds.md", (text) => text.replace("30", "31"));
    const result = await sync();
    expect(result.ok && result.summary.policies.changed).toBe(1);
    expect(result.ok && result.summary.sections.changed).toBe(1);
    const versions = await connection.db.select().from(policySections).where(eq(policySections.anchor, "refunds.window"));
    expect(versions.map((v) => v.versionNo).sort()).toEqual([1, 2]);
    expect(versions.filter((v) => v.supersededAt === null)).toHaveLength(1);
  });

  it("flags the drills that rely on a changed section for review, until their file changes or an author confirms them", async () => {
    await sync();
    edit("policies/refunds.md", (text) => text.replace("30", "31"));
    const result = await sync();
    expect(result.ok && result.summary.drills.needsReview).toBeGreaterThan(0);
    const [flagged] = await connection.db.select().from(drills).where(eq(drills.id, "refunds-day-31"));
    expect(flagged?.status).toBe("needs_review");
    // Unrelated drills stay active, and a sync that changes nothing keeps the flag.
    const [unrelated] = await connection.db.select().from(drills).where(eq(drills.id, "data-accountant-iban"));
    expect(unrelated?.status).toBe("active");
    await sync();
    expect((await connection.db.select().from(drills).where(eq(drills.id, "refunds-day-31")))[0]?.status).toBe("needs_review");

    const [author] = await connection.db.insert(teams).values({ name: "Compliance" }).returning();
    const [user] = await connection.db.insert(users).values({ email: "a@example.test", name: "A", role: "author", teamId: author?.id ?? 0, passwordHash: "x" }).returning();
    expect(await drillsNeedingReview({ db: connection.db })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "refunds-day-31", anchors: expect.arrayContaining(["refunds.window"]) })]),
    );
    await confirmDrill({ db: connection.db, actorId: user?.id ?? null, drillId: "refunds-day-31" });
    expect((await connection.db.select().from(drills).where(eq(drills.id, "refunds-day-31")))[0]?.status).toBe("active");
    await expect(confirmDrill({ db: connection.db, actorId: null, drillId: "refunds-day-31" })).rejects.toThrow(/does not need review/);
  });

  it("imports nothing from a library with an invalid file and says why", async () => {
    await sync();
    edit("drills/refunds/control.yaml", (text) => text.replace(/^title: .*$/m, "title: Changed"));
    writeFileSync(path.join(dir, "drills/refunds/broken.yaml"), "id: broken\ntitle: [unclosed\n");
    const result = await sync();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.some((e) => e.file.endsWith("drills/refunds/broken.yaml") && e.line > 0)).toBe(true);
    expect(await connection.db.select().from(drillRevisions)).toHaveLength(5);
    const [policy] = await connection.db.select().from(policies).where(eq(policies.id, "refunds"));
    expect(policy).toBeDefined();
  });

  it("imports nothing at all into an empty database when the library is invalid", async () => {
    writeFileSync(path.join(dir, "drills/refunds/broken.yaml"), "id: broken\n");
    expect((await sync()).ok).toBe(false);
    expect(await connection.db.select().from(drills)).toHaveLength(0);
    expect(await connection.db.select().from(policies)).toHaveLength(0);
  });
});
