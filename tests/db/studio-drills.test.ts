import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { attempts, auditLog, drillRevisions, drills, studioDrafts } from "~/db/schema";
import { drillYaml } from "~/app/content/drill-yaml";
import { syncLibrary } from "~/app/content/sync.server";
import { InputError } from "~/app/input-error";
import { submitAttempt } from "~/app/practice/attempts.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { copyIntoStudio, createStudioDrill, loadStudioDrill, publishStudioDrill, retireStudioDrill, saveStudioDraft } from "~/app/studio/studio-drills.server";
import { fieldsOfSource, flawFields, sourceOfFields, type StudioFields } from "~/app/studio/studio-source";
import { FIXTURE_LIBRARY, useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });
let authorId: number;
let otherAuthorId: number;

beforeEach(async () => {
  const teamId = (await makeTeam(connection.db)).id;
  authorId = (await makeUser(connection.db, { teamId, passwordHash: "x", role: "author" })).id;
  otherAuthorId = (await makeUser(connection.db, { teamId, passwordHash: "x", role: "author" })).id;
});

const written: StudioFields = {
  id: "refunds-studio-45-days",
  title: "A 45-day return window",
  locale: "en",
  channel: "email",
  skills: "return-window",
  difficulty: "2",
  customer: "Hi, can I still return the kettle? It arrived 40 days ago.",
  draft: "Hi Sam, yes: our return window is 45 days [refunds.window], so you are in time.",
  expected: "",
  escalation: "",
  flaws: [flawFields({ type: "hallucination", quote: "our return window is 45 days", explanation: "The policy allows 30 days from delivery.", policy: "refunds.window" })],
};

async function newDrill() {
  await createStudioDrill({ db: connection.db, actorId: authorId, id: written.id, title: written.title, locale: "en" });
  return { id: written.id, source: sourceOfFields(written) };
}

describe("studio drills", () => {
  it("are drafts nobody is served until published; publishing stores revision 1 from the working copy", async () => {
    const { id, source } = await newDrill();
    expect((await loadStudioDrill({ db: connection.db, drillId: id }))?.drill).toMatchObject({ origin: "studio", file: null, status: "draft", currentRevisionId: null });
    const published = await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: id, source, baseVersion: 1 });
    expect(published).toEqual({ ok: true, revision: 1, version: 2, created: true });
    const [revision] = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, id));
    expect(revision).toMatchObject({ revision: 1, publishedBy: authorId, flawTypes: ["hallucination"] });
    expect(revision?.content.flaws[0]).toMatchObject({ quote: "our return window is 45 days", start: 13 });
    const loaded = await loadStudioDrill({ db: connection.db, drillId: id });
    expect(loaded).toMatchObject({ drill: { status: "active" }, unpublished: false });
    const actions = (await connection.db.select().from(auditLog).where(eq(auditLog.targetId, id))).map((entry) => entry.action);
    expect(actions).toEqual(["studio.drill.create", "studio.drill.save", "studio.drill.publish"]);
  });

  it("refuse to publish with the validator's errors, and keep the saved draft", async () => {
    const { id } = await newDrill();
    const unknown = sourceOfFields({ ...written, draft: written.draft.replace("[refunds.window]", "[refunds.windw]") });
    const result = await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: id, source: unknown, baseVersion: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ file: `studio:${id}`, message: expect.stringContaining("citation [refunds.windw] does not match any policy section (did you mean refunds.window?)") })]);
    expect(await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, id))).toEqual([]);
    const [draft] = await connection.db.select().from(studioDrafts).where(eq(studioDrafts.drillId, id));
    expect(draft).toMatchObject({ source: unknown, version: 2 });
  });

  it("detect a concurrent edit: a save based on an older version is refused, nothing overwritten", async () => {
    const { id, source } = await newDrill();
    await saveStudioDraft({ db: connection.db, actorId: authorId, drillId: id, source, baseVersion: 1 });
    const theirs = sourceOfFields({ ...written, title: "Another author's title" });
    const refused = saveStudioDraft({ db: connection.db, actorId: otherAuthorId, drillId: id, source: theirs, baseVersion: 1 });
    await expect(refused).rejects.toMatchObject({ status: 409, problem: "edit_conflict" });
    const [draft] = await connection.db.select().from(studioDrafts).where(eq(studioDrafts.drillId, id));
    expect(draft).toMatchObject({ source, version: 2, updatedBy: authorId });
    // Two saves at once from the same version: exactly one wins.
    const both = await Promise.allSettled([
      saveStudioDraft({ db: connection.db, actorId: authorId, drillId: id, source: sourceOfFields({ ...written, title: "One" }), baseVersion: 2 }),
      saveStudioDraft({ db: connection.db, actorId: otherAuthorId, drillId: id, source: sourceOfFields({ ...written, title: "Two" }), baseVersion: 2 }),
    ]);
    expect(both.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });

  it("keep revisions immutable: attempts keep pointing at the revision they answered", async () => {
    const { id, source } = await newDrill();
    await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: id, source, baseVersion: 1 });
    const [first] = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, id));

    const teamId = (await makeTeam(connection.db)).id;
    const agentId = (await makeUser(connection.db, { teamId, passwordHash: "x" })).id;
    await connection.db.update(drills).set({ status: "retired" }).where(eq(drills.origin, "file"));
    const served = await serveNextDrill({ db: connection.db, userId: agentId, teamId, random: () => 0.5 });
    expect(served?.drillId).toBe(id);
    if (!served) return;
    await submitAttempt({ db: connection.db, userId: agentId, servedId: served.id, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision: "send", timeOnTaskMs: 5000 } });

    const again = await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: id, source, baseVersion: 2 });
    expect(again).toMatchObject({ ok: true, revision: 1, created: false });
    const second = await publishStudioDrill({ db: connection.db, actorId: otherAuthorId, drillId: id, source: sourceOfFields({ ...written, title: "Retitled" }), baseVersion: 3 });
    expect(second).toMatchObject({ ok: true, revision: 2, created: true });

    const revisions = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, id)).orderBy(drillRevisions.revision);
    expect(revisions.map((revision) => revision.title)).toEqual(["A 45-day return window", "Retitled"]);
    expect(revisions[0]).toEqual(first);
    const [attempt] = await connection.db.select().from(attempts).where(eq(attempts.drillId, id));
    expect(attempt?.revisionId).toBe(first?.id);
  });

  it("retire: no longer served, revisions kept; file drills are read-only", async () => {
    const { id, source } = await newDrill();
    await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: id, source, baseVersion: 1 });
    await retireStudioDrill({ db: connection.db, actorId: authorId, drillId: id });
    expect((await loadStudioDrill({ db: connection.db, drillId: id }))?.drill.status).toBe("retired");
    await expect(retireStudioDrill({ db: connection.db, actorId: authorId, drillId: "refunds-day-31" })).rejects.toMatchObject({ status: 409 });
    await expect(saveStudioDraft({ db: connection.db, actorId: authorId, drillId: "refunds-day-31", source, baseVersion: 1 })).rejects.toMatchObject({ status: 409 });
  });

  it("refuse an id another drill uses, file or studio, at the id field", async () => {
    await expect(createStudioDrill({ db: connection.db, actorId: authorId, id: "refunds-day-31", title: "T", locale: "en" })).rejects.toMatchObject({ field: "id", status: 409 });
    await expect(createStudioDrill({ db: connection.db, actorId: authorId, id: "Not A Slug", title: "T", locale: "en" })).rejects.toBeInstanceOf(InputError);
  });

  it("copy a file drill into a new studio drill with its own id; the file drill stays the file's", async () => {
    await copyIntoStudio({ db: connection.db, actorId: authorId, fromId: "refunds-day-31", id: "refunds-day-31-copy" });
    const copy = await loadStudioDrill({ db: connection.db, drillId: "refunds-day-31-copy" });
    expect(copy?.drill).toMatchObject({ origin: "studio", status: "draft" });
    expect(fieldsOfSource(copy?.draft?.source ?? "").id).toBe("refunds-day-31-copy");
    expect((await loadStudioDrill({ db: connection.db, drillId: "refunds-day-31" }))?.drill).toMatchObject({ origin: "file", file: expect.stringContaining("day-31.yaml") });
  });
});

describe("the one-home rule in sync", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "redline-studio-"));
    cpSync(path.dirname(FIXTURE_LIBRARY.policiesDir), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const directories = () => ({ policiesDir: path.join(dir, "policies"), drillsDir: path.join(dir, "drills") });

  async function publishedStudioDrill() {
    const { id, source } = await newDrill();
    await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: id, source, baseVersion: 1 });
    const [revision] = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, id));
    if (!revision) throw new Error("not published");
    return { id, revision };
  }

  it("never retires a studio drill no file has", async () => {
    const { id } = await publishedStudioDrill();
    const result = await syncLibrary({ db: connection.db, directories: directories() });
    expect(result).toMatchObject({ ok: true, summary: { drills: { retired: 0 } } });
    expect((await loadStudioDrill({ db: connection.db, drillId: id }))?.drill.status).toBe("active");
  });

  it("lets a file that equals the latest published revision take the drill over, adding no revision", async () => {
    const { id, revision } = await publishedStudioDrill();
    writeFileSync(path.join(dir, "drills", "refunds", `${id}.yaml`), drillYaml(revision.content));
    const result = await syncLibrary({ db: connection.db, directories: directories() });
    expect(result).toMatchObject({ ok: true, summary: { drills: { added: 0, revised: 0, takenOver: 1 } } });
    const [row] = await connection.db.select().from(drills).where(eq(drills.id, id));
    expect(row).toMatchObject({ origin: "file", file: expect.stringContaining(`${id}.yaml`), currentRevisionId: revision.id });
    expect(await connection.db.select().from(studioDrafts)).toEqual([]);
    const again = await syncLibrary({ db: connection.db, directories: directories() });
    expect(again).toMatchObject({ ok: true, summary: { drills: { added: 0, revised: 0, takenOver: 0, unchanged: 6 } } });
    expect(await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, id))).toHaveLength(1);
  });

  it("reports a file that differs from the studio drill, with file and line, and imports nothing", async () => {
    const { id, revision } = await publishedStudioDrill();
    const file = path.join(dir, "drills", "refunds", `${id}.yaml`);
    writeFileSync(file, `# taken from the studio\n${drillYaml({ ...revision.content, title: "Changed in the file" })}`);
    const result = await syncLibrary({ db: connection.db, directories: directories() });
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ file: expect.stringContaining(`${id}.yaml`), line: 2, message: expect.stringContaining("differs from its latest published revision (1)") })],
    });
    expect((await loadStudioDrill({ db: connection.db, drillId: id }))?.drill.origin).toBe("studio");
  });
});
