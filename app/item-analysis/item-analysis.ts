import { acceptedTypes } from "~/app/content/accepted-types";
import type { FlawResult } from "~/app/practice/catching";
import type { Mark } from "~/app/practice/types";
import type { FlawType, Outcome } from "~/app/vocabulary";

/**
 * Item analysis (DESIGN "Users and roles": authors read it): how a drill, or one revision of it,
 * performs with agents, from counted (first) attempts only. Pure: the database side reads the
 * attempts (item-analysis.server.ts) and this computes every figure and hint from them.
 *
 * Every threshold is a named constant here; shares that decide a hint are whole percentages,
 * compared in integers (100 × count against percent × attempts), so the list's SQL and this
 * module agree exactly at the boundary.
 */

/** At or above this many attempts discrimination is the point-biserial correlation; below, the upper-minus-lower difference. */
export const POINT_BISERIAL_MIN_ATTEMPTS = 30;
/** The share of attempts in each of the upper and lower groups (Kelley's 27 %). */
export const EXTREME_GROUP_PERCENT = 27;
/** Moodle's reading of a discrimination index: below 0.3 "likely to need revision", below 0.2 "very likely". */
export const DISCRIMINATION_LIKELY_REVISION = 0.3;
export const DISCRIMINATION_VERY_LIKELY_REVISION = 0.2;
/** A planted flaw caught (mistyped included) in fewer than this share of its revision's attempts is "rarely caught". */
export const RARELY_CAUGHT_PERCENT = 30;
/** A clean control overridden in at least this share of its revision's attempts is "overridden often". */
export const OVERRIDDEN_CONTROL_PERCENT = 30;
/** A drill whose draft-level decision is right in at least this share of attempts is "too easy for the current agents". */
export const TOO_EASY_PERCENT = 95;
/** A span outside every planted flaw is a hint once this many agents (and at least MARKED_SPAN_PERCENT of the revision's attempts) marked it. */
export const MARKED_SPAN_MIN_AGENTS = 3;
export const MARKED_SPAN_PERCENT = 20;
/** Drill ratings start at 1500 like agents'; stated difficulty d reads as rating 1500 + (d − 3) × this step. */
export const DIFFICULTY_RATING_STEP = 200;
/** A drill whose rating reads this many difficulty levels away from its stated difficulty has drifted. */
export const DRIFT_LEVELS = 2;

/** A revision as the analysis needs it: its draft and planted flaws (UTF-16 ranges, as scored). */
export type AnalysedRevision = {
  id: number;
  revision: number;
  difficulty: number;
  draft: string;
  flaws: readonly { type: FlawType; quote: string; start: number; end: number; accept?: readonly FlawType[] }[];
};

/** One counted attempt: what scoring stored for it. `ratingBefore`: the agent's rating before this attempt's game. */
export type AnalysedAttempt = {
  id: number;
  revisionId: number;
  outcome: Outcome;
  points: number;
  maxPoints: number;
  timeOnTaskMs: number;
  ratingBefore: number;
  flaws: readonly Pick<FlawResult, "index" | "status" | "markedAs">[];
  /** Trimmed marks that caught no flaw. */
  falseFlags: readonly Mark[];
};

export type Count = { count: number; of: number; rate: number | null };

export type DiscriminationReading = "discriminates" | "likely_revision" | "very_likely_revision";
export type Discrimination = {
  method: "point_biserial" | "upper_lower";
  index: number;
  reading: DiscriminationReading;
  /** How many attempts each of the upper and lower groups held (upper-minus-lower only). */
  groupSize: number | null;
};

export type FlawAnalysis = {
  revision: number;
  index: number;
  type: FlawType;
  quote: string;
  /** Caught, mistyped included, over the revision's attempts. */
  caught: Count;
  /** Mistyped, over the attempts that caught it. */
  mistyped: Count;
  /** The types it was mistaken for, most often first: how many attempts gave each. */
  mistakenFor: { type: FlawType; count: number }[];
};

/** A span of a draft several agents marked although no flaw is planted there. `agents`: the most attempts whose marks cover one point of it. */
export type MarkedSpan = { revision: number; start: number; end: number; text: string; agents: number; attempts: number };

export type Hint =
  | { kind: "rarely_caught"; revision: number; flawIndex: number; type: FlawType; quote: string; caught: Count }
  | { kind: "overridden_control"; revision: number; overridden: Count; spans: MarkedSpan[] }
  | { kind: "unplanted_span"; span: MarkedSpan }
  | { kind: "too_easy"; right: Count }
  | { kind: "rating_drift"; stated: number; ratedLike: number; rating: number };
export type HintKind = Hint["kind"];

/** The hints the drill list computes in its one SQL query; marked spans need the marks themselves, so only the drill page shows them. */
export const LISTED_HINT_KINDS = ["rarely_caught", "overridden_control", "too_easy", "rating_drift"] as const satisfies readonly HintKind[];

export type ItemAnalysis =
  | { enough: false; attempts: number; minAttempts: number }
  | {
      enough: true;
      attempts: number;
      minAttempts: number;
      /** Share of right draft-level decisions (hits and correct rejections). */
      facility: Count;
      /** Share of the maximum points: points earned / the most they could have earned. */
      pointsFacility: Count;
      medianTimeMs: number;
      discrimination: Discrimination | null;
      flaws: FlawAnalysis[];
      hints: Hint[];
    };

/** A drill's item analysis as its studio page shows it. */
export type DrillItemAnalysis = {
  /** Every revision of the drill with its counted attempts, oldest first. */
  revisions: { revision: number; attempts: number }[];
  /** The revision analysed, or null for all of them. */
  revision: number | null;
  /** Counted attempts in scope, and how many of them were analysed (at most MAX_ANALYSED_ATTEMPTS). */
  total: number;
  analysed: number;
  analysis: ItemAnalysis;
};

const isRight = (outcome: Outcome) => outcome === "hit" || outcome === "correct_rejection";

export function count(value: number, of: number): Count {
  return { count: value, of, rate: of === 0 ? null : value / of };
}

/** Whole-percentage comparisons in integers, as the SQL does them. */
const below = (value: number, of: number, percent: number) => 100 * value < percent * of;
const atLeast = (value: number, of: number, percent: number) => 100 * value >= percent * of;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Pearson's r; with a 0/1 variable it is the point-biserial correlation. Null when either variable does not vary. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n === 0 || n !== ys.length) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    const dy = (ys[i] ?? 0) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** The sums one pass over (x, y) pairs keeps, enough for Pearson's r: what a rollup can add up. */
export type PairSums = { n: number; x: number; y: number; xx: number; yy: number; xy: number };

/** Pearson's r from running sums (as PostgreSQL's corr() computes it); null when either variable does not vary. */
export function pearsonFromSums({ n, x, y, xx, yy, xy }: PairSums): number | null {
  const covariance = n * xy - x * y;
  const varianceX = n * xx - x * x;
  const varianceY = n * yy - y * y;
  return n === 0 || varianceX <= 0 || varianceY <= 0 ? null : Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceY)));
}

/** Each extreme group's size: 27 % of the attempts, rounded half up, at least 1 (integer arithmetic, as in SQL). */
export function extremeGroupSize(attempts: number): number {
  return Math.max(1, Math.floor((EXTREME_GROUP_PERCENT * attempts) / 100 + 0.5));
}

export function discriminationReading(index: number): DiscriminationReading {
  if (index < DISCRIMINATION_VERY_LIKELY_REVISION) return "very_likely_revision";
  if (index < DISCRIMINATION_LIKELY_REVISION) return "likely_revision";
  return "discriminates";
}

/**
 * How well the drill separates stronger agents from weaker ones: the correlation of the attempt's
 * result (1 for a right draft-level decision, else 0) with the agent's rating before it, from
 * POINT_BISERIAL_MIN_ATTEMPTS attempts; below that the share right among the highest-rated 27 %
 * minus the share right among the lowest-rated 27 % (equal ratings ordered by attempt id, the
 * earlier attempt counting as higher). Null when the results or the ratings do not vary: there is
 * nothing to correlate.
 */
export function discrimination(attempts: readonly Pick<AnalysedAttempt, "id" | "outcome" | "ratingBefore">[]): Discrimination | null {
  const results = attempts.map((attempt) => (isRight(attempt.outcome) ? 1 : 0));
  const ratings = attempts.map((attempt) => attempt.ratingBefore);
  if (attempts.length < 2 || Math.min(...results) === Math.max(...results) || Math.min(...ratings) === Math.max(...ratings)) return null;
  if (attempts.length >= POINT_BISERIAL_MIN_ATTEMPTS) {
    const index = pearson(results, ratings);
    return index === null ? null : { method: "point_biserial", index, reading: discriminationReading(index), groupSize: null };
  }
  const ranked = [...attempts].sort((a, b) => b.ratingBefore - a.ratingBefore || a.id - b.id);
  const size = extremeGroupSize(attempts.length);
  const share = (group: typeof ranked) => group.filter((attempt) => isRight(attempt.outcome)).length / group.length;
  const index = share(ranked.slice(0, size)) - share(ranked.slice(-size));
  return { method: "upper_lower", index, reading: discriminationReading(index), groupSize: size };
}

/** The difficulty level (1–5) a drill rating reads as. */
export function ratedDifficulty(rating: number): number {
  return Math.min(5, Math.max(1, Math.floor(3 + (rating - 1500) / DIFFICULTY_RATING_STEP + 0.5)));
}

export function ratingDrift({ rating, stated }: { rating: number; stated: number }): Extract<Hint, { kind: "rating_drift" }> | null {
  const ratedLike = ratedDifficulty(rating);
  return Math.abs(ratedLike - stated) >= DRIFT_LEVELS ? { kind: "rating_drift", stated, ratedLike, rating } : null;
}

/** One index before a low surrogate's pair, one after a high surrogate: a span never cuts an emoji in two. */
function widenToCodePoints(text: string, start: number, end: number) {
  const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
  const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
  const from = start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1)) ? start - 1 : start;
  const to = end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1)) ? end + 1 : end;
  return { start: from, end: to };
}

/**
 * Spans of a revision's draft that many attempts marked outside every planted flaw: each attempt's
 * false flags are merged, every character counts the attempts covering it, and a span is a
 * maximal run of characters covered by at least the threshold (MARKED_SPAN_MIN_AGENTS, and
 * MARKED_SPAN_PERCENT of the revision's attempts). One mark over the whole draft adds one
 * attempt everywhere, so it never makes a span by itself.
 */
export function markedSpans({ revision, attempts }: { revision: AnalysedRevision; attempts: readonly Pick<AnalysedAttempt, "falseFlags">[] }): MarkedSpan[] {
  const threshold = Math.max(MARKED_SPAN_MIN_AGENTS, Math.ceil((MARKED_SPAN_PERCENT * attempts.length) / 100));
  const length = revision.draft.length;
  const delta = new Array<number>(length + 1).fill(0);
  for (const attempt of attempts) {
    const ranges = attempt.falseFlags
      .map((mark) => ({ start: Math.max(0, Math.min(length, mark.start)), end: Math.max(0, Math.min(length, mark.end)) }))
      .filter((range) => range.end > range.start)
      .sort((a, b) => a.start - b.start);
    let current: { start: number; end: number } | null = null;
    const add = (range: { start: number; end: number }) => {
      delta[range.start] = (delta[range.start] ?? 0) + 1;
      delta[range.end] = (delta[range.end] ?? 0) - 1;
    };
    for (const range of ranges) {
      if (current && range.start <= current.end) current.end = Math.max(current.end, range.end);
      else {
        if (current) add(current);
        current = { ...range };
      }
    }
    if (current) add(current);
  }
  const spans: MarkedSpan[] = [];
  let covered = 0;
  let run: { start: number; peak: number } | null = null;
  for (let at = 0; at <= length; at++) {
    covered += delta[at] ?? 0;
    const hot = at < length && covered >= threshold;
    if (hot && run === null) run = { start: at, peak: covered };
    else if (hot && run) run.peak = Math.max(run.peak, covered);
    else if (!hot && run) {
      const { start, end } = widenToCodePoints(revision.draft, run.start, at);
      spans.push({ revision: revision.revision, start, end, text: revision.draft.slice(start, end), agents: run.peak, attempts: attempts.length });
      run = null;
    }
  }
  return spans;
}

function flawAnalyses(revision: AnalysedRevision, attempts: readonly AnalysedAttempt[]): FlawAnalysis[] {
  return revision.flaws.map((flaw, index) => {
    const results = attempts.flatMap((attempt) => attempt.flaws.filter((result) => result.index === index));
    const caught = results.filter((result) => result.status !== "missed");
    const mistyped = results.filter((result) => result.status === "mistyped");
    const accepted = acceptedTypes(flaw);
    const mistaken = new Map<FlawType, number>();
    for (const result of mistyped) for (const type of result.markedAs) if (!accepted.has(type)) mistaken.set(type, (mistaken.get(type) ?? 0) + 1);
    return {
      revision: revision.revision,
      index,
      type: flaw.type,
      quote: flaw.quote,
      caught: count(caught.length, attempts.length),
      mistyped: count(mistyped.length, caught.length),
      mistakenFor: [...mistaken].map(([type, times]) => ({ type, count: times })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    };
  });
}

/**
 * The item analysis of `attempts` (a drill's counted attempts, or one revision's), with the
 * revisions they were taken on. Below `minAttempts` it says only how many there are. Hints about
 * one revision (its flaws, its marked spans, an overridden control) need `minAttempts` attempts on
 * that revision. `drillRating` is the drill's Glicko-2 rating, `statedDifficulty` the difficulty its
 * author gave (of the revision analysed, or the current one).
 */
export function itemAnalysis({
  attempts,
  revisions,
  minAttempts,
  drillRating,
  statedDifficulty,
}: {
  attempts: readonly AnalysedAttempt[];
  revisions: readonly AnalysedRevision[];
  minAttempts: number;
  drillRating: number | null;
  statedDifficulty: number | null;
}): ItemAnalysis {
  if (attempts.length < minAttempts || attempts.length === 0) return { enough: false, attempts: attempts.length, minAttempts };
  const right = attempts.filter((attempt) => isRight(attempt.outcome)).length;
  const flaws: FlawAnalysis[] = [];
  const hints: Hint[] = [];
  const spanHints: Hint[] = [];
  for (const revision of [...revisions].sort((a, b) => a.revision - b.revision)) {
    const own = attempts.filter((attempt) => attempt.revisionId === revision.id);
    if (own.length === 0) continue;
    const analysed = flawAnalyses(revision, own);
    flaws.push(...analysed);
    if (own.length < minAttempts) continue;
    for (const flaw of analysed) {
      if (below(flaw.caught.count, flaw.caught.of, RARELY_CAUGHT_PERCENT)) hints.push({ kind: "rarely_caught", revision: revision.revision, flawIndex: flaw.index, type: flaw.type, quote: flaw.quote, caught: flaw.caught });
    }
    const spans = markedSpans({ revision, attempts: own });
    const overridden = own.filter((attempt) => attempt.outcome === "false_alarm").length;
    if (revision.flaws.length === 0 && atLeast(overridden, own.length, OVERRIDDEN_CONTROL_PERCENT)) hints.push({ kind: "overridden_control", revision: revision.revision, overridden: count(overridden, own.length), spans });
    else spanHints.push(...spans.map((span): Hint => ({ kind: "unplanted_span", span })));
  }
  hints.push(...spanHints);
  if (atLeast(right, attempts.length, TOO_EASY_PERCENT)) hints.push({ kind: "too_easy", right: count(right, attempts.length) });
  const drift = drillRating === null || statedDifficulty === null ? null : ratingDrift({ rating: drillRating, stated: statedDifficulty });
  if (drift) hints.push(drift);
  return {
    enough: true,
    attempts: attempts.length,
    minAttempts,
    facility: count(right, attempts.length),
    pointsFacility: count(
      attempts.reduce((total, attempt) => total + attempt.points, 0),
      attempts.reduce((total, attempt) => total + attempt.maxPoints, 0),
    ),
    medianTimeMs: median(attempts.map((attempt) => attempt.timeOnTaskMs)),
    discrimination: discrimination(attempts),
    flaws,
    hints,
  };
}

/** What the drill list shows for one drill, from the grouped SQL query's figures. */
export type ListedItemAnalysis = { facility: number; discrimination: Discrimination | null; hints: HintKind[] };

/** The list's figures of one drill: null below the minimum; the same rules as `itemAnalysis`, over SQL aggregates. */
export function listedItemAnalysis({
  figures,
  minAttempts,
  drillRating,
  statedDifficulty,
}: {
  figures: { attempts: number; right: number; flat: boolean; pointBiserial: number | null; upperLower: number | null; rarelyCaught: number; overriddenControls: number };
  minAttempts: number;
  drillRating: number | null;
  statedDifficulty: number | null;
}): ListedItemAnalysis | null {
  if (figures.attempts < minAttempts || figures.attempts === 0) return null;
  const method = figures.attempts >= POINT_BISERIAL_MIN_ATTEMPTS ? "point_biserial" : "upper_lower";
  const index = figures.flat ? null : method === "point_biserial" ? figures.pointBiserial : figures.upperLower;
  const hints: HintKind[] = [];
  if (figures.rarelyCaught > 0) hints.push("rarely_caught");
  if (figures.overriddenControls > 0) hints.push("overridden_control");
  if (atLeast(figures.right, figures.attempts, TOO_EASY_PERCENT)) hints.push("too_easy");
  if (drillRating !== null && statedDifficulty !== null && ratingDrift({ rating: drillRating, stated: statedDifficulty })) hints.push("rating_drift");
  return {
    facility: figures.right / figures.attempts,
    discrimination: index === null ? null : { method, index, reading: discriminationReading(index), groupSize: method === "upper_lower" ? extremeGroupSize(figures.attempts) : null },
    hints,
  };
}
