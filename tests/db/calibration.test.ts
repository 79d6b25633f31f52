import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { auditLog, calibrationRounds, calibrationTakes, users } from "~/db/schema";
import { askForCalibration, calibratorCandidates, drillsTakenBlind, latestRound, pendingTakes, refuseWhileTakingBlind, submitTake, takeFor } from "~/app/calibration/calibration.server";
import { InputError } from "~/app/input-error";
import { createStudioDrill, publishStudioDrill, saveStudioDraft } from "~/app/studio/studio-drills.server";
import { flawFields, sourceOfFields, type StudioFields } from "~/app/studio/studio-source";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });
let priya: number;
let kenji: number;
let ada: number;
let agent: number;

beforeEach(async () => {
  const teamId = (await makeTeam(connection.db)).id;
  priya = (await makeUser(connection.db, { teamId, passwordHash: "x", role: "author", name: "Priya" })).id;
  kenji = (await makeUser(connection.db, { teamId, passwordHash: "x", role: "author", name: "Kenji" })).id;
  ada = (await makeUser(connection.db, { teamId, passwordHash: "x", role: "admin", name: "Ada" })).id;
  agent = (await makeUser(connection.db, { teamId, passwordHash: "x", role: "agent", name: "Dana" })).id;
});

const DRAFT = "Hi Sam, yes: our return window is 45 days [refunds.window], so you are in time. Calm down, please.";
const written: StudioFields = {
  id: "calibration-45-days",
  title: "A 45-day return window",
  locale: "en",
  channel: "email",
  skills: "return-window",
  difficulty: "2",
  customer: "Hi, can I still return the kettle? It arrived 40 days ago.",
  draft: DRAFT,
  expected: "",
  escalation: "",
  flaws: [flawFields({ type: "hallucination", quote: "our return window is 45 days", explanation: "The policy allows 30 days from delivery.", policy: "refunds.window" })],
};
const at = (text: string) => ({ start: DRAFT.indexOf(text), end: DRAFT.indexOf(text) + text.length });

/** A saved studio draft (version 2) that passes every check. */
async function savedDraft() {
  await createStudioDrill({ db: connection.db, actorId: priya, id: written.id, title: written.title, locale: "en" });
  await saveStudioDraft({ db: connection.db, actorId: priya, drillId: written.id, source: sourceOfFields(written), baseVersion: 1 });
  return written.id;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

describe("calibration rounds", () => {
  it("record the working copy's text, hash and version, the invited colleagues, and are audited", async () => {
    const drillId = await savedDraft();
    const asked = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji, ada] });
    expect(asked).toMatchObject({ created: true, invited: 2, alreadyInvited: 0 });
    const [round] = await connection.db.select().from(calibrationRounds);
    expect(round).toMatchObject({ drillId, draftVersion: 2, createdBy: priya, source: sourceOfFields(written) });
    expect(round?.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await connection.db.select().from(calibrationTakes)).map((take) => take.calibratorId).sort()).toEqual([kenji, ada].sort());
    const actions = (await connection.db.select().from(auditLog).where(eq(auditLog.targetId, drillId))).map((entry) => entry.action);
    expect(actions).toContain("calibration.round.create");
    expect(actions).toContain("calibration.invite");
  });

  it("asking again about the same text joins the round; after an edit it starts a new one and the old round is stale", async () => {
    const drillId = await savedDraft();
    const first = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] });
    const again = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji, ada] });
    expect(again).toMatchObject({ roundId: first.roundId, created: false, invited: 1, alreadyInvited: 1 });
    expect((await latestRound({ db: connection.db, drillId, workingCopy: sourceOfFields(written) }))?.stale).toBe(false);

    const edited = sourceOfFields({ ...written, customer: "Hi, can I still return the kettle? It came 40 days ago." });
    await saveStudioDraft({ db: connection.db, actorId: priya, drillId, source: edited, baseVersion: 2 });
    const stale = await latestRound({ db: connection.db, drillId, workingCopy: edited });
    expect(stale).toMatchObject({ id: first.roundId, stale: true, draftVersion: 2 });
    const next = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] });
    expect(next).toMatchObject({ created: true });
    expect(next.roundId).not.toBe(first.roundId);
    expect(await latestRound({ db: connection.db, drillId, workingCopy: edited })).toMatchObject({ id: next.roundId, stale: false, draftVersion: 3, earlierRounds: 1 });
  });

  it("only other active authors and admins can be asked, never the author", async () => {
    const drillId = await savedDraft();
    expect((await calibratorCandidates({ db: connection.db, authorId: priya })).map((user) => user.id)).toEqual([ada, kenji]);
    expect((await refusal(askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [priya] }))).field).toBe("calibrators");
    expect((await refusal(askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [agent] }))).field).toBe("calibrators");
    expect((await refusal(askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [] }))).field).toBe("calibrators");
    await connection.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, kenji));
    expect((await refusal(askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] }))).field).toBe("calibrators");
    expect(await connection.db.select().from(calibrationRounds)).toEqual([]);
  });

  it("refuses a working copy the validator rejects", async () => {
    await createStudioDrill({ db: connection.db, actorId: priya, id: "calibration-empty", title: "Empty", locale: "en" });
    expect((await refusal(askForCalibration({ db: connection.db, actorId: priya, drillId: "calibration-empty", calibratorIds: [kenji] }))).status).toBe(409);
  });
});

describe("takes", () => {
  it("are open only to the invited, listed as pending without naming the drill, and taken once each", async () => {
    const drillId = await savedDraft();
    const { roundId } = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji, ada] });
    expect(await pendingTakes({ db: connection.db, userId: kenji })).toEqual([{ roundId, askedBy: "Priya", askedAt: expect.any(Date) }]);
    expect(await pendingTakes({ db: connection.db, userId: priya })).toEqual([]);
    expect(await takeFor({ db: connection.db, userId: priya, roundId })).toBeNull();
    expect(await takeFor({ db: connection.db, userId: agent, roundId })).toBeNull();
    expect((await refusal(submitTake({ db: connection.db, userId: priya, roundId, marks: [], decision: "send", timeOnTaskMs: 1 }))).status).toBe(404);

    await submitTake({ db: connection.db, userId: kenji, roundId, marks: [{ ...at("45 days"), type: "hallucination" }], decision: "rewrite", timeOnTaskMs: 30_000 });
    const twice = await refusal(submitTake({ db: connection.db, userId: kenji, roundId, marks: [], decision: "send", timeOnTaskMs: 1 }));
    expect(twice).toMatchObject({ status: 409, problem: "already_taken" });
    expect(await pendingTakes({ db: connection.db, userId: kenji })).toEqual([]);
    const [stored] = await connection.db.select().from(calibrationTakes).where(eq(calibrationTakes.calibratorId, kenji));
    expect(stored).toMatchObject({ decision: "rewrite", timeOnTaskMs: 30_000, marks: [{ ...at("45 days"), type: "hallucination" }] });
    const audit = await connection.db.select().from(auditLog).where(eq(auditLog.action, "calibration.take.submit"));
    expect(audit).toMatchObject([{ actorId: kenji, targetId: String(roundId), details: { marks: 1, decision: "rewrite" } }]);
  });

  it("keep the drill's studio pages from a calibrator until their take is in", async () => {
    const drillId = await savedDraft();
    const { roundId } = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] });
    expect(await drillsTakenBlind({ db: connection.db, userId: kenji })).toEqual(new Set([drillId]));
    expect(await refusal(refuseWhileTakingBlind({ db: connection.db, userId: kenji, drillId }))).toMatchObject({ status: 403, problem: "blind_take_pending" });
    await refuseWhileTakingBlind({ db: connection.db, userId: priya, drillId });
    await refuseWhileTakingBlind({ db: connection.db, userId: ada, drillId });
    await submitTake({ db: connection.db, userId: kenji, roundId, marks: [], decision: "send", timeOnTaskMs: 1_000 });
    expect(await drillsTakenBlind({ db: connection.db, userId: kenji })).toEqual(new Set());
    await refuseWhileTakingBlind({ db: connection.db, userId: kenji, drillId });
  });

  it("two submissions at once record one take", async () => {
    const drillId = await savedDraft();
    const { roundId } = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] });
    const both = await Promise.allSettled([
      submitTake({ db: connection.db, userId: kenji, roundId, marks: [], decision: "send", timeOnTaskMs: 1 }),
      submitTake({ db: connection.db, userId: kenji, roundId, marks: [{ ...at("45 days"), type: "tone" }], decision: "rewrite", timeOnTaskMs: 2 }),
    ]);
    expect(both.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await connection.db.select().from(auditLog).where(eq(auditLog.action, "calibration.take.submit"))).toHaveLength(1);
  });

  it("refuses marks outside the round's draft at the marks field", async () => {
    const drillId = await savedDraft();
    const { roundId } = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] });
    const error = await refusal(submitTake({ db: connection.db, userId: kenji, roundId, marks: [{ start: 0, end: DRAFT.length + 5, type: "tone" }], decision: "send", timeOnTaskMs: 1 }));
    expect(error).toMatchObject({ field: "marks", status: 400 });
  });

  it("are tied to the text they saw: the take after an edit still reads the round's draft", async () => {
    const drillId = await savedDraft();
    const { roundId } = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji] });
    await saveStudioDraft({ db: connection.db, actorId: priya, drillId, source: sourceOfFields({ ...written, draft: `${DRAFT} Bye.` }), baseVersion: 2 });
    expect((await takeFor({ db: connection.db, userId: kenji, roundId }))?.drill.draft).toBe(DRAFT);
  });
});

describe("results and the publish gate", () => {
  async function takenRound() {
    const drillId = await savedDraft();
    const { roundId } = await askForCalibration({ db: connection.db, actorId: priya, drillId, calibratorIds: [kenji, ada] });
    await submitTake({ db: connection.db, userId: kenji, roundId, marks: [{ ...at("our return window is 45 days"), type: "hallucination" }, { ...at("Calm down, please."), type: "tone" }], decision: "rewrite", timeOnTaskMs: 30_000 });
    await submitTake({ db: connection.db, userId: ada, roundId, marks: [{ ...at("45 days"), type: "hallucination" }], decision: "send", timeOnTaskMs: 20_000 });
    return { drillId, roundId };
  }

  it("shows per flaw who found it, the unplanted spans, the decisions and the agreement", async () => {
    const { drillId } = await takenRound();
    const round = await latestRound({ db: connection.db, drillId, workingCopy: sourceOfFields(written) });
    expect(round?.invited).toEqual([
      { id: ada, name: "Ada", takenOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      { id: kenji, name: "Kenji", takenOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
    expect(round?.results.flaws).toMatchObject([{ found: 2, foundAs: [{ type: "hallucination", count: 2 }] }]);
    expect(round?.results.unplanted).toEqual([{ ...at("Calm down, please."), text: "Calm down, please.", calibrators: ["Kenji"], types: [{ type: "tone", count: 1 }] }]);
    expect(round?.results.decisions).toEqual([
      { decision: "send", calibrators: ["Ada"] },
      { decision: "rewrite", calibrators: ["Kenji"] },
    ]);
    expect(round?.results.agreement.alpha).toBeGreaterThan(0);
    expect(round?.results.agreement.alpha).toBeLessThan(1);
  });

  it("refuses to publish with an unplanted span still standing unless that round is confirmed (audited)", async () => {
    const { drillId, roundId } = await takenRound();
    const source = sourceOfFields(written);
    const refused = await publishStudioDrill({ db: connection.db, actorId: priya, drillId, source, baseVersion: 2 });
    expect(refused).toMatchObject({ ok: false, errors: [], unplanted: { roundId, spans: [{ text: "Calm down, please." }] } });
    expect((await publishStudioDrill({ db: connection.db, actorId: priya, drillId, source, baseVersion: 3, confirmedRound: roundId + 1 })).ok).toBe(false);
    const confirmed = await publishStudioDrill({ db: connection.db, actorId: priya, drillId, source, baseVersion: 4, confirmedRound: roundId });
    expect(confirmed).toMatchObject({ ok: true, revision: 1 });
    const [entry] = await connection.db.select().from(auditLog).where(eq(auditLog.action, "calibration.unplanted.confirm"));
    expect(entry).toMatchObject({ actorId: priya, targetId: drillId, details: { round: roundId, spans: ["Calm down, please."] } });
  });

  it("publishes without asking once the span is declared as a flaw", async () => {
    const { drillId } = await takenRound();
    const fixed = sourceOfFields({ ...written, flaws: [...written.flaws, flawFields({ type: "tone", quote: "Calm down, please.", explanation: "Never tell a customer to calm down." })] });
    expect(await publishStudioDrill({ db: connection.db, actorId: priya, drillId, source: fixed, baseVersion: 2 })).toMatchObject({ ok: true, revision: 1 });
    expect(await connection.db.select().from(auditLog).where(eq(auditLog.action, "calibration.unplanted.confirm"))).toEqual([]);
  });
});
