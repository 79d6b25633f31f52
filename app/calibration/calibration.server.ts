import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { calibrationRounds, calibrationTakes, drills, studioDrafts, users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { can } from "~/app/auth/permissions";
import { plantedFlaws } from "~/app/practice/planted-flaws";
import { validateScoringInput } from "~/app/practice/scoring-input";
import type { Mark } from "~/app/practice/types";
import { InputError } from "~/app/input-error";
import { checkStudioDrill, workingCopyHash } from "~/app/studio/studio-drills.server";
import { ROLES, type Decision } from "~/app/vocabulary";
import { calibrationResults } from "./results";
import { roundDrill, submittedTakes } from "./takes.server";

const CALIBRATOR_ROLES = ROLES.filter((role) => can(role, "studio:author"));

/** Who may be asked to take a drill blind: the other active authors and admins. */
export async function calibratorCandidates({ db, authorId }: { db: Db; authorId: number }) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.role, CALIBRATOR_ROLES), isNull(users.disabledAt), ne(users.id, authorId)))
    .orderBy(asc(users.name), asc(users.id));
}

/**
 * Asks colleagues to take a studio drill's working copy blind. The round records the text they
 * will see (and its hash and version): while the working copy still says the same, more colleagues
 * join the latest round; once it says something else, a new round starts. The author cannot ask
 * themselves, and only other active authors and admins can be asked.
 */
export async function askForCalibration({ db, actorId, drillId, calibratorIds }: { db: Db; actorId: number; drillId: string; calibratorIds: number[] }) {
  const ids = [...new Set(calibratorIds)];
  if (ids.length === 0) throw new InputError("calibrators", "Choose at least one colleague to take the drill.");
  if (ids.includes(actorId)) throw new InputError("calibrators", "You cannot take your own drill blind: choose colleagues who have not written it.");
  const candidates = new Set((await calibratorCandidates({ db, authorId: actorId })).map((user) => user.id));
  if (ids.some((id) => !candidates.has(id))) throw new InputError("calibrators", "Only active authors and admins can take a drill blind; reload the page to see who can.");
  const [draft] = await db.select({ source: studioDrafts.source }).from(studioDrafts).where(eq(studioDrafts.drillId, drillId));
  if (!draft) throw new InputError(null, `${drillId} has no studio working copy to take: only studio drills are calibrated.`, { status: 409 });
  const check = await checkStudioDrill({ db, source: draft.source, drillId });
  if (!check.drill) throw new InputError(null, "The saved draft has problems the validator reports: fix and save it first, so colleagues take a drill that could be published.", { status: 409 });
  return db.transaction(async (tx) => {
    // One round per text, however many ask at once: the working copy's row is the lock.
    const [locked] = await tx.select({ source: studioDrafts.source, version: studioDrafts.version }).from(studioDrafts).where(eq(studioDrafts.drillId, drillId)).for("update");
    const [drill] = await tx.select({ status: drills.status }).from(drills).where(eq(drills.id, drillId));
    if (!locked || !drill) throw new InputError(null, `There is no drill ${drillId}.`, { status: 404 });
    if (drill.status === "retired") throw new InputError(null, `${drillId} is retired.`, { status: 409 });
    if (locked.source !== draft.source) throw new InputError(null, "The draft was saved again while you asked; reload the page and ask again.", { status: 409 });
    const hash = workingCopyHash(locked.source);
    if (hash === null) throw new Error("a checked working copy did not parse");
    const [latest] = await tx.select().from(calibrationRounds).where(eq(calibrationRounds.drillId, drillId)).orderBy(desc(calibrationRounds.id)).limit(1);
    let round = latest && latest.sourceHash === hash ? latest : undefined;
    if (!round) {
      [round] = await tx.insert(calibrationRounds).values({ drillId, source: locked.source, sourceHash: hash, draftVersion: locked.version, createdBy: actorId }).returning();
      if (!round) throw new Error("no calibration round stored");
      await recordAudit(tx, { actorId, action: "calibration.round.create", targetType: "drill", targetId: drillId, details: { round: round.id, version: locked.version, hash } });
    }
    const invited = await tx
      .insert(calibrationTakes)
      .values(ids.map((calibratorId) => ({ roundId: round.id, calibratorId })))
      .onConflictDoNothing()
      .returning({ calibratorId: calibrationTakes.calibratorId });
    if (invited.length > 0) {
      await recordAudit(tx, { actorId, action: "calibration.invite", targetType: "drill", targetId: drillId, details: { round: round.id, calibrators: invited.map((row) => row.calibratorId) } });
    }
    return { roundId: round.id, created: round !== latest, invited: invited.length, alreadyInvited: ids.length - invited.length };
  });
}

/** The rounds a user is asked to take and has not taken yet, newest first (never naming the drill: titles often name the flaw). */
export async function pendingTakes({ db, userId }: { db: Db; userId: number }) {
  return db
    .select({ roundId: calibrationRounds.id, askedBy: users.name, askedAt: calibrationRounds.createdAt })
    .from(calibrationTakes)
    .innerJoin(calibrationRounds, eq(calibrationRounds.id, calibrationTakes.roundId))
    .innerJoin(users, eq(users.id, calibrationRounds.createdBy))
    .innerJoin(drills, eq(drills.id, calibrationRounds.drillId))
    .where(and(eq(calibrationTakes.calibratorId, userId), isNull(calibrationTakes.submittedAt), ne(drills.status, "retired")))
    .orderBy(desc(calibrationRounds.id));
}

const pendingFor = (userId: number) => and(eq(calibrationTakes.calibratorId, userId), isNull(calibrationTakes.submittedAt));

/** The drills the user is asked to take blind and has not yet: the studio must not show them their key. */
export async function drillsTakenBlind({ db, userId }: { db: Db; userId: number }): Promise<Set<string>> {
  const rows = await db.selectDistinct({ drillId: calibrationRounds.drillId }).from(calibrationTakes).innerJoin(calibrationRounds, eq(calibrationRounds.id, calibrationTakes.roundId)).where(pendingFor(userId));
  return new Set(rows.map((row) => row.drillId));
}

/** A studio page of a drill (editor, preview, revisions, YAML) is refused to a calibrator whose blind take of it is pending. */
export async function refuseWhileTakingBlind({ db, userId, drillId }: { db: Db; userId: number; drillId: string }) {
  if ((await drillsTakenBlind({ db, userId })).has(drillId)) {
    throw new InputError(null, "You are asked to take this drill blind: submit your take first (the studio's page lists it), then its key opens to you.", { status: 403, problem: "blind_take_pending" });
  }
}

/** The round as its invited calibrator takes it, or null for anyone not invited to it. */
export async function takeFor({ db, userId, roundId }: { db: Db; userId: number; roundId: number }) {
  const [row] = await db
    .select({ source: calibrationRounds.source, askedBy: users.name, askedAt: calibrationRounds.createdAt, submittedAt: calibrationTakes.submittedAt })
    .from(calibrationTakes)
    .innerJoin(calibrationRounds, eq(calibrationRounds.id, calibrationTakes.roundId))
    .innerJoin(users, eq(users.id, calibrationRounds.createdBy))
    .where(and(eq(calibrationTakes.roundId, roundId), eq(calibrationTakes.calibratorId, userId)));
  if (!row) return null;
  return { roundId, askedBy: row.askedBy, askedAt: row.askedAt, submittedAt: row.submittedAt, drill: roundDrill({ id: roundId, source: row.source }) };
}

/** Records an invited calibrator's take, once: marks checked against the round's draft as scoring checks an attempt's. */
export async function submitTake({ db, userId, roundId, marks, decision, timeOnTaskMs }: { db: Db; userId: number; roundId: number; marks: Mark[]; decision: Decision; timeOnTaskMs: number }) {
  return db.transaction(async (tx) => {
    const take = await takeFor({ db: tx, userId, roundId });
    if (!take) throw new InputError(null, "You were not asked to take this drill.", { status: 404 });
    const { drill } = take;
    validateScoringInput({ draft: drill.draft, flaws: plantedFlaws(drill), marks, decision, expected: drill.expected });
    const [saved] = await tx
      .update(calibrationTakes)
      .set({ marks, decision, timeOnTaskMs, submittedAt: new Date() })
      .where(and(eq(calibrationTakes.roundId, roundId), eq(calibrationTakes.calibratorId, userId), isNull(calibrationTakes.submittedAt)))
      .returning({ submittedAt: calibrationTakes.submittedAt });
    if (!saved) throw new InputError(null, "You have already taken this drill: one take per colleague and round.", { status: 409, problem: "already_taken" });
    await recordAudit(tx, { actorId: userId, action: "calibration.take.submit", targetType: "calibration_round", targetId: roundId, details: { marks: marks.length, decision } });
    return saved;
  });
}

/**
 * The drill's latest round for its studio page: who was asked and who took it, whether the working
 * copy has changed since (stale), and its results against the text they saw.
 */
export type LatestRound = NonNullable<Awaited<ReturnType<typeof latestRound>>>;

export async function latestRound({ db, drillId, workingCopy }: { db: Db; drillId: string; workingCopy: string | null }) {
  const rounds = await db
    .select({ id: calibrationRounds.id, source: calibrationRounds.source, sourceHash: calibrationRounds.sourceHash, draftVersion: calibrationRounds.draftVersion, createdAt: calibrationRounds.createdAt, askedBy: users.name })
    .from(calibrationRounds)
    .innerJoin(users, eq(users.id, calibrationRounds.createdBy))
    .where(eq(calibrationRounds.drillId, drillId))
    .orderBy(desc(calibrationRounds.id));
  const [round] = rounds;
  if (!round) return null;
  const invited = await db
    .select({ id: users.id, name: users.name, submittedAt: calibrationTakes.submittedAt })
    .from(calibrationTakes)
    .innerJoin(users, eq(users.id, calibrationTakes.calibratorId))
    .where(eq(calibrationTakes.roundId, round.id))
    .orderBy(asc(users.name));
  const takes = await submittedTakes({ db, roundId: round.id });
  const drill = roundDrill(round);
  return {
    id: round.id,
    askedBy: round.askedBy,
    askedOn: round.createdAt.toISOString().slice(0, 10),
    draftVersion: round.draftVersion,
    locale: drill.locale,
    earlierRounds: rounds.length - 1,
    stale: workingCopy === null || workingCopyHash(workingCopy) !== round.sourceHash,
    invited: invited.map((person) => ({ id: person.id, name: person.name, takenOn: person.submittedAt?.toISOString().slice(0, 10) ?? null })),
    takes: takes.map((take) => ({ calibrator: take.calibrator, decision: take.decision, timeOnTaskMs: take.timeOnTaskMs, marks: take.marks.length })),
    results: calibrationResults({ drill, takes }),
  };
}
