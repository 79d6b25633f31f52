import { createEmptyCard, fsrs, Rating, State, type Card, type Grade, type StateType } from "ts-fsrs";
import type { AttemptScore } from "./scoring";
import type { FlawType } from "~/app/vocabulary";

/**
 * Spaced repetition of what an agent missed (DESIGN: "Practice that sticks"), over ts-fsrs.
 * A card is a flaw type or a drill for one agent; which one is the caller's business.
 */

/** FSRS card state as plain data (ISO dates, state by name), safe to store as JSON. */
export type ReviewCardState = {
  due: string;
  stability: number;
  difficulty: number;
  /** Kept only because ts-fsrs 5 still reads it; it is deprecated there. */
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: StateType;
  lastReview: string | null;
};

export { Rating as FsrsRating };
export type { Grade };

/**
 * Fuzz off, so the same reviews always give the same schedule. Short-term (minute) learning
 * steps off: drills are practice sessions, not flashcards, so a miss comes back on a later
 * day, not a minute later.
 */
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });

const STATE_NAMES: Record<State, StateType> = {
  [State.New]: "New",
  [State.Learning]: "Learning",
  [State.Review]: "Review",
  [State.Relearning]: "Relearning",
};

function toState(card: Card): ReviewCardState {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_NAMES[card.state],
    lastReview: card.last_review === undefined ? null : card.last_review.toISOString(),
  };
}

function toCard(state: ReviewCardState): Card {
  return {
    due: new Date(state.due),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: state.elapsedDays,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: State[state.state],
    ...(state.lastReview === null ? {} : { last_review: new Date(state.lastReview) }),
  };
}

export function newCard(now: Date): ReviewCardState {
  return toState(createEmptyCard(now));
}

/** Attempts at most this long (in seconds) count as quick for an Easy grade. */
export const QUICK_SECONDS = 90;

/**
 * How well an attempt recalled what the card stands for. Scope it to one flaw type with
 * `flawType` (only that type's planted flaws and false flags count; grade a flaw-type card only
 * on drills that plant the type), or leave it out to grade the whole drill.
 *
 *   Again  nothing in scope caught, or the draft-level outcome was a miss or a false alarm
 *   Hard   caught only partly (some missed), any mistyped, or false flags on a clean scope
 *   Good   every flaw in scope caught with the right type (a clean scope: no false flags)
 *   Easy   Good, with no false flags in scope, within `quickSeconds`
 */
export function gradeFromScore({
  score,
  flawType,
  seconds,
  quickSeconds = QUICK_SECONDS,
}: {
  score: Pick<AttemptScore, "flaws" | "falseFlags" | "outcome">;
  flawType?: FlawType;
  seconds?: number;
  quickSeconds?: number;
}): Grade {
  const flaws = flawType === undefined ? score.flaws : score.flaws.filter((flaw) => flaw.type === flawType);
  const falseFlags = flawType === undefined ? score.falseFlags : score.falseFlags.filter((mark) => mark.type === flawType);
  const caught = flaws.filter((flaw) => flaw.status !== "missed").length;

  if (score.outcome === "miss" || score.outcome === "false_alarm") return Rating.Again;
  if (flaws.length > 0 && caught === 0) return Rating.Again;
  if (caught < flaws.length || flaws.some((flaw) => flaw.status === "mistyped")) return Rating.Hard;
  if (flaws.length === 0 && falseFlags.length > 0) return Rating.Hard;
  const quick = seconds !== undefined && seconds <= quickSeconds;
  return quick && falseFlags.length === 0 ? Rating.Easy : Rating.Good;
}

export function reviewCard({ card, grade, now }: { card: ReviewCardState; grade: Grade; now: Date }): ReviewCardState {
  return toState(scheduler.next(toCard(card), now, grade).card);
}

export function isDue({ card, now }: { card: Pick<ReviewCardState, "due">; now: Date }): boolean {
  return Date.parse(card.due) <= now.getTime();
}

/**
 * The cards due at `now`, most overdue (earliest due) first. Pass the caller's own records
 * (anything with a `due`) to keep their keys; the sort is stable.
 */
export function dueFirst<T extends Pick<ReviewCardState, "due">>(cards: readonly T[], now: Date): T[] {
  return cards.filter((card) => isDue({ card, now })).sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}
