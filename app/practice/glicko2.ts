/**
 * Glicko-2, as in Mark Glickman, "Example of the Glicko-2 system" (2013). An attempt is a game
 * between an agent and a drill; one game is one rating period for the agent.
 */

export type Rating = { rating: number; rd: number; volatility: number };
export type Game = { opponent: Rating; score: number };

export const DEFAULT_RATING: Rating = { rating: 1500, rd: 350, volatility: 0.06 };
export const DEFAULT_TAU = 0.5;
/** Glicko-2's internal scale is the Glicko scale divided by this. */
const SCALE = 173.7178;
/** Convergence tolerance of the volatility iteration. */
const EPSILON = 0.000001;
/**
 * Inactivity makes RD grow, but never beyond an unrated player's: an RD above 350 would claim
 * less is known about someone than about a newcomer (Glickman's Glicko-1 advice).
 */
export const MAX_RD = DEFAULT_RATING.rd;

function g(phi: number): number {
  return 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
}

function expectation({ mu, muOpponent, phiOpponent }: { mu: number; muOpponent: number; phiOpponent: number }): number {
  return 1 / (1 + Math.exp(-g(phiOpponent) * (mu - muOpponent)));
}

/** The probability that `player` scores against `opponent` (the paper's E, Glicko scale in). */
export function expectedScore(player: Rating, opponent: Rating): number {
  return expectation({
    mu: (player.rating - 1500) / SCALE,
    muOpponent: (opponent.rating - 1500) / SCALE,
    phiOpponent: opponent.rd / SCALE,
  });
}

/** Step 5: the new volatility σ′ by the Illinois algorithm. */
function newVolatility({ sigma, phi, v, delta, tau }: { sigma: number; phi: number; v: number; delta: number; tau: number }): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number) => {
    const ex = Math.exp(x);
    const denominator = phi * phi + v + ex;
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * denominator * denominator) - (x - a) / (tau * tau);
  };

  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) {
    B = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k += 1;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  while (Math.abs(B - A) > EPSILON) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA /= 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

/** One rating period for `player`. With no games only the RD grows (up to MAX_RD). */
export function updateRating({
  player,
  games,
  tau = DEFAULT_TAU,
}: {
  player: Rating;
  games: readonly Game[];
  tau?: number;
}): Rating {
  for (const game of games) {
    if (!(game.score >= 0 && game.score <= 1)) throw new RangeError(`a game score must lie in [0, 1] (got ${game.score})`);
  }
  const mu = (player.rating - 1500) / SCALE;
  const phi = player.rd / SCALE;
  const sigma = player.volatility;

  if (games.length === 0) {
    const grown = Math.sqrt(phi * phi + sigma * sigma) * SCALE;
    return { rating: player.rating, rd: Math.min(MAX_RD, grown), volatility: sigma };
  }

  let inverseV = 0;
  let improvement = 0;
  for (const { opponent, score } of games) {
    const muOpponent = (opponent.rating - 1500) / SCALE;
    const phiOpponent = opponent.rd / SCALE;
    const expected = expectation({ mu, muOpponent, phiOpponent });
    inverseV += g(phiOpponent) ** 2 * expected * (1 - expected);
    improvement += g(phiOpponent) * (score - expected);
  }
  const v = 1 / inverseV;
  const delta = v * improvement;

  const sigmaNew = newVolatility({ sigma, phi, v, delta, tau });
  const phiStar = Math.sqrt(phi * phi + sigmaNew * sigmaNew);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * improvement;
  return { rating: muNew * SCALE + 1500, rd: Math.min(MAX_RD, phiNew * SCALE), volatility: sigmaNew };
}

/**
 * An attempt as one game: the agent scores `score` against the drill and the drill scores
 * 1 − score against the agent. Both updates use the ratings from before the game.
 */
export function rateAttempt({
  agent,
  drill,
  score,
  tau = DEFAULT_TAU,
}: {
  agent: Rating;
  drill: Rating;
  score: number;
  tau?: number;
}): { agent: Rating; drill: Rating } {
  return {
    agent: updateRating({ player: agent, games: [{ opponent: drill, score }], tau }),
    drill: updateRating({ player: drill, games: [{ opponent: agent, score: 1 - score }], tau }),
  };
}
