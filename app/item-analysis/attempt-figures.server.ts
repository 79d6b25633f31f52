import { sql } from "drizzle-orm";
import { attempts } from "~/db/schema";

/** The SQL expressions item analysis reads from an attempt, one definition each wherever they are read or rolled up. */

/** The agent's rating before the attempt's game, in double precision. */
export const ratingBefore = sql<number>`(${attempts.agentRating}::float8 - ${attempts.agentRatingDelta}::float8)`;

/** 1 for a right draft-level decision (a hit or a correct rejection, as `isRight`), else 0. */
export const RIGHT_DECISION = sql<number>`(case when ${attempts.outcome} in ('hit', 'correct_rejection') then 1 else 0 end)`;

/** Ratings are summed less this (the starting rating), so that the rollup's sums of squares stay small; Pearson's r does not move. */
export const RATING_CENTRE = 1500;
