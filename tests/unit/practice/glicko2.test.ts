import { describe, expect, it } from "vitest";
import { DEFAULT_RATING, expectedScore, MAX_RD, rateAttempt, updateRating, type Rating } from "~/app/practice/glicko2";

const PLAYER: Rating = { rating: 1500, rd: 200, volatility: 0.06 };
const OPPONENTS: Rating[] = [
  { rating: 1400, rd: 30, volatility: 0.06 },
  { rating: 1550, rd: 100, volatility: 0.06 },
  { rating: 1700, rd: 300, volatility: 0.06 },
];

describe("updateRating", () => {
  it("reproduces Glickman's worked example", () => {
    const updated = updateRating({
      player: PLAYER,
      games: [
        { opponent: OPPONENTS[0]!, score: 1 },
        { opponent: OPPONENTS[1]!, score: 0 },
        { opponent: OPPONENTS[2]!, score: 0 },
      ],
      tau: 0.5,
    });
    // The paper rounds its intermediate steps (μ′ = −0.2069); computed exactly it is 1464.0507.
    expect(updated.rating).toBeCloseTo(1464.06, 1);
    expect(updated.rating).toBeCloseTo(1464.0507, 3);
    expect(updated.rd).toBeCloseTo(151.52, 2);
    expect(updated.volatility).toBeCloseTo(0.05999, 4);
    expect(updated.volatility).toBeCloseTo(0.059996, 6);
  });

  it("uses tau 0.5 by default", () => {
    const games = [{ opponent: OPPONENTS[0]!, score: 1 }];
    expect(updateRating({ player: PLAYER, games })).toEqual(updateRating({ player: PLAYER, games, tau: 0.5 }));
  });

  it("with no games only the RD grows, by the volatility", () => {
    const updated = updateRating({ player: PLAYER, games: [] });
    expect(updated.rating).toBe(1500);
    expect(updated.volatility).toBe(0.06);
    expect(updated.rd).toBeCloseTo(Math.sqrt(200 ** 2 + (0.06 * 173.7178) ** 2), 6);
    expect(updated.rd).toBeGreaterThan(200);
  });

  it("never lets the RD grow past an unrated player's", () => {
    expect(updateRating({ player: { rating: 1600, rd: 349.9, volatility: 0.06 }, games: [] }).rd).toBe(MAX_RD);
    expect(updateRating({ player: DEFAULT_RATING, games: [] }).rd).toBe(350);
  });

  it("a win raises the rating and a loss lowers it; both shrink the RD", () => {
    const win = updateRating({ player: DEFAULT_RATING, games: [{ opponent: DEFAULT_RATING, score: 1 }] });
    const loss = updateRating({ player: DEFAULT_RATING, games: [{ opponent: DEFAULT_RATING, score: 0 }] });
    const draw = updateRating({ player: DEFAULT_RATING, games: [{ opponent: DEFAULT_RATING, score: 0.5 }] });
    expect(win.rating).toBeGreaterThan(1500);
    expect(loss.rating).toBeLessThan(1500);
    expect(draw.rating).toBeCloseTo(1500, 6);
    expect(win.rating - 1500).toBeCloseTo(1500 - loss.rating, 6);
    for (const updated of [win, loss, draw]) expect(updated.rd).toBeLessThan(350);
  });

  it("partial scores move the rating in proportion", () => {
    const ratingAfter = (score: number) =>
      updateRating({ player: DEFAULT_RATING, games: [{ opponent: DEFAULT_RATING, score }] }).rating;
    expect(ratingAfter(0.25)).toBeLessThan(ratingAfter(0.5));
    expect(ratingAfter(0.75)).toBeLessThan(ratingAfter(1));
  });

  it("rejects scores outside [0, 1]", () => {
    expect(() => updateRating({ player: DEFAULT_RATING, games: [{ opponent: DEFAULT_RATING, score: 1.5 }] })).toThrow(RangeError);
    expect(() => updateRating({ player: DEFAULT_RATING, games: [{ opponent: DEFAULT_RATING, score: Number.NaN }] })).toThrow(RangeError);
  });

  it("converges for a surprising result against a certain opponent (large Δ)", () => {
    const updated = updateRating({
      player: { rating: 1200, rd: 50, volatility: 0.06 },
      games: [{ opponent: { rating: 2200, rd: 30, volatility: 0.06 }, score: 1 }],
    });
    expect(Number.isFinite(updated.rating)).toBe(true);
    expect(updated.volatility).toBeGreaterThan(0.06);
  });
});

describe("expectedScore", () => {
  it("matches the paper's E values for the worked example", () => {
    expect(expectedScore(PLAYER, OPPONENTS[0]!)).toBeCloseTo(0.639, 3);
    expect(expectedScore(PLAYER, OPPONENTS[1]!)).toBeCloseTo(0.432, 3);
    expect(expectedScore(PLAYER, OPPONENTS[2]!)).toBeCloseTo(0.303, 3);
  });

  it("is one half between equals and rises with the rating gap", () => {
    expect(expectedScore(DEFAULT_RATING, DEFAULT_RATING)).toBeCloseTo(0.5, 10);
    const strong = { ...DEFAULT_RATING, rating: 1800 };
    expect(expectedScore(strong, DEFAULT_RATING)).toBeGreaterThan(0.5);
    expect(expectedScore(DEFAULT_RATING, strong)).toBeLessThan(0.5);
  });
});

describe("rateAttempt", () => {
  it("updates the agent with the score and the drill with 1 − score, from the ratings before the game", () => {
    const agent: Rating = { rating: 1500, rd: 200, volatility: 0.06 };
    const drill: Rating = { rating: 1600, rd: 80, volatility: 0.06 };
    const result = rateAttempt({ agent, drill, score: 0.8 });
    expect(result.agent).toEqual(updateRating({ player: agent, games: [{ opponent: drill, score: 0.8 }] }));
    expect(result.drill).toEqual(updateRating({ player: drill, games: [{ opponent: agent, score: 0.2 }] }));
    expect(result.agent.rating).toBeGreaterThan(agent.rating);
    expect(result.drill.rating).toBeLessThan(drill.rating);
  });

  it("a failed attempt makes the drill look harder", () => {
    const result = rateAttempt({ agent: DEFAULT_RATING, drill: DEFAULT_RATING, score: 0 });
    expect(result.drill.rating).toBeGreaterThan(1500);
    expect(result.agent.rating).toBeLessThan(1500);
  });

  it("does not change its inputs", () => {
    const agent = { ...DEFAULT_RATING };
    const drill = { ...DEFAULT_RATING };
    rateAttempt({ agent, drill, score: 1 });
    expect(agent).toEqual(DEFAULT_RATING);
    expect(drill).toEqual(DEFAULT_RATING);
  });
});
