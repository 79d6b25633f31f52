import { randomUUID } from "node:crypto";
import { and, eq, gte, lt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { attempts } from "~/db/schema";
import { exportCsv } from "~/app/insights/csv-export.server";
import { monthlyReview } from "~/app/insights/review.server";
import { REVIEW_TABLES } from "~/app/insights/review-tables";
import { InputError } from "~/app/input-error";
import { parseReviewMonth } from "~/app/insights/review-month";
import { submitAttempt } from "~/app/practice/attempts.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { ingestEvents } from "~/app/production/events.server";
import { parseCsv } from "~/app/production/csv";
import { validateBatch } from "~/app/production/events";
import { DEFAULT_BAND_SETTINGS } from "~/app/settings/band-settings";
import type { Decision } from "~/app/vocabulary";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

const NOW = new Date("2026-12-01T09:00:00Z");
const NOVEMBER = parseReviewMonth("2026-11", NOW);

/** Every drill of the fixture library once (as far as serving goes), with one decision and no marks, an hour apart. */
async function practise(agent: { id: number; teamId: number }, { decision, from, count = 5 }: { decision: Decision; from: Date; count?: number }) {
  for (let index = 0; index < count; index++) {
    const now = new Date(from.getTime() + index * 3_600_000);
    const served = await serveNextDrill({ db: connection.db, userId: agent.id, teamId: agent.teamId, now, random: () => 0.5 });
    if (!served) return;
    const reason = decision === "escalate" ? { escalationReason: "Needs a specialist." } : {};
    await submitAttempt({ db: connection.db, userId: agent.id, servedId: served.id, now, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision, timeOnTaskMs: 1_000, ...reason } });
  }
}

async function organisation() {
  const db = connection.db;
  // Both languages: agents practise the whole fixture library, its Japanese drill included.
  const alpha = await makeTeam(db, { name: "Alpha", practiceLanguages: ["en", "ja"] });
  const bravo = await makeTeam(db, { name: "Bravo", practiceLanguages: ["en", "ja"] });
  const agent = async (teamId: number, email: string) => ({ id: (await makeUser(db, { teamId, passwordHash: "x", email })).id, teamId });
  const leader = await makeUser(db, { teamId: alpha.id, passwordHash: "x", role: "leader", email: "lena@example.test", leads: [alpha.id] });
  return { alpha, bravo, leader: { id: leader.id, role: leader.role }, agents: [await agent(alpha.id, "ann@example.test"), await agent(alpha.id, "amy@example.test"), await agent(alpha.id, "abe@example.test")], bob: await agent(bravo.id, "bob@example.test") };
}

/** A review table's CSV as the export route streams it, parsed into rows of cells. */
async function reviewCsv(viewer: { id: number; role: "leader" | "admin" | "agent" | "author" }, query: string) {
  const { filename, body } = await exportCsv({ db: connection.db, viewer, url: new URL(`http://redline.test/insights/export.csv?${query}`), now: NOW });
  const { records, error } = parseCsv((await new Response(body).text()).replace(/^\uFEFF/, ""));
  if (error) throw new Error(`unreadable CSV: ${error.reason}`);
  return { filename, header: records[0]?.fields, rows: records.slice(1).map((record) => record.fields) };
}

describe("the monthly review", () => {
  it("sums the month's ISO weeks beside the month before, for the teams asked for only", async () => {
    const org = await organisation();
    const [ann, amy] = org.agents;
    if (!ann || !amy) throw new Error("no agents");
    await practise(ann, { decision: "rewrite", from: new Date("2026-10-12T08:00:00Z"), count: 2 });
    await practise(ann, { decision: "send", from: new Date("2026-11-10T08:00:00Z"), count: 3 });
    await practise(amy, { decision: "send", from: new Date("2026-11-29T20:00:00Z"), count: 2 });
    // Bravo's attempts and attempts in December's first week are not November's for Alpha.
    await practise(org.bob, { decision: "rewrite", from: new Date("2026-11-10T08:00:00Z") });
    await practise(amy, { decision: "rewrite", from: new Date("2026-11-30T08:00:00Z"), count: 1 });

    const review = await monthlyReview({ db: connection.db, teamIds: [org.alpha.id], review: NOVEMBER, settings: DEFAULT_BAND_SETTINGS });
    if (!review) throw new Error("no review");
    const counted = async (since: Date, until: Date) =>
      connection.db.select().from(attempts).where(and(eq(attempts.teamId, org.alpha.id), eq(attempts.counted, true), gte(attempts.createdAt, since), lt(attempts.createdAt, until)));
    const november = await counted(NOVEMBER.range.since, NOVEMBER.range.until);
    const october = await counted(NOVEMBER.previous.range.since, NOVEMBER.previous.range.until);
    expect(november).toHaveLength(5);
    expect(october).toHaveLength(2);
    expect(review.current.figures.attempts).toBe(5);
    expect(review.previous.figures.attempts).toBe(2);
    expect(review.current.figures.override.rate).toBe(0);
    expect(review.previous.figures.override.rate).toBe(1);
    const missed = november.reduce((sum, attempt) => sum + attempt.score.counts.missed, 0);
    expect(review.types.reduce((sum, type) => sum + type.missed, 0)).toBe(missed);
    expect(review.tiers.agents).toBe(3);
    expect(review.tiers.up + review.tiers.down + review.tiers.same).toBe(3);
    expect(review.controls).toEqual([]);
  });

  it("lists the clean controls most often overridden, from three agents' first attempts", async () => {
    const org = await organisation();
    for (const agent of org.agents) await practise(agent, { decision: "rewrite", from: new Date("2026-11-03T08:00:00Z") });
    const review = await monthlyReview({ db: connection.db, teamIds: [org.alpha.id], review: NOVEMBER, settings: DEFAULT_BAND_SETTINGS });
    const controls = await connection.db.select({ drillId: attempts.drillId }).from(attempts).where(and(eq(attempts.flawed, false), eq(attempts.counted, true)));
    const expected = [...new Set(controls.map((row) => row.drillId))].filter((drillId) => controls.filter((row) => row.drillId === drillId).length >= 3);
    expect(expected.length).toBeGreaterThan(0);
    expect(review?.controls.map((row) => row.drillId).sort()).toEqual(expected.sort());
    for (const row of review?.controls ?? []) expect(row.overridden).toMatchObject({ rate: 1, of: 3 });
  });

  it("shows where production suggestions were overridden, by kind, with light edits as accepted", async () => {
    const org = await organisation();
    const items = [
      ...["a", "b", "c"].map((id) => ({ externalId: `reply-${id}`, agentEmail: "ann@example.test", occurredAt: "2026-11-10T10:00:00Z", action: "accepted", suggestionKind: "reply" })),
      { externalId: "reply-d", agentEmail: "ann@example.test", occurredAt: "2026-11-11T10:00:00Z", action: "rejected", suggestionKind: "reply" },
      { externalId: "sum-a", agentEmail: "amy@example.test", occurredAt: "2026-11-12T10:00:00Z", action: "edited", editRatio: 0.5, suggestionKind: "summary" },
      { externalId: "sum-b", agentEmail: "amy@example.test", occurredAt: "2026-11-12T11:00:00Z", action: "edited", editRatio: 0.05, suggestionKind: "summary" },
      { externalId: "oct-a", agentEmail: "amy@example.test", occurredAt: "2026-10-12T11:00:00Z", action: "rejected", suggestionKind: "summary" },
      { externalId: "bob-a", agentEmail: "bob@example.test", occurredAt: "2026-11-12T11:00:00Z", action: "rejected", suggestionKind: "triage" },
    ];
    const result = await ingestEvents({ db: connection.db, batch: validateBatch(items, { now: NOW }) });
    expect(result.rejected).toBe(0);
    const review = await monthlyReview({ db: connection.db, teamIds: [org.alpha.id], review: NOVEMBER, settings: DEFAULT_BAND_SETTINGS });
    expect(review?.kinds.map((row) => ({ kind: row.kind, now: row.current?.override, before: row.previous?.override.rate ?? null }))).toEqual([
      { kind: "reply", now: expect.objectContaining({ rate: 0.25, of: 4 }), before: null },
      { kind: "summary", now: expect.objectContaining({ rate: 0.5, of: 2 }), before: 1 },
    ]);
    expect(review?.current.production?.override).toMatchObject({ rate: 2 / 6, of: 6 });
  });

  it("is empty for no teams", async () => {
    expect(await monthlyReview({ db: connection.db, teamIds: [], review: NOVEMBER, settings: DEFAULT_BAND_SETTINGS })).toBeNull();
  });

  it("exports each table of the review as CSV, with the rows the page shows for the month and teams asked for", async () => {
    const org = await organisation();
    const [ann, amy, abe] = org.agents;
    if (!ann || !amy || !abe) throw new Error("no agents");
    await practise(ann, { decision: "rewrite", from: new Date("2026-10-12T08:00:00Z"), count: 2 });
    await practise(ann, { decision: "send", from: new Date("2026-11-03T08:00:00Z") });
    await practise(amy, { decision: "rewrite", from: new Date("2026-11-03T08:00:00Z") });
    await practise(abe, { decision: "rewrite", from: new Date("2026-11-03T08:00:00Z") });
    await practise(org.bob, { decision: "send", from: new Date("2026-11-10T08:00:00Z") });
    const review = await monthlyReview({ db: connection.db, teamIds: [org.alpha.id], review: NOVEMBER, settings: DEFAULT_BAND_SETTINGS });
    if (!review) throw new Error("no review");
    const query = `month=2026-11&team=${org.alpha.id}`;

    const summary = await reviewCsv(org.leader, `table=review-summary&${query}`);
    expect(summary.filename).toBe("redline-review-summary-2026-11.csv");
    expect(summary.rows.map((row) => row[0])).toEqual(["First attempts", "Error-spotting", "Drill override rate", "Unneeded overrides (clean drafts)", "Production override rate"]);
    expect(summary.rows[0]?.slice(1)).toEqual([String(review.current.figures.attempts), "", "", String(review.previous.figures.attempts), "", "", String(review.current.figures.attempts - review.previous.figures.attempts)]);
    expect(summary.rows[2]?.slice(1, 3)).toEqual([String(Math.round((review.current.figures.override.rate ?? 0) * 100)), String(review.current.figures.override.of)]);

    const types = await reviewCsv(org.leader, `table=review-types&${query}`);
    expect(types.rows.map((row) => [row[0], Number(row[1]), Number(row[2])])).toEqual(review.types.map((row) => [row.flawType, row.planted, row.missed]));
    expect(types.rows.length).toBeGreaterThan(0);

    const drills = await reviewCsv(org.leader, `table=review-drills&${query}`);
    expect(drills.rows.map((row) => [row[0], Number(row[3]), row[4], Number(row[7])])).toEqual(review.drills.flatMap((drill) => drill.flaws.map((flaw) => [drill.drillId, drill.missed, flaw.flawType, flaw.missed])));
    expect(drills.rows.length).toBeGreaterThan(0);

    const controls = await reviewCsv(org.leader, `table=review-controls&${query}`);
    expect(controls.rows.map((row) => [row[0], row[2], row[3]])).toEqual(review.controls.map((row) => [row.drillId, String(Math.round((row.overridden.rate ?? 0) * 100)), String(row.overridden.of)]));

    const tiers = await reviewCsv(org.leader, `table=review-tiers&${query}`);
    expect(tiers.header).toEqual(["from_tier", "to_associate", "to_advanced", "to_specialist", "to_coach"]);
    expect(tiers.rows.reduce((sum, row) => sum + row.slice(1).reduce((cells, cell) => cells + Number(cell), 0), 0)).toBe(review.tiers.agents);

    // Every table answers, kinds and near misses included (no events, no reports: a header only).
    for (const table of REVIEW_TABLES) expect((await reviewCsv(org.leader, `table=${table}&${query}`)).header?.length).toBeGreaterThan(1);
    expect((await reviewCsv(org.leader, `table=review-kinds&${query}`)).rows).toEqual([]);
  });

  it("refuses a review table of a team the leader does not lead, as the page does", async () => {
    const org = await organisation();
    const refused = await exportCsv({ db: connection.db, viewer: org.leader, url: new URL(`http://redline.test/insights/export.csv?table=review-summary&month=2026-11&team=${org.bravo.id}`), now: NOW }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).status).toBe(404);
    // Without a team: the leader's own teams only, Bravo's attempts not among them.
    await practise(org.bob, { decision: "send", from: new Date("2026-11-10T08:00:00Z") });
    const summary = await reviewCsv(org.leader, "table=review-summary&month=2026-11");
    expect(summary.rows[0]?.[1]).toBe("0");
  });
});
