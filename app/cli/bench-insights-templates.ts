import { asc } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import type { Drill } from "~/app/content/drill";
import { currentRevision, isLive } from "~/app/drills/drills.server";
import { flawRollupRowsOf, type FlawRollupRow } from "~/app/insights/flaw-rollup-rows";
import { rollupRowsOf, type RollupRow } from "~/app/insights/rollup-rows";
import { knownAnchors } from "~/app/policies/anchors.server";
import { restrictedDetectors, restrictedFinder } from "~/app/policies/restricted.server";
import { FsrsRating, gradeFromScore, newCard, reviewCard, type ReviewCardState } from "~/app/practice/fsrs";
import { plantedFlaws } from "~/app/practice/planted-flaws";
import { scoreAttempt, type AttemptScore } from "~/app/practice/scoring";
import type { Mark } from "~/app/practice/types";
import { FLAW_TYPES, type Decision, type FlawType } from "~/app/vocabulary";

/**
 * The score templates of `bench:insights`: a few real starter drills, each answered in a few
 * realistic ways and scored by the app's own scoreAttempt; every synthetic attempt is a copy of
 * one of them, and what it adds to the rollups is rollupRowsOf (and flawRollupRowsOf) of its template.
 */

export type Starter = { starter: number; drillId: string; revisionId: number; drill: Drill };
export type Template = {
  template: number;
  starter: number;
  answer: string;
  decision: Decision;
  marks: Mark[];
  rewrite: string | null;
  escalationReason: string | null;
  score: AttemptScore;
  /** Would schedule a review card for the drill (a miss, a false alarm, a flaw missed or mistyped). */
  gotWrong: boolean;
  /** rollupRowsOf with time on task 1: an attempt's time on task multiplies these rows' figure. */
  rows: RollupRow[];
  /** flawRollupRowsOf: what it adds to the flaw rollups (a synthetic drill is a copy of its starter, flaws and all). */
  flawRows: FlawRollupRow[];
};
/** Ten slots per starter, best answers first: an attempt draws a slot, skewed by its agent's skill. */
export const SLOTS = 10;
export type Slot = { starter: number; slot: number; template: number };

type Answer = { answer: string; marks: Mark[]; decision: Decision; rewrite?: string; escalationReason?: string };

/** One drill per flaw type (a rewrite expected), two that must be escalated, three clean controls. */
function pickStarters(rows: { drillId: string; revisionId: number; drill: Drill }[]) {
  const picked: typeof rows = [];
  const take = (count: number, fits: (drill: Drill) => boolean) => {
    for (const row of rows.filter((r) => fits(r.drill) && !picked.includes(r)).slice(0, count)) picked.push(row);
  };
  for (const type of FLAW_TYPES) take(1, (d) => d.expected === "rewrite" && d.flaws.some((f) => f.type === type));
  take(2, (d) => d.expected === "escalate");
  take(3, (d) => d.flaws.length === 0);
  if (picked.length < 6) throw new Error(`the starter library has too few live drills to build templates from (${picked.length})`);
  return picked.map((row, starter) => ({ starter, ...row }));
}

/** The draft with its flawed passages cut out: what a careful agent sends instead. */
function withoutFlaws(drill: Drill) {
  let text = drill.draft;
  let limit = text.length;
  for (const flaw of [...drill.flaws].sort((a, b) => b.start - a.start)) {
    if (flaw.end > limit) continue;
    text = text.slice(0, flaw.start) + text.slice(flaw.end);
    limit = flaw.start;
  }
  return text.trim() || "Thank you for your message; a colleague will follow up shortly.";
}

/** A short span of the draft that touches no flaw: a false flag when marked. */
function cleanSpan(drill: Drill): { start: number; end: number } {
  const length = Math.min(12, drill.draft.length);
  for (let start = 0; start + length <= drill.draft.length; start += 4) {
    const end = start + length;
    if (drill.flaws.every((f) => end <= f.start || start >= f.end) && drill.draft.slice(start, end).trim() !== "") return { start, end };
  }
  throw new Error(`drill ${drill.id} has no flaw-free span to mark`);
}

function wrongType(flaw: Drill["flaws"][number]): FlawType {
  const accepted = new Set<FlawType>([flaw.type, ...(flaw.accept ?? [])]);
  const other = FLAW_TYPES.find((type) => !accepted.has(type));
  if (!other) throw new Error(`flaw ${flaw.quote} accepts every type`);
  return other;
}

const REASON = "This needs a specialist: it is beyond what I may promise.";

/** The answers to one drill, with the slots (of ten) each takes: better answers in lower slots. */
function answersFor(drill: Drill): { answer: Answer; slots: number[] }[] {
  const span = cleanSpan(drill);
  if (drill.flaws.length === 0) {
    return [
      { answer: { answer: "correct send", marks: [], decision: "send" }, slots: [0, 1, 2, 3, 4, 5, 6] },
      { answer: { answer: "false alarm: marked and rewrote", marks: [{ ...span, type: "tone" }], decision: "rewrite", rewrite: drill.draft }, slots: [7, 8] },
      { answer: { answer: "false alarm: escalated", marks: [], decision: "escalate", escalationReason: REASON }, slots: [9] },
    ];
  }
  const all = drill.flaws.map((f) => ({ start: f.start, end: f.end, type: f.type }));
  const rewriteIt: Omit<Answer, "answer" | "marks"> = { decision: "rewrite", rewrite: withoutFlaws(drill) };
  const escalateIt: Omit<Answer, "answer" | "marks"> = { decision: "escalate", escalationReason: REASON };
  const expected = drill.expected === "escalate" ? escalateIt : rewriteIt;
  const other = drill.expected === "escalate" ? rewriteIt : escalateIt;
  const first = drill.flaws[0];
  if (!first) throw new Error("a flawed drill without flaws");
  return [
    { answer: { answer: "all caught, expected decision", marks: all, ...expected }, slots: [0, 1, 2, 3, 4] },
    { answer: { answer: "all caught, the other override", marks: all, ...other }, slots: [5] },
    { answer: { answer: "one flaw mistyped, a false flag, rewrote", marks: [{ start: first.start, end: first.end, type: wrongType(first) }, { ...span, type: "hallucination" }], decision: "rewrite", rewrite: withoutFlaws(drill) }, slots: [6] },
    { answer: { answer: "all caught, unusable rewrite", marks: all, decision: "rewrite", rewrite: "Sorry." }, slots: [7] },
    { answer: { answer: "missed: sent as is", marks: [], decision: "send" }, slots: [8, 9] },
  ];
}

export async function buildTemplates({ db }: { db: Db }) {
  const live = await db
    .select({ drillId: drills.id, revisionId: drillRevisions.id, drill: drillRevisions.content })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(isLive)
    .orderBy(asc(drills.id));
  const starters: Starter[] = pickStarters(live);
  const findRestricted = restrictedFinder(await restrictedDetectors({ db }));
  const anchors = await knownAnchors({ db });
  const templates: Template[] = [];
  const slots: Slot[] = [];
  for (const { starter, drill } of starters) {
    for (const { answer, slots: taken } of answersFor(drill)) {
      const score = scoreAttempt({
        draft: drill.draft,
        flaws: plantedFlaws(drill),
        marks: answer.marks,
        decision: answer.decision,
        expected: drill.expected,
        rewrite: answer.rewrite,
        findRestricted,
        knownAnchors: anchors,
      });
      const template = templates.length;
      const gotWrong = score.outcome === "miss" || score.outcome === "false_alarm" || score.counts.missed > 0 || score.counts.mistyped > 0;
      templates.push({
        template,
        starter,
        answer: `${drill.id}: ${answer.answer}`,
        decision: answer.decision,
        marks: answer.marks,
        rewrite: answer.rewrite ?? null,
        escalationReason: answer.escalationReason ?? null,
        score,
        gotWrong,
        rows: rollupRowsOf({ score, marks: answer.marks, points: score.points, timeOnTaskMs: 1 }),
        flawRows: flawRollupRowsOf({ score, flaws: drill.flaws }),
      });
      for (const slot of taken) slots.push({ starter, slot, template });
    }
  }
  return { starters, templates, slots };
}

/** A review card after one failed review, as the app would store it; its due date is set per row. */
export function reviewCardTemplate(now: Date): ReviewCardState {
  return reviewCard({ card: newCard(now), grade: FsrsRating.Again, now });
}

/** A flaw-type card after one good review. */
export function flawTypeCardTemplate(now: Date): ReviewCardState {
  return reviewCard({ card: newCard(now), grade: gradeFromScore({ score: { flaws: [], falseFlags: [], outcome: "correct_rejection" }, seconds: 200 }), now });
}
