import { breaksControlShare, CONTROL_WINDOW, controlSlotFor, fitsControlSlot, type ControlSlot } from "./control-share";
import { expectedScore, type Rating } from "./glicko2";
import { languageOfLocale, type DrillStatus, type FlawType, type PracticeLanguage } from "~/app/vocabulary";
import { percent } from "~/app/format";

export type { ControlSlot } from "./control-share";

export type DrillCandidate = {
  drillId: string;
  rating: Rating;
  isControl: boolean;
  flawTypes: readonly FlawType[];
  status: DrillStatus;
  /** The drill's locale (`en`, `ja`, `ja-JP`): self-paced practice serves only the agent's languages. */
  locale: string;
};

export type AssignedDrill = { drillId: string; assignmentId?: number; dueAt: Date | null; completed: boolean };

/** A due FSRS card: either one drill, or a flaw type (served through a drill that plants it). */
export type DueReview = { kind: "drill"; drillId: string; due: Date } | { kind: "flaw_type"; flawType: FlawType; due: Date };

export type ServedDrill = { drillId: string; isControl: boolean };

export type NextDrillReason = "assigned" | "review" | "practice";

/**
 * Why the choice is less than ideal:
 * - control_share_unmet: the pool (or an assignment) forced a drill that takes some window of
 *   20 outside 5–7 controls
 * - seen_before: no unseen drill fitted, so a drill the agent has done before is served again
 * - recently_served: even that ran out, so one of the last 19 served comes back
 */
export type NextDrillFallback = "control_share_unmet" | "seen_before" | "recently_served";

export type NextDrill = {
  drillId: string;
  assignmentId?: number;
  reason: NextDrillReason;
  /** For a flaw-type review, the type being reviewed. */
  reviewFlawType?: FlawType;
  isControl: boolean;
  /** The agent's expected score on this drill (Glicko-2). */
  expectedScore: number;
  controlSlot: ControlSlot;
  fallbacks: NextDrillFallback[];
  explanation: string;
};

/** Self-paced drills aim at an expected score of 0.7 (DESIGN: "Practice that sticks"). */
export const TARGET_EXPECTED_SCORE = 0.7;
/** Drills within this much of the best distance to the target are equally good; `random` picks one. */
export const TARGET_TOLERANCE = 0.02;

type Scored = { candidate: DrillCandidate; expected: number };

/** Picks the candidate nearest the target expected score; near-ties go to `random`. */
function nearestTarget({ pool, random }: { pool: readonly Scored[]; random: () => number }): Scored | null {
  const distance = (scored: Scored) => Math.abs(scored.expected - TARGET_EXPECTED_SCORE);
  const sorted = [...pool].sort(
    (a, b) => distance(a) - distance(b) || compareText(a.candidate.drillId, b.candidate.drillId),
  );
  const nearest = sorted[0];
  if (nearest === undefined) return null;
  const best = distance(nearest);
  const ties = sorted.filter((scored) => distance(scored) <= best + TARGET_TOLERANCE);
  const at = Math.min(ties.length - 1, Math.max(0, Math.floor(random() * ties.length)));
  return ties[at] ?? null;
}

function compareText(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plantsFocus({ candidate, focusFlawType }: { candidate: DrillCandidate; focusFlawType: FlawType | undefined }) {
  return focusFlawType === undefined || candidate.flawTypes.includes(focusFlawType);
}

/**
 * The next drill for an agent, or null when nothing can be served. In order:
 * 1. assigned drills not yet completed, earliest due date first (undated last);
 * 2. due reviews, most overdue first;
 * 3. practice: an unseen drill whose expected score is nearest 0.7.
 * Only active drills are ever served. Clean controls are interleaved so that every 20
 * consecutive served drills hold 5–7 of them (see control-share.ts): a slot that requires
 * (or forbids) a control makes a review wait a turn, but never an assignment.
 *
 * `focusFlawType` ("practise this") keeps only flawed drills that plant that type, at every
 * step; clean controls stay in the mix unless `focusKeepsControls` is false, because a mix
 * with no controls makes overriding everything a winning strategy.
 *
 * `seenDrillIds` lists the drills the agent has attempted; `recentServed` the last (up to 19)
 * served, oldest first. `random` (in [0, 1)) breaks near-ties, so the choice is deterministic.
 *
 * `languages` (the agent's practice languages) limits reviews and practice to drills whose
 * locale is in one of them; assigned drills are served whatever their language.
 */
export function chooseNextDrill({
  agent,
  candidates,
  assigned = [],
  dueReviews = [],
  recentServed = [],
  seenDrillIds = [],
  focusFlawType,
  focusKeepsControls = true,
  languages,
  random,
}: {
  agent: Rating;
  candidates: readonly DrillCandidate[];
  assigned?: readonly AssignedDrill[];
  dueReviews?: readonly DueReview[];
  recentServed?: readonly ServedDrill[];
  seenDrillIds?: readonly string[];
  focusFlawType?: FlawType;
  focusKeepsControls?: boolean;
  languages?: readonly PracticeLanguage[];
  random: () => number;
}): NextDrill | null {
  const slot = controlSlotFor({ recentServed });
  const servable = new Map<string, Scored>();
  for (const candidate of candidates) {
    if (candidate.status !== "active") continue;
    const inFocus = candidate.isControl ? focusFlawType === undefined || focusKeepsControls : plantsFocus({ candidate, focusFlawType });
    if (inFocus) servable.set(candidate.drillId, { candidate, expected: expectedScore(agent, candidate.rating) });
  }
  const selfPaced = languages === undefined ? servable : inLanguages({ servable, languages });
  const recentIds = recentServed.slice(-(CONTROL_WINDOW - 1)).map((served) => served.drillId);
  const seen = new Set([...seenDrillIds, ...recentIds]);

  const assignment = nextAssignment({ assigned, servable, slot });
  if (assignment !== null) {
    const { item, scored } = assignment;
    const due = item.dueAt === null ? "no due date" : `due ${item.dueAt.toISOString().slice(0, 10)}`;
    return nextDrillFrom({
      scored,
      slot,
      reason: "assigned",
      fallbacks: [],
      explanation: `Assigned (${due}).`,
      ...(item.assignmentId === undefined ? {} : { assignmentId: item.assignmentId }),
    });
  }

  const review = nextReview({ dueReviews, servable: selfPaced, slot, recentIds, seen, focusFlawType, random });
  if (review !== null) {
    const what = review.flawType === undefined ? "this drill" : review.flawType.replaceAll("_", " ");
    return nextDrillFrom({
      scored: review.scored,
      slot,
      reason: "review",
      fallbacks: [],
      explanation: `Due for review: ${what} comes back on your spaced-repetition schedule.`,
      ...(review.flawType === undefined ? {} : { reviewFlawType: review.flawType }),
    });
  }

  const practice = nextPractice({ servable: [...selfPaced.values()], slot, recentIds, seen, random });
  if (practice === null) return null;
  return nextDrillFrom({
    scored: practice.scored,
    slot,
    reason: "practice",
    fallbacks: practice.fallbacks,
    explanation: practiceExplanation({ scored: practice.scored, fallbacks: practice.fallbacks }),
  });
}

function inLanguages({ servable, languages }: { servable: ReadonlyMap<string, Scored>; languages: readonly PracticeLanguage[] }) {
  const kept = new Map<string, Scored>();
  for (const [drillId, scored] of servable) {
    const language = languageOfLocale(scored.candidate.locale);
    if (language !== null && languages.includes(language)) kept.set(drillId, scored);
  }
  return kept;
}

/** Assembles the answer, adding control_share_unmet whenever the drill breaks a hard slot (an assignment can). */
function nextDrillFrom({
  scored,
  slot,
  fallbacks,
  ...details
}: {
  scored: Scored;
  slot: ControlSlot;
  reason: NextDrillReason;
  fallbacks: readonly NextDrillFallback[];
  explanation: string;
  assignmentId?: number;
  reviewFlawType?: FlawType;
}): NextDrill {
  const { candidate } = scored;
  const breaks = breaksControlShare({ slot, isControl: candidate.isControl }) && !fallbacks.includes("control_share_unmet");
  return {
    drillId: candidate.drillId,
    isControl: candidate.isControl,
    expectedScore: scored.expected,
    controlSlot: slot,
    fallbacks: breaks ? ["control_share_unmet", ...fallbacks] : [...fallbacks],
    ...details,
  };
}

function practiceExplanation({ scored, fallbacks }: { scored: Scored; fallbacks: readonly NextDrillFallback[] }) {
  const parts = [`Practice: you are expected to get this right about ${percent(scored.expected)} of the time.`];
  if (fallbacks.includes("control_share_unmet")) parts.push("The pool could not keep clean controls at 25–35 % of the mix.");
  if (fallbacks.includes("recently_served")) parts.push("Every fitting drill was served recently, so one comes back.");
  else if (fallbacks.includes("seen_before")) parts.push("You have done every fitting drill, so one comes back.");
  return parts.join(" ");
}

function nextAssignment({
  assigned,
  servable,
  slot,
}: {
  assigned: readonly AssignedDrill[];
  servable: ReadonlyMap<string, Scored>;
  slot: ControlSlot;
}): { item: AssignedDrill; scored: Scored } | null {
  const open = assigned.flatMap((item) => {
    const scored = servable.get(item.drillId);
    return !item.completed && scored !== undefined ? [{ item, scored }] : [];
  });
  const dueTime = (item: AssignedDrill) => (item.dueAt === null ? Number.POSITIVE_INFINITY : item.dueAt.getTime());
  // Among equally due drills, the one that suits the control slot goes first.
  const fit = (scored: Scored) => (fitsControlSlot({ slot, isControl: scored.candidate.isControl }) ? 0 : 1);
  open.sort((a, b) => dueTime(a.item) - dueTime(b.item) || fit(a.scored) - fit(b.scored));
  return open[0] ?? null;
}

function nextReview({
  dueReviews,
  servable,
  slot,
  recentIds,
  seen,
  focusFlawType,
  random,
}: {
  dueReviews: readonly DueReview[];
  servable: ReadonlyMap<string, Scored>;
  slot: ControlSlot;
  recentIds: readonly string[];
  seen: ReadonlySet<string>;
  focusFlawType: FlawType | undefined;
  random: () => number;
}): { scored: Scored; flawType?: FlawType } | null {
  const allowed = (scored: Scored) =>
    !recentIds.includes(scored.candidate.drillId) && !breaksControlShare({ slot, isControl: scored.candidate.isControl });
  const byDue = [...dueReviews].sort((a, b) => a.due.getTime() - b.due.getTime());
  for (const review of byDue) {
    if (review.kind === "drill") {
      const scored = servable.get(review.drillId);
      if (scored !== undefined && allowed(scored)) return { scored };
      continue;
    }
    if (focusFlawType !== undefined && review.flawType !== focusFlawType) continue;
    const planting = [...servable.values()].filter(
      (scored) => !scored.candidate.isControl && scored.candidate.flawTypes.includes(review.flawType) && allowed(scored),
    );
    const unseen = planting.filter((scored) => !seen.has(scored.candidate.drillId));
    const scored = nearestTarget({ pool: unseen.length > 0 ? unseen : planting, random });
    if (scored !== null) return { scored, flawType: review.flawType };
  }
  return null;
}

function nextPractice({
  servable,
  slot,
  recentIds,
  seen,
  random,
}: {
  servable: readonly Scored[];
  slot: ControlSlot;
  recentIds: readonly string[];
  seen: ReadonlySet<string>;
  random: () => number;
}): { scored: Scored; fallbacks: NextDrillFallback[] } | null {
  const wantsControl = slot === "required" || slot === "preferred";
  const hard = slot === "required" || slot === "forbidden";
  const ofKind = (isControl: boolean) => servable.filter((scored) => scored.candidate.isControl === isControl);
  const tiersOf = (pool: readonly Scored[]) => {
    const unseen = pool.filter((scored) => !seen.has(scored.candidate.drillId));
    const seenNotRecent = pool.filter((scored) => seen.has(scored.candidate.drillId) && !recentIds.includes(scored.candidate.drillId));
    // Least recently served first; the drill just served comes back only when nothing else is left.
    const recent = pool
      .filter((scored) => recentIds.includes(scored.candidate.drillId))
      .sort((a, b) => recentIds.lastIndexOf(a.candidate.drillId) - recentIds.lastIndexOf(b.candidate.drillId));
    return { unseen, seenNotRecent, recent };
  };
  const preferred = tiersOf(ofKind(wantsControl));
  const other = tiersOf(ofKind(!wantsControl));

  const otherKind: NextDrillFallback[] = hard ? ["control_share_unmet"] : [];
  // A hard slot exhausts the preferred kind before the other; a soft one only prefers it per tier.
  const steps: { pool: readonly Scored[]; fallbacks: NextDrillFallback[]; leastRecent?: true }[] = hard
    ? [
        { pool: preferred.unseen, fallbacks: [] },
        { pool: preferred.seenNotRecent, fallbacks: ["seen_before"] },
        { pool: preferred.recent, fallbacks: ["seen_before", "recently_served"], leastRecent: true },
        { pool: other.unseen, fallbacks: otherKind },
        { pool: other.seenNotRecent, fallbacks: [...otherKind, "seen_before"] },
        { pool: other.recent, fallbacks: [...otherKind, "seen_before", "recently_served"], leastRecent: true },
      ]
    : [
        { pool: preferred.unseen, fallbacks: [] },
        { pool: other.unseen, fallbacks: [] },
        { pool: preferred.seenNotRecent, fallbacks: ["seen_before"] },
        { pool: other.seenNotRecent, fallbacks: ["seen_before"] },
        { pool: preferred.recent, fallbacks: ["seen_before", "recently_served"], leastRecent: true },
        { pool: other.recent, fallbacks: ["seen_before", "recently_served"], leastRecent: true },
      ];
  for (const step of steps) {
    const scored = step.leastRecent ? (step.pool[0] ?? null) : nearestTarget({ pool: step.pool, random });
    if (scored !== null) return { scored, fallbacks: step.fallbacks };
  }
  return null;
}
