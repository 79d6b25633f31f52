import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { auditLog, drills, policies, policySections, teams, users } from "~/db/schema";
import { syncLibrary } from "~/app/content/sync.server";
import { confirmDrill, drillsNeedingReview } from "~/app/drills/needs-review.server";
import { InputError } from "~/app/input-error";
import { confirmPolicyVersion, previewPolicyVersion } from "~/app/policies/versions.server";
import { resetDatabase, useTestDatabase } from "./test-database";

const connection = useTestDatabase();
let dir: string;
let authorId: number;
const REFUNDS_FILE = () => path.join(dir, "policies/refunds.md");
const sync = () => syncLibrary({ db: connection.db, directories: { policiesDir: path.join(dir, "policies"), drillsDir: path.join(dir, "drills") } });
const REFUNDS = readFileSync("tests/fixtures/content/valid/policies/refunds.md", "utf8");

/** The return window is 45 days, the warranty section is gone, an exchanges section is new. */
const CHANGED = REFUNDS.replace("version: 2026-03", "version: 2026-04")
  .replace("within **30 days** of delivery", "within **45 days** of delivery")
  .replace(/## Warranty \{#refunds\.warranty\}\n.*\n/, "## Exchanges {#refunds.exchanges}\nAn unused item may be exchanged once.\n");

/**
 * A change content:sync accepts (a drill names the warranty section, so the file may not drop it):
 * the window is 45 days, the warranty 3 years, an exchanges section is new.
 */
const SYNCABLE = REFUNDS.replace("version: 2026-03", "version: 2026-04")
  .replace("within **30 days** of delivery", "within **45 days** of delivery")
  .replace("a 2-year warranty", "a 3-year warranty")
  .replace("## Warranty {#refunds.warranty}", "## Exchanges {#refunds.exchanges}\nAn unused item may be exchanged once.\n\n## Warranty {#refunds.warranty}");

async function setUp() {
  dir = mkdtempSync(path.join(tmpdir(), "redline-policy-versions-"));
  cpSync("tests/fixtures/content/valid", dir, { recursive: true });
  const [team] = await connection.db.insert(teams).values({ name: "Compliance" }).returning();
  const [author] = await connection.db.insert(users).values({ email: "author@example.test", name: "Author", role: "author", teamId: team?.id ?? 0, passwordHash: "x" }).returning();
  authorId = author?.id ?? 0;
  const result = await sync();
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

/** Makes the fixture's refunds policy a studio policy (as if uploaded), its file gone from the repository. */
async function refundsInTheStudio() {
  await connection.db.update(policies).set({ origin: "studio", file: null }).where(eq(policies.id, "refunds"));
  rmSync(REFUNDS_FILE());
}

beforeEach(setUp);
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function sectionRows() {
  const rows = await connection.db.select().from(policySections).orderBy(asc(policySections.anchor), asc(policySections.versionNo));
  return rows.map((row) => ({ policyId: row.policyId, anchor: row.anchor, versionNo: row.versionNo, hash: row.hash, position: row.position, current: row.supersededAt === null }));
}

async function statuses() {
  const rows = await connection.db.select({ id: drills.id, status: drills.status }).from(drills).orderBy(asc(drills.id));
  return Object.fromEntries(rows.map((row) => [row.id, row.status]));
}

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

describe("a policy version from the studio", () => {
  it("previews a file policy's change with its impact, and refuses to store it: the file is its home", async () => {
    const preview = await previewPolicyVersion({ db: connection.db, text: CHANGED, name: "refunds.md" });
    expect(preview.errors).toEqual([]);
    expect(preview.home).toEqual({ kind: "file", file: `${path.join(dir, "policies")}/refunds.md` });
    expect(preview.comparison?.changed.map((c) => [c.anchor, c.before.versionNo])).toEqual([["refunds.window", 1]]);
    expect(preview.comparison?.added.map((s) => s.anchor)).toEqual(["refunds.exchanges"]);
    expect(preview.comparison?.removed.map((s) => s.anchor)).toEqual(["refunds.warranty"]);
    expect(preview.setAside.map((d) => [d.id, d.relyingOn])).toEqual([
      ["ja-my-number-echo", ["refunds.window"]],
      ["refunds-control-restocking", ["refunds.window"]],
      ["refunds-day-31", ["refunds.window"]],
      ["refunds-fabricated-gift-card", ["refunds.warranty"]],
    ]);
    const before = await sectionRows();
    const error = await refusal(confirmPolicyVersion({ db: connection.db, actorId: authorId, text: CHANGED, name: "refunds.md", basedOn: preview.basedOn }));
    expect(error.status).toBe(409);
    expect(error.message).toContain("policies/refunds.md: change that file and run content:sync");
    expect(await sectionRows()).toEqual(before);
  });

  it("stores a studio policy's version exactly as a sync stores the same change to a file, sets the drills aside and audits it", async () => {
    // The same change through a file and a sync…
    writeFileSync(REFUNDS_FILE(), SYNCABLE);
    const synced = await sync();
    expect(synced.ok && synced.summary.drills.needsReview).toBe(4);
    const bySync = await sectionRows();
    const statusesBySync = await statuses();

    // …and through the studio, on a fresh copy of the same library.
    await resetDatabase(connection);
    rmSync(dir, { recursive: true, force: true });
    await setUp();
    await refundsInTheStudio();
    const preview = await previewPolicyVersion({ db: connection.db, text: SYNCABLE, name: "refunds.md" });
    expect(preview.home).toEqual({ kind: "studio" });
    const confirmed = await confirmPolicyVersion({ db: connection.db, actorId: authorId, text: SYNCABLE, name: "refunds.md", basedOn: preview.basedOn });
    expect(confirmed).toEqual({
      policyId: "refunds",
      version: "2026-04",
      created: false,
      added: ["refunds.exchanges"],
      changed: ["refunds.window", "refunds.warranty"],
      removed: [],
      setAside: ["ja-my-number-echo", "refunds-control-restocking", "refunds-day-31", "refunds-fabricated-gift-card"],
    });
    expect(await sectionRows()).toEqual(bySync);
    expect(await statuses()).toEqual(statusesBySync);
    const [stored] = await connection.db.select().from(policies).where(eq(policies.id, "refunds"));
    expect(stored).toMatchObject({ origin: "studio", file: null, source: SYNCABLE, version: "2026-04" });

    const [entry] = await connection.db.select().from(auditLog).where(eq(auditLog.action, "policy.version"));
    expect(entry).toMatchObject({ actorId: authorId, targetType: "policy", targetId: "refunds" });
    expect(entry?.details).toMatchObject({ changed: confirmed.changed, removed: [], added: ["refunds.exchanges"], setAside: confirmed.setAside });

    // The review page shows the section as the drill was written against it, and as it reads now.
    const review = await drillsNeedingReview({ db: connection.db });
    expect(review.find((drill) => drill.id === "refunds-day-31")?.changes).toEqual([
      {
        anchor: "refunds.window",
        before: expect.objectContaining({ versionNo: 1, markdown: expect.stringContaining("**30 days**") }),
        after: expect.objectContaining({ versionNo: 2, markdown: expect.stringContaining("**45 days**") }),
      },
    ]);
  });

  it("sets aside the drills relying on a section a studio version removes, and the review shows it gone", async () => {
    await refundsInTheStudio();
    const preview = await previewPolicyVersion({ db: connection.db, text: CHANGED, name: "refunds.md" });
    const confirmed = await confirmPolicyVersion({ db: connection.db, actorId: authorId, text: CHANGED, name: "refunds.md", basedOn: preview.basedOn });
    expect(confirmed.removed).toEqual(["refunds.warranty"]);
    expect((await sectionRows()).filter((row) => row.anchor === "refunds.warranty")).toEqual([expect.objectContaining({ versionNo: 1, current: false })]);
    const review = await drillsNeedingReview({ db: connection.db });
    expect(review.find((drill) => drill.id === "refunds-fabricated-gift-card")?.changes).toEqual([
      { anchor: "refunds.warranty", before: expect.objectContaining({ heading: "Warranty", versionNo: 1 }), after: null },
    ]);
    // Confirming it unchanged would serve a drill pointing at nothing: only an edit can set it right.
    const message = "Drill refunds-fabricated-gift-card relies on refunds.warranty, which the policy no longer has: edit the drill before it is served again.";
    expect(review.find((drill) => drill.id === "refunds-fabricated-gift-card")?.cannotConfirm).toBe(message);
    const refusal = await confirmDrill({ db: connection.db, actorId: authorId, drillId: "refunds-fabricated-gift-card" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InputError);
    expect(refusal).toMatchObject({ status: 409, problem: "section_removed", message });
    expect((await statuses())["refunds-fabricated-gift-card"]).toBe("needs_review");
    const windowOnly = review.find((drill) => drill.cannotConfirm === null);
    expect(windowOnly).toBeDefined();
    await confirmDrill({ db: connection.db, actorId: authorId, drillId: windowOnly?.id ?? "" });
    expect((await statuses())[windowOnly?.id ?? ""]).toBe("active");
  });

  it("stores a new policy as a studio policy with its Markdown", async () => {
    const text = "---\nid: exchanges\ntitle: 交換ポリシー 🔁\nversion: 1\neffective: 2026-04-01\n---\n## 交換 {#exchanges.once}\n一度だけ交換できます。\n";
    const preview = await previewPolicyVersion({ db: connection.db, text, name: "pasted Markdown" });
    expect(preview).toMatchObject({ errors: [], home: { kind: "new" }, basedOn: null, setAside: [] });
    await confirmPolicyVersion({ db: connection.db, actorId: authorId, text, name: "pasted Markdown", basedOn: null });
    const [stored] = await connection.db.select().from(policies).where(eq(policies.id, "exchanges"));
    expect(stored).toMatchObject({ origin: "studio", file: null, source: text, title: "交換ポリシー 🔁" });
    expect((await sectionRows()).filter((row) => row.policyId === "exchanges")).toEqual([expect.objectContaining({ anchor: "exchanges.once", versionNo: 1, current: true })]);
  });

  it("refuses a confirm based on a version that is no longer the stored one", async () => {
    await refundsInTheStudio();
    const preview = await previewPolicyVersion({ db: connection.db, text: CHANGED, name: "refunds.md" });
    const other = REFUNDS.replace("version: 2026-03", "version: 2026-03b").replace("10 % restocking fee", "15 % restocking fee");
    await confirmPolicyVersion({ db: connection.db, actorId: authorId, text: other, name: "other.md", basedOn: preview.basedOn });
    const before = await sectionRows();
    const error = await refusal(confirmPolicyVersion({ db: connection.db, actorId: authorId, text: CHANGED, name: "refunds.md", basedOn: preview.basedOn }));
    expect(error).toMatchObject({ status: 409, problem: "stale" });
    expect(error.message).toContain("changed since your preview");
    expect(await sectionRows()).toEqual(before);
    expect(await connection.db.select().from(auditLog).where(eq(auditLog.action, "policy.version"))).toHaveLength(1);
  });

  it("stores nothing when any part of the confirm fails", async () => {
    await refundsInTheStudio();
    const before = { sections: await sectionRows(), statuses: await statuses(), policy: await connection.db.select().from(policies).where(eq(policies.id, "refunds")) };
    const preview = await previewPolicyVersion({ db: connection.db, text: CHANGED, name: "refunds.md" });
    // The audit entry is written last; an actor that does not exist makes it fail.
    await expect(confirmPolicyVersion({ db: connection.db, actorId: 999_999, text: CHANGED, name: "refunds.md", basedOn: preview.basedOn })).rejects.toThrow();
    expect({ sections: await sectionRows(), statuses: await statuses(), policy: await connection.db.select().from(policies).where(eq(policies.id, "refunds")) }).toEqual(before);
  });

  it("refuses Markdown with errors, and says what and where in the preview", async () => {
    const broken = CHANGED.replace("{#refunds.exchanges}", "{#refunds.window}");
    const preview = await previewPolicyVersion({ db: connection.db, text: broken, name: "refunds.md" });
    expect(preview.errors).toEqual([{ file: "refunds.md", line: 20, column: 14, message: 'anchor "refunds.window" is already used on line 11' }]);
    await refundsInTheStudio();
    const error = await refusal(confirmPolicyVersion({ db: connection.db, actorId: authorId, text: broken, name: "refunds.md", basedOn: preview.basedOn }));
    expect(error.status).toBe(400);
    const garbage = await previewPolicyVersion({ db: connection.db, text: "\u0000\u0001PK binary", name: "policy.docx" });
    expect(garbage.errors[0]).toMatchObject({ line: 1, column: 1, message: expect.stringContaining("control character U+0000") });
    expect(garbage.policy).toBeNull();
  });
});

describe("content:sync and studio policies (one home)", () => {
  it("never retires a studio policy for having no file, and validates the drills that cite it", async () => {
    await refundsInTheStudio();
    const result = await sync();
    expect(result.ok && result.summary.policies).toEqual({ added: 0, changed: 0, retired: 0, unchanged: 1 });
    const [refunds] = await connection.db.select().from(policies).where(eq(policies.id, "refunds"));
    expect(refunds?.retiredAt).toBeNull();
    expect((await sectionRows()).filter((row) => row.policyId === "refunds").every((row) => row.current)).toBe(true);
  });

  it("lets a file take over a studio policy when its Markdown equals the studio's version", async () => {
    await refundsInTheStudio();
    writeFileSync(REFUNDS_FILE(), REFUNDS);
    const result = await sync();
    expect(result.ok && result.summary.policies.changed).toBe(1);
    const [refunds] = await connection.db.select().from(policies).where(eq(policies.id, "refunds"));
    expect(refunds).toMatchObject({ origin: "file", file: REFUNDS_FILE() });
    expect(result.ok && result.summary.sections).toEqual({ added: 0, changed: 0, retired: 0 });
  });

  it("reports a file that differs from the studio policy of its id at its id line, and imports nothing", async () => {
    await refundsInTheStudio();
    writeFileSync(REFUNDS_FILE(), SYNCABLE);
    const control = path.join(dir, "drills/refunds/control.yaml");
    writeFileSync(control, readFileSync(control, "utf8").replace(/^title: .*$/m, "title: Retitled"));
    const before = { sections: await sectionRows(), statuses: await statuses() };
    const result = await sync();
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: REFUNDS_FILE(),
          line: 2,
          column: 1,
          message:
            'policy id "refunds" is a studio policy (version 2026-03): a file takes it over only when its Markdown equals the studio\'s current version; copy that version into the file, or give the file another id',
        },
      ],
    });
    expect({ sections: await sectionRows(), statuses: await statuses() }).toEqual(before);
  });

  it("keeps each file's Markdown, filling it in for rows imported before it was kept", async () => {
    await connection.db.update(policies).set({ source: null });
    const result = await sync();
    expect(result.ok && result.summary.policies).toEqual({ added: 0, changed: 0, retired: 0, unchanged: 2 });
    const [refunds] = await connection.db.select().from(policies).where(eq(policies.id, "refunds"));
    expect(refunds?.source).toBe(REFUNDS);
  });
});
