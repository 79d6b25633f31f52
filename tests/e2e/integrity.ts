import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { agentRatings, agentTierChanges, attempts, drillRatings, insightRollups, reviewCards, servedDrills } from "~/db/schema";
import { rebuildRollups } from "~/app/insights/rollups.server";
import { rebuildTierHistory } from "~/app/practice/tier-history.server";
import { DEFAULT_RATING, rateAttempt, type Rating } from "~/app/practice/glicko2";

/**
 * What the database must hold after any number of submissions, concurrent or cut off by a
 * killed server: every served drill answered by exactly one complete attempt or still open;
 * ratings equal to a serial replay of the stored attempts in their stored order; a review-card
 * update for every attempt; rollups equal to a rebuild from the attempts. Returns the problems
 * found (empty when none) and a few counts.
 */

/**
 * A double as PostgreSQL's `real` column hands it back: rounded to single precision, then
 * printed as the shortest decimal that reads back as that single and parsed as a double. The
 * app reads each rating back that way before the next update, so a replay must too.
 */
export function asStoredReal(value: number) {
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(single.toPrecision(digits));
    if (Math.fround(shortest) === single) return shortest;
  }
  return single;
}

const TOLERANCE = 1e-3;
const near = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE;
const show = (r: Rating) => `${r.rating}/${r.rd}/${r.volatility}`;

type Replayed = Rating;

function stored(rating: Rating): Replayed {
  return { rating: asStoredReal(rating.rating), rd: asStoredReal(rating.rd), volatility: asStoredReal(rating.volatility) };
}

export async function checkIntegrity({ db, userIds }: { db: Db; userIds: number[] }) {
  const problems: string[] = [];
  const rows = await db
    .select({ id: attempts.id, userId: attempts.userId, drillId: attempts.drillId, servedId: attempts.servedId, counted: attempts.counted, agentRating: attempts.agentRating, agentRatingDelta: attempts.agentRatingDelta, score: attempts.score })
    .from(attempts)
    .orderBy(asc(attempts.id));
  const ours = new Set(userIds);
  const foreign = rows.filter((row) => !ours.has(row.userId));
  if (foreign.length > 0) problems.push(`${foreign.length} attempts by users the test did not make`);

  // Served drills: closed exactly when answered, and answered at most once.
  const served = await db.select({ id: servedDrills.id, closedAt: servedDrills.closedAt }).from(servedDrills).where(inArray(servedDrills.userId, userIds));
  const answers = new Map<number, number>();
  for (const row of rows) answers.set(row.servedId, (answers.get(row.servedId) ?? 0) + 1);
  let open = 0;
  for (const drill of served) {
    const count = answers.get(drill.id) ?? 0;
    if (count > 1) problems.push(`served drill ${drill.id} has ${count} attempts`);
    if (count === 0 && drill.closedAt !== null) problems.push(`served drill ${drill.id} is closed without an attempt`);
    if (count === 1 && drill.closedAt === null) problems.push(`served drill ${drill.id} has an attempt but is still open`);
    if (count === 0) open += 1;
  }

  // Ratings: a serial replay, attempt by attempt in id order (each agent's and each drill's
  // attempts are numbered while their rating rows are locked, so id order is the order in which
  // the app applied them), from the defaults (a fresh database).
  const agents = new Map<number, Replayed & { counted: number }>();
  const drills = new Map<string, Replayed>();
  const countedPairs = new Set<string>();
  for (const attempt of rows) {
    const pair = `${attempt.userId}:${attempt.drillId}`;
    const counted = !countedPairs.has(pair);
    if (counted !== attempt.counted) problems.push(`attempt ${attempt.id}: counted is ${attempt.counted}, the replay says ${counted}`);
    const agent = agents.get(attempt.userId) ?? { ...DEFAULT_RATING, counted: 0 };
    agents.set(attempt.userId, agent);
    if (!counted) {
      if (!near(attempt.agentRating, agent.rating) || attempt.agentRatingDelta !== 0) problems.push(`attempt ${attempt.id} (not counted) changed the rating: ${attempt.agentRating} Δ${attempt.agentRatingDelta}, replay ${agent.rating}`);
      continue;
    }
    countedPairs.add(pair);
    const drill = drills.get(attempt.drillId) ?? DEFAULT_RATING;
    const rated = rateAttempt({ agent, drill, score: attempt.score.gameScore });
    const agentAfter = stored(rated.agent);
    if (!near(attempt.agentRating, agentAfter.rating) || !near(attempt.agentRatingDelta, rated.agent.rating - agent.rating)) {
      problems.push(`attempt ${attempt.id}: stored rating ${attempt.agentRating} Δ${attempt.agentRatingDelta}, replay ${agentAfter.rating} Δ${rated.agent.rating - agent.rating}`);
    }
    agents.set(attempt.userId, { ...agentAfter, counted: agent.counted + 1 });
    drills.set(attempt.drillId, stored(rated.drill));
  }
  const agentRows = await db.select().from(agentRatings).where(inArray(agentRatings.userId, userIds));
  const agentRowOf = new Map(agentRows.map((row) => [row.userId, row]));
  for (const [userId, replay] of agents) {
    const row = agentRowOf.get(userId);
    if (!row) problems.push(`agent ${userId} has attempts but no rating row`);
    else if (!near(row.rating, replay.rating) || !near(row.rd, replay.rd) || !near(row.volatility, replay.volatility) || row.countedAttempts !== replay.counted) {
      problems.push(`agent ${userId}: stored ${show(row)} after ${row.countedAttempts} counted attempts, serial replay ${show(replay)} after ${replay.counted}`);
    }
  }
  const drillRows = await db.select().from(drillRatings);
  if (drillRows.length !== drills.size) problems.push(`${drillRows.length} drill rating rows, the replay rated ${drills.size} drills`);
  for (const row of drillRows) {
    const replay = drills.get(row.drillId);
    if (!replay) problems.push(`drill ${row.drillId} has a rating row but no counted attempt`);
    else if (!near(row.rating, replay.rating) || !near(row.rd, replay.rd) || !near(row.volatility, replay.volatility)) problems.push(`drill ${row.drillId}: stored ${show(row)}, serial replay ${show(replay)}`);
  }

  // Review cards: every attempt reviews a card per flaw type its drill plants (FSRS counts the
  // reviews in `reps`), and one for the drill itself when the attempt was a miss or a false alarm.
  const cards = await db.select({ userId: reviewCards.userId, kind: reviewCards.kind, key: reviewCards.key, card: reviewCards.card }).from(reviewCards).where(inArray(reviewCards.userId, userIds));
  const repsOf = new Map(cards.map((card) => [`${card.userId}:${card.kind}:${card.key}`, card.card.reps]));
  const expectedReps = new Map<string, number>();
  for (const attempt of rows) {
    for (const type of new Set(attempt.score.flaws.map((flaw) => flaw.type))) {
      const key = `${attempt.userId}:flaw_type:${type}`;
      expectedReps.set(key, (expectedReps.get(key) ?? 0) + 1);
    }
    if ((attempt.score.outcome === "miss" || attempt.score.outcome === "false_alarm") && !repsOf.has(`${attempt.userId}:drill:${attempt.drillId}`)) {
      problems.push(`attempt ${attempt.id} (${attempt.score.outcome}) has no review card for its drill`);
    }
  }
  for (const [key, reps] of expectedReps) {
    if (repsOf.get(key) !== reps) problems.push(`review card ${key}: ${repsOf.get(key) ?? "missing"} reviews, ${reps} attempts`);
  }
  for (const card of cards) if (card.kind === "flaw_type" && !expectedReps.has(`${card.userId}:flaw_type:${card.key}`)) problems.push(`review card ${card.userId}:${card.key} without an attempt`);

  // Rollups: what the attempts' transactions added equals a rebuild from the attempts.
  const rollups = () => db.select().from(insightRollups).orderBy(asc(insightRollups.teamId), asc(insightRollups.userId), asc(insightRollups.week), asc(insightRollups.flawType));
  const incremental = await rollups();
  await rebuildRollups({ db });
  const rebuilt = await rollups();
  if (JSON.stringify(incremental) !== JSON.stringify(rebuilt)) {
    const key = (r: (typeof rebuilt)[number]) => `${r.teamId}:${r.userId}:${String(r.week)}:${r.flawType}`;
    const before = new Map(incremental.map((r) => [key(r), JSON.stringify(r)]));
    const differing = rebuilt.filter((r) => before.get(key(r)) !== JSON.stringify(r)).map(key);
    problems.push(`rollups differ from a rebuild (${incremental.length} rows, rebuilt ${rebuilt.length}; differing: ${differing.slice(0, 5).join(", ") || "rows only in the incremental set"})`);
  }
  // The tier history: what the attempts' transactions kept equals a rebuild from the attempts.
  const tierHistory = () => db.select().from(agentTierChanges).where(inArray(agentTierChanges.userId, userIds)).orderBy(asc(agentTierChanges.userId), asc(agentTierChanges.at), asc(agentTierChanges.attemptId));
  const keptTiers = JSON.stringify(await tierHistory());
  await rebuildTierHistory({ db, userIds });
  if (keptTiers !== JSON.stringify(await tierHistory())) problems.push("the tier history differs from a rebuild from the attempts");

  const allRow = rebuilt.filter((r) => r.flawType === "all");
  const countedAttempts = rows.filter((r) => r.counted).length;
  if (allRow.reduce((sum, r) => sum + r.attempts, 0) !== countedAttempts) problems.push(`rollups count ${allRow.reduce((sum, r) => sum + r.attempts, 0)} attempts, ${countedAttempts} are counted`);

  return { problems, attempts: rows.length, counted: countedAttempts, served: served.length, open };
}

/** The attempt stored for a served drill, if any. */
export async function attemptFor({ db, servedId }: { db: Db; servedId: number }) {
  const [row] = await db.select({ id: attempts.id, clientId: attempts.clientId }).from(attempts).where(eq(attempts.servedId, servedId));
  return row ?? null;
}
