import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { drillRevisions } from "~/db/schema";
import { checkLibrary } from "~/app/content/library.server";
import { syncLibrary } from "~/app/content/sync.server";
import { exportStudioDrills } from "~/app/studio/export.server";
import { createStudioDrill, publishStudioDrill, retireStudioDrill } from "~/app/studio/studio-drills.server";
import { flawFields, sourceOfFields, type StudioFields } from "~/app/studio/studio-source";
import { FIXTURE_LIBRARY, useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });
let dir: string;
let authorId: number;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "redline-export-"));
  authorId = (await makeUser(connection.db, { teamId: (await makeTeam(connection.db)).id, passwordHash: "x", role: "author" })).id;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const english: StudioFields = {
  id: "refunds-export-window",
  title: "Exported: a 45-day window",
  locale: "en",
  channel: "chat",
  skills: "return-window",
  difficulty: "3",
  customer: "Can I return it after 40 days?",
  draft: "Yes: our return window is 45 days [refunds.window].",
  expected: "",
  escalation: "",
  flaws: [flawFields({ type: "hallucination", quote: "our return window is 45 days", explanation: "The window is 30 days.", policy: "refunds.window" })],
};
const japanese: StudioFields = {
  ...english,
  id: "ja-export-calm",
  title: "落ち着いてください（書き出し）",
  locale: "ja",
  customer: "荷物が届きません😢\n至急お願いします。",
  draft: "どうか落ち着いてください。返品は30日以内です [refunds.window]。",
  flaws: [flawFields({ type: "tone", quote: "どうか落ち着いてください。", explanation: "お客様に「落ち着いて」と言ってはいけません。" })],
};

async function publish(fields: StudioFields) {
  await createStudioDrill({ db: connection.db, actorId: authorId, id: fields.id, title: fields.title, locale: fields.locale });
  const result = await publishStudioDrill({ db: connection.db, actorId: authorId, drillId: fields.id, source: sourceOfFields(fields), baseVersion: 1 });
  expect(result.ok).toBe(true);
}

describe("content:export", () => {
  it("writes each published studio drill by theme; content:check accepts the files and content:sync adds no revision", async () => {
    await publish(english);
    await publish(japanese);
    await createStudioDrill({ db: connection.db, actorId: authorId, id: "refunds-never-published", title: "Draft", locale: "en" });
    await publish({ ...english, id: "refunds-export-retired" });
    await retireStudioDrill({ db: connection.db, actorId: authorId, drillId: "refunds-export-retired" });

    const out = path.join(dir, "export");
    const summary = await exportStudioDrills({ db: connection.db, outDir: out });
    expect(summary.written.map((file) => path.relative(out, file)).sort()).toEqual(["ja/ja-export-calm.yaml", "refunds/refunds-export-window.yaml"]);
    expect(summary.skipped).toEqual([
      { id: "refunds-export-retired", reason: "retired" },
      { id: "refunds-never-published", reason: "never published" },
    ]);
    expect(readFileSync(path.join(out, "ja/ja-export-calm.yaml"), "utf8")).toContain("どうか落ち着いてください。返品は30日以内です [refunds.window]。");

    const checked = await checkLibrary({ policiesDir: FIXTURE_LIBRARY.policiesDir, drillsDir: out });
    expect(checked.errors).toEqual([]);

    const library = path.join(dir, "library");
    cpSync(FIXTURE_LIBRARY.drillsDir, library, { recursive: true });
    cpSync(out, library, { recursive: true });
    const before = await connection.db.select().from(drillRevisions);
    const synced = await syncLibrary({ db: connection.db, directories: { policiesDir: FIXTURE_LIBRARY.policiesDir, drillsDir: library } });
    expect(synced).toMatchObject({ ok: true, summary: { drills: { added: 0, revised: 0, takenOver: 2, retired: 0 } } });
    expect(await connection.db.select().from(drillRevisions)).toEqual(before);
  });
});
