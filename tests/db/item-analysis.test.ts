import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { attempts, auditLog, drillRatings, drillRevisions, drills, servedDrills } from "~/db/schema";
import { contentReport } from "~/app/item-analysis/content-report.server";
import { formatContentReport } from "~/app/item-analysis/content-report";
import { itemAnalysis, LISTED_HINT_KINDS, type AnalysedAttempt, type AnalysedRevision, type HintKind } from "~/app/item-analysis/item-analysis";
import { drillItemAnalysis, listedItemAnalyses } from "~/app/item-analysis/item-analysis.server";
import { itemAnalysisMinAttempts, saveItemAnalysisMinAttempts } from "~/app/item-analysis/settings.server";
import { InputError } from "~/app/input-error";
import { rebuildRollups } from "~/app/insights/rollups.server";
import { seededRandom } from "~/app/practice/seeded-random";
import { studioDrillRows } from "~/app/studio/drill-list.server";
import type { AttemptScore } from "~/app/practice/scoring";
import type { FlawStatus } from "~/app/practice/catching";
import type { FlawType, Outcome } from "~/app/vocabulary";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

const MIN = 5;
/** First attempts per fixture drill: point-biserial (≥ 30), upper minus lower, and too few. */
const PLAN: Record<string, { attempts: number; catchChance: number; rightChance: number }> = {
  "refunds-day-31": { attempts: 34, catchChance: 0.7, rightChance: 0.6 },
  "refunds-fabricated-gift-card": { attempts: 12, catchChance: 0.15, rightChance: 0.5 },
  "refunds-control-restocking": { attempts: 10, catchChance: 0, rightChance: 0.4 },
  "ja-my-number-echo": { attempts: 8, catchChance: 0.5, rightChance: 1 },
  "data-accountant-iban": { attempts: 3, catchChance: 0.5, rightChance: 0.5 },
};

let adminId: number;

beforeEach(async () => {
  const team = await makeTeam(connection.db);
  adminId = (await makeUser(connection.db, { teamId: team.id, passwordHash: "x", role: "admin" })).id;
});

type Stored = AnalysedAttempt & { drillId: string };

/** Stores first attempts (and a later, uncounted one per drill, which must change nothing) with seeded results; returns the counted ones as the pure module takes them. */
async function storeAttempts(): Promise<{ stored: Stored[]; revisions: Map<string, AnalysedRevision[]> }> {
  const db = connection.db;
  const random = seededRandom(18);
  const team = await makeTeam(db);
  const agents = [];
  for (let i = 0; i < 35; i++) agents.push(await makeUser(db, { teamId: team.id, passwordHash: "x" }));
  const revisionRows = await db.select().from(drillRevisions);
  const revisions = new Map<string, AnalysedRevision[]>();
  const stored: Stored[] = [];
  for (const revision of revisionRows) {
    const plan = PLAN[revision.drillId];
    if (!plan) throw new Error(`no plan for ${revision.drillId}`);
    const draft = revision.content.draft;
    revisions.set(revision.drillId, [{ id: revision.id, revision: revision.revision, difficulty: revision.difficulty, draft, flaws: revision.content.flaws }]);
    const flawed = revision.content.flaws.length > 0;
    for (let i = 0; i <= plan.attempts; i++) {
      const counted = i < plan.attempts;
      const agent = agents[counted ? i : 0];
      if (!agent) throw new Error("not enough agents");
      const right = random() < plan.rightChance;
      const outcome: Outcome = flawed ? (right ? "hit" : "miss") : right ? "correct_rejection" : "false_alarm";
      const flaws = revision.content.flaws.map((flaw, index) => {
        const roll = random();
        const status: FlawStatus = roll < plan.catchChance * 0.8 ? "caught" : roll < plan.catchChance ? "mistyped" : "missed";
        const markedAs: FlawType[] = status === "caught" ? [flaw.type] : status === "mistyped" ? [flaw.type === "tone" ? "hallucination" : "tone"] : [];
        return { index, type: flaw.type, start: flaw.start, end: flaw.end, status, markedAs };
      });
      // Agents who override the control mark its first six characters; a few others mark one more.
      const falseFlags = outcome === "false_alarm" ? [{ start: 0, end: 6, type: "tone" as const }] : random() < 0.2 ? [{ start: 2, end: 9, type: "hallucination" as const }] : [];
      // Ratings before the attempt take four values, so many tie: the upper and lower groups must break ties the same way in SQL and here.
      const agentRating = 1400 + 100 * Math.floor(random() * 3);
      const agentRatingDelta = random() < 0.5 ? 0 : 100;
      const points = Math.floor(random() * 21);
      const maxPoints = 10 * revision.content.flaws.length + 10;
      const [served] = await db.insert(servedDrills).values({ userId: agent.id, drillId: revision.drillId, revisionId: revision.id, reason: "practice", isControl: !flawed, closedAt: new Date() }).returning({ id: servedDrills.id });
      if (!served) throw new Error("not served");
      const decision = right === flawed ? "rewrite" : "send";
      const caught = flaws.filter((flaw) => flaw.status !== "missed").length;
      const counts = { planted: flaws.length, caught, correctlyTyped: flaws.filter((flaw) => flaw.status === "caught").length, missed: flaws.length - caught, marks: falseFlags.length + caught, falseFlags: falseFlags.length };
      // What the rollups read of a score (rebuildRollups below), beside what the item analysis reads.
      const score = { flawed, flaws, falseFlags, maxPoints, decision, outcome, expected: flawed ? "rewrite" : "send", rewriteCheck: null, counts } as unknown as AttemptScore;
      const [row] = await db
        .insert(attempts)
        .values({ clientId: randomUUID(), userId: agent.id, drillId: revision.drillId, revisionId: revision.id, servedId: served.id, teamId: team.id, decision, marks: falseFlags, timeOnTaskMs: 1000 * (i + 1), score, flawed, outcome, points, gameScore: 0.5, agentRating, agentRatingDelta, counted })
        .returning({ id: attempts.id });
      if (!row) throw new Error("no attempt");
      if (counted) stored.push({ drillId: revision.drillId, id: row.id, revisionId: revision.id, outcome, points, maxPoints, timeOnTaskMs: 1000 * (i + 1), ratingBefore: agentRating - agentRatingDelta, flaws, falseFlags });
    }
  }
  // Stored as they are, not submitted: their rollups (which the drill list reads) come from a rebuild.
  await rebuildRollups({ db });
  return { stored, revisions };
}

const listedKinds = (kinds: readonly HintKind[]) => [...new Set(kinds.filter((kind) => (LISTED_HINT_KINDS as readonly HintKind[]).includes(kind)))].sort();

describe("item analysis from the database", () => {
  it("reads a drill's first attempts, and the list's rollups agree with the pure computation on the same attempts", async () => {
    const { stored, revisions } = await storeAttempts();
    await connection.db.insert(drillRatings).values({ drillId: "refunds-day-31", rating: 1950, rd: 80, volatility: 0.06 });
    const difficulty = new Map([...revisions].map(([id, [revision]]) => [id, revision?.difficulty ?? null]));
    const listed = await listedItemAnalyses({ db: connection.db, minAttempts: MIN, difficultyOf: (id) => difficulty.get(id) ?? null });
    expect(listed.size).toBe(Object.keys(PLAN).length);
    for (const [drillId, plan] of Object.entries(PLAN)) {
      const own = stored.filter((attempt) => attempt.drillId === drillId);
      const drillRating = drillId === "refunds-day-31" ? 1950 : null;
      const expected = itemAnalysis({ attempts: own, revisions: revisions.get(drillId) ?? [], minAttempts: MIN, drillRating, statedDifficulty: difficulty.get(drillId) ?? null });
      const page = await drillItemAnalysis({ db: connection.db, drillId, revision: null, minAttempts: MIN });
      expect(page.total, drillId).toBe(plan.attempts);
      // The page reads the latest first; the analysis does not depend on the order, but for the last bits of a sum.
      const withoutIndex = (analysis: typeof expected) => (analysis.enough && analysis.discrimination ? { ...analysis, discrimination: { ...analysis.discrimination, index: 0 } } : analysis);
      expect(withoutIndex(page.analysis), drillId).toEqual(withoutIndex(expected));
      if (page.analysis.enough && page.analysis.discrimination) expect(page.analysis.discrimination.index).toBeCloseTo(expected.enough ? (expected.discrimination?.index ?? NaN) : NaN, 12);
      const list = listed.get(drillId);
      expect(list?.attempts, drillId).toBe(plan.attempts);
      if (!expected.enough) {
        expect(list?.analysis, drillId).toBeNull();
        continue;
      }
      expect(list?.analysis?.facility, drillId).toBeCloseTo(expected.facility.rate ?? NaN, 12);
      expect(list?.analysis?.discrimination?.method, drillId).toBe(expected.discrimination?.method);
      expect(list?.analysis?.discrimination?.reading, drillId).toBe(expected.discrimination?.reading);
      if (expected.discrimination) expect(list?.analysis?.discrimination?.index, drillId).toBeCloseTo(expected.discrimination.index, 9);
      else expect(list?.analysis?.discrimination, drillId).toBeNull();
      expect(listedKinds(list?.analysis?.hints ?? []), drillId).toEqual(listedKinds(expected.hints.map((hint) => hint.kind)));
    }
    // The plan gives each method and several hints; the test would say nothing without them.
    const day31 = listed.get("refunds-day-31")?.analysis;
    expect(day31?.discrimination?.method).toBe("point_biserial");
    expect(day31?.hints).toContain("rating_drift");
    expect(listed.get("refunds-fabricated-gift-card")?.analysis?.hints).toContain("rarely_caught");
    expect(listed.get("refunds-fabricated-gift-card")?.analysis?.discrimination?.method).toBe("upper_lower");
    expect(listed.get("refunds-control-restocking")?.analysis?.hints).toContain("overridden_control");
    expect(listed.get("ja-my-number-echo")?.analysis?.hints).toContain("too_easy");
    const control = await drillItemAnalysis({ db: connection.db, drillId: "refunds-control-restocking", revision: null, minAttempts: MIN });
    const overridden = control.analysis.enough ? control.analysis.hints.find((hint) => hint.kind === "overridden_control") : undefined;
    expect(overridden?.kind === "overridden_control" && overridden.spans[0]?.start).toBe(0);
  });

  it("analyses one revision, and lists every revision with its first attempts", async () => {
    const { stored } = await storeAttempts();
    const [first] = await connection.db.select().from(drillRevisions).where(eq(drillRevisions.drillId, "refunds-day-31"));
    if (!first) throw new Error("no revision");
    const [second] = await connection.db.insert(drillRevisions).values({ ...first, id: undefined, revision: 2, hash: `${first.hash}-2` }).returning();
    if (!second) throw new Error("no second revision");
    await connection.db.update(drills).set({ currentRevisionId: second.id }).where(eq(drills.id, "refunds-day-31"));
    const moved = stored.filter((attempt) => attempt.drillId === "refunds-day-31").slice(0, 6);
    for (const attempt of moved) await connection.db.update(attempts).set({ revisionId: second.id }).where(eq(attempts.id, attempt.id));
    const whole = await drillItemAnalysis({ db: connection.db, drillId: "refunds-day-31", revision: null, minAttempts: MIN });
    expect(whole.revisions).toEqual([
      { revision: 1, attempts: 28 },
      { revision: 2, attempts: 6 },
    ]);
    expect(whole.analysis.enough && whole.analysis.flaws.map((flaw) => [flaw.revision, flaw.caught.of])).toEqual([
      [1, 28],
      [2, 6],
    ]);
    const one = await drillItemAnalysis({ db: connection.db, drillId: "refunds-day-31", revision: 2, minAttempts: MIN });
    expect(one).toMatchObject({ revision: 2, total: 6, analysed: 6, analysis: { enough: true, attempts: 6 } });
    // An unknown revision is all of them.
    expect((await drillItemAnalysis({ db: connection.db, drillId: "refunds-day-31", revision: 9, minAttempts: MIN })).revision).toBeNull();
  });

  it("shows the list's figures only from the minimum, which an admin sets (validated, audited)", async () => {
    await storeAttempts();
    expect(await itemAnalysisMinAttempts({ db: connection.db })).toEqual({ minAttempts: 20, source: "built-in" });
    const before = await studioDrillRows({ db: connection.db });
    expect(before.minAttempts).toBe(20);
    const row = (rows: typeof before.rows, id: string) => rows.find((r) => r.id === id);
    expect(row(before.rows, "refunds-day-31")).toMatchObject({ firstAttempts: 34, facility: expect.any(Number), discrimination: { method: "point_biserial" } });
    expect(row(before.rows, "refunds-fabricated-gift-card")).toMatchObject({ firstAttempts: 12, facility: null, discrimination: null, hints: [] });

    const refused = await saveItemAnalysisMinAttempts({ db: connection.db, actorId: adminId, minAttempts: 4 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputError);
    expect(refused).toMatchObject({ field: "minAttempts", status: 400 });
    await expect(saveItemAnalysisMinAttempts({ db: connection.db, actorId: adminId, minAttempts: 2.5 })).rejects.toBeInstanceOf(InputError);
    await saveItemAnalysisMinAttempts({ db: connection.db, actorId: adminId, minAttempts: 10 });
    await saveItemAnalysisMinAttempts({ db: connection.db, actorId: adminId, minAttempts: 12 });
    expect(await itemAnalysisMinAttempts({ db: connection.db })).toEqual({ minAttempts: 12, source: "organisation" });
    const audits = await connection.db.select().from(auditLog).where(eq(auditLog.action, "settings.item_analysis.update"));
    expect(audits.map((entry) => [entry.actorId, entry.details])).toEqual([
      [adminId, { before: null, after: { minAttempts: 10 } }],
      [adminId, { before: { minAttempts: 10 }, after: { minAttempts: 12 } }],
    ]);
    const after = await studioDrillRows({ db: connection.db });
    expect(row(after.rows, "refunds-fabricated-gift-card")).toMatchObject({ firstAttempts: 12, facility: expect.any(Number), hints: expect.arrayContaining(["rarely_caught"]) });
  });

  it("reports the library's mix and every drill with enough attempts, most hints first, in words and as JSON", async () => {
    await storeAttempts();
    await saveItemAnalysisMinAttempts({ db: connection.db, actorId: adminId, minAttempts: MIN });
    const report = await contentReport({ db: connection.db });
    expect(report.mix).toMatchObject({ drills: 5, controls: 1, locales: { en: 4, ja: 1 }, difficulty: { "1": 1, "2": 1, "3": 2, "4": 1, "5": 0 } });
    expect(report.mix.flawTypes.restricted_data).toEqual({ flaws: 3, drills: 2 });
    expect(report.minAttempts).toBe(MIN);
    expect(report.notEnough).toBe(1);
    expect(report.drills.map((drill) => drill.id).sort()).toEqual(["ja-my-number-echo", "refunds-control-restocking", "refunds-day-31", "refunds-fabricated-gift-card"]);
    const counts = report.drills.map((drill) => drill.hints.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const text = formatContentReport(report);
    expect(text).toContain("Clean controls: 1 (20 %)");
    expect(text).toContain("4 drills have enough attempts; 1 more has fewer.");
    expect(text).toMatch(/ja-my-number-echo — .*\n  attempts 8 · facility 8 of 8 \(100 %\)/);
    expect(text).toContain("Everyone gets this right: 8 of 8 (100 %) right decisions. Too easy for the current agents.");
    expect(text).toMatch(/This clean control \(revision 1\) is overridden often: \d+ of 10 \(\d+ %\)\. Possible unplanted flaw here: “/);
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json.drills.find((drill) => drill.id === "ja-my-number-echo")?.hints).toContainEqual(expect.objectContaining({ kind: "too_easy", text: expect.stringContaining("Too easy") }));
  });

  it("runs as npm run content:report on DATABASE_URL, in words or as one JSON object", async () => {
    if (!connection.url) return; // The embedded test database lives in this process; the PostgreSQL run checks the command.
    await storeAttempts();
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "app/cli/content-report.ts", ...args], { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: connection.url, LOG_LEVEL: "warn" }, encoding: "utf8" });
    const json = run("--json");
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { minAttempts: number; mix: { drills: number }; drills: { id: string }[] };
    expect(parsed).toMatchObject({ minAttempts: 20, mix: { drills: 5 } });
    expect(parsed.drills.map((drill) => drill.id)).toEqual(["refunds-day-31"]);
    const text = run();
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("Item analysis (first attempts only; figures from 20 attempts)");
    expect(run("--csv").status).toBe(2);
  });
});
