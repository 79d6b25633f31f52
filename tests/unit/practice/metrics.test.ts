import { describe, expect, it } from "vitest";
import {
  appropriateOverrideRate,
  DEFAULT_TIER_RULES,
  errorSpottingRate,
  escalationAccuracy,
  falseFlagRate,
  fixRate,
  inverseNormalCdf,
  overrideBand,
  overrideRate,
  ratio,
  signalDetection,
  summariseAttempt,
  tierFor,
  timeToProficiency,
  unneededOverrideRate,
  weakFlawTypes,
  weakFlawTypesOf,
  weakTypesState,
  weakTypeWindow,
  type AttemptSummary,
  type TierRule,
} from "~/app/practice/metrics";
import { scoreAttempt } from "~/app/practice/scoring";
import { seededRandom } from "~/app/practice/seeded-random";
import { tallyOf } from "~/app/practice/tally";
import { zeroByFlawType } from "~/app/practice/types";
import { FLAW_TYPES, type Decision, type FlawType } from "~/app/vocabulary";

const NOW = new Date("2026-03-31T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

/** A flawed attempt planting `planted` and catching `caught` (by type), or a clean one. */
function attempt({
  at = NOW,
  planted = {},
  caught = {},
  decision,
  expected,
  marks = 0,
  falseFlags = 0,
  fixRemoved,
  fixPlanted,
}: {
  at?: Date;
  planted?: Partial<Record<FlawType, number>>;
  caught?: Partial<Record<FlawType, number>>;
  decision?: Decision;
  expected?: Decision;
  marks?: number;
  falseFlags?: number;
  fixRemoved?: number;
  fixPlanted?: number;
}): AttemptSummary {
  const plantedByType = { ...zeroByFlawType(), ...planted };
  const caughtByType = { ...zeroByFlawType(), ...caught };
  const flawed = FLAW_TYPES.some((type) => plantedByType[type] > 0);
  const chosen = decision ?? (flawed ? "rewrite" : "send");
  const overridden = chosen !== "send";
  return {
    at,
    flawed,
    outcome: flawed ? (overridden ? "hit" : "miss") : overridden ? "false_alarm" : "correct_rejection",
    decision: chosen,
    expected: expected ?? (flawed ? "rewrite" : "send"),
    plantedByType,
    caughtByType,
    marks,
    falseFlags,
    ...(fixRemoved === undefined ? {} : { fixRemoved }),
    ...(fixPlanted === undefined ? {} : { fixPlanted }),
  };
}

const cleanSent = (at = NOW) => attempt({ at });
const cleanOverridden = (at = NOW) => attempt({ at, decision: "rewrite" });

describe("ratio", () => {
  it("is null, never NaN, for a zero denominator", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe("summariseAttempt", () => {
  it("turns a scored attempt into a summary; a mistyped flaw counts as caught", () => {
    const draft = "We refund in 2 hours. Calm down. Card 4111111111111111.";
    const quote = (text: string) => ({ start: draft.indexOf(text), end: draft.indexOf(text) + text.length, quote: text });
    const score = scoreAttempt({
      draft,
      flaws: [
        { index: 0, type: "hallucination", ...quote("We refund in 2 hours.") },
        { index: 1, type: "tone", ...quote("Calm down.") },
        { index: 2, type: "restricted_data", ...quote("4111111111111111") },
      ],
      marks: [
        { start: quote("2 hours").start, end: quote("2 hours").end, type: "hallucination" },
        { start: quote("Calm down").start, end: quote("Calm down").end, type: "hallucination" },
        { start: quote("Card").start, end: quote("Card").end, type: "tone" },
      ],
      decision: "rewrite",
      expected: "rewrite",
      rewrite: "We refund within 5 days. Calm down.",
      findRestricted: () => [],
      knownAnchors: new Set(),
    });
    const summary = summariseAttempt({ at: NOW, score });
    expect(summary).toEqual({
      at: NOW,
      flawed: true,
      outcome: "hit",
      decision: "rewrite",
      expected: "rewrite",
      plantedByType: { ...zeroByFlawType(), hallucination: 1, tone: 1, restricted_data: 1 },
      caughtByType: { ...zeroByFlawType(), hallucination: 1, tone: 1 },
      marks: 3,
      falseFlags: 1,
      fixRemoved: 2,
      fixPlanted: 3,
    });
  });

  it("leaves the fix counts out when no rewrite was checked", () => {
    const score = scoreAttempt({ draft: "Fine.", flaws: [], marks: [], decision: "send", expected: "send", findRestricted: () => [], knownAnchors: new Set() });
    const summary = summariseAttempt({ at: NOW, score });
    expect(summary).not.toHaveProperty("fixRemoved");
    expect(summary.outcome).toBe("correct_rejection");
  });
});

describe("error-spotting rate", () => {
  it("is caught / planted, overall and per flaw type", () => {
    const attempts = [
      attempt({ planted: { hallucination: 2, tone: 1 }, caught: { hallucination: 1, tone: 1 } }),
      attempt({ planted: { hallucination: 2 }, caught: { hallucination: 2 } }),
      cleanSent(),
    ];
    const rate = errorSpottingRate(attempts);
    expect(rate.overall).toBe(4 / 5);
    expect(rate.byType).toEqual({
      hallucination: 3 / 4,
      missing_citation: null,
      fabricated_citation: null,
      restricted_data: null,
      tone: 1,
    });
  });

  it("is null with no planted flaws", () => {
    expect(errorSpottingRate([]).overall).toBeNull();
    expect(errorSpottingRate([cleanSent()]).overall).toBeNull();
  });
});

describe("false-flag rate", () => {
  it("is false flags / marks", () => {
    expect(falseFlagRate([attempt({ marks: 3, falseFlags: 1 }), attempt({ marks: 1, falseFlags: 0 })])).toBe(0.25);
  });
  it("is null with no marks", () => {
    expect(falseFlagRate([cleanSent()])).toBeNull();
  });
});

describe("override rates", () => {
  const attempts = [
    attempt({ planted: { tone: 1 }, decision: "rewrite" }),
    attempt({ planted: { tone: 1 }, decision: "escalate" }),
    attempt({ planted: { tone: 1 }, decision: "send" }),
    cleanSent(),
    cleanSent(),
    cleanSent(),
    cleanOverridden(),
    attempt({ decision: "escalate" }),
  ];

  it("override rate = (rewrite + escalate) / decisions", () => {
    expect(overrideRate(attempts)).toBe(4 / 8);
    expect(overrideRate([])).toBeNull();
  });

  it("appropriate override rate = hits / flawed drafts", () => {
    expect(appropriateOverrideRate(attempts)).toBe(2 / 3);
    expect(appropriateOverrideRate([cleanSent()])).toBeNull();
  });

  it("unneeded override rate = false alarms / clean drafts", () => {
    expect(unneededOverrideRate(attempts)).toBe(2 / 5);
    expect(unneededOverrideRate([attempt({ planted: { tone: 1 } })])).toBeNull();
  });
});

describe("fix rate", () => {
  it("is flaws removed / planted on rewritten flawed drafts only", () => {
    const attempts = [
      attempt({ planted: { tone: 2 }, decision: "rewrite", fixRemoved: 1, fixPlanted: 2 }),
      attempt({ planted: { hallucination: 1, tone: 1 }, decision: "rewrite", fixRemoved: 2, fixPlanted: 2 }),
      // Escalated, or rewritten without a checked rewrite: not part of the fix rate.
      attempt({ planted: { tone: 1 }, decision: "escalate" }),
      attempt({ planted: { tone: 3 }, decision: "rewrite" }),
      cleanOverridden(),
    ];
    expect(fixRate(attempts)).toBe(3 / 4);
  });
  it("is null with no rewritten flawed drafts", () => {
    expect(fixRate([cleanOverridden(), attempt({ planted: { tone: 1 }, decision: "send" })])).toBeNull();
  });
});

describe("escalation accuracy", () => {
  it("is drafts escalated where escalate was expected / such drafts", () => {
    const attempts = [
      attempt({ planted: { restricted_data: 1 }, decision: "escalate", expected: "escalate" }),
      attempt({ planted: { restricted_data: 1 }, decision: "rewrite", expected: "escalate" }),
      attempt({ planted: { restricted_data: 1 }, decision: "send", expected: "escalate" }),
      attempt({ planted: { tone: 1 }, decision: "escalate", expected: "rewrite" }),
    ];
    expect(escalationAccuracy(attempts)).toBe(1 / 3);
    expect(escalationAccuracy([attempt({ planted: { tone: 1 } })])).toBeNull();
  });
});

describe("inverseNormalCdf", () => {
  it.each([
    [0.975, 1.959963985],
    [0.025, -1.959963985],
    [0.5, 0],
    [0.8413447461, 1],
    [0.95, 1.644853627],
    [0.99, 2.326347874],
    [0.001, -3.090232306],
    [0.02425, -1.972961],
    [1e-10, -6.361340902],
  ])("z(%f) ≈ %f", (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 6);
  });

  it("is antisymmetric around 0.5", () => {
    for (const p of [0.001, 0.01, 0.1, 0.3, 0.45]) expect(inverseNormalCdf(1 - p)).toBeCloseTo(-inverseNormalCdf(p), 8);
  });

  it("is infinite at 0 and 1 and rejects anything outside [0, 1]", () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => inverseNormalCdf(1.1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(-0.1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(RangeError);
  });
});

describe("signal detection: d′ and c with the log-linear correction", () => {
  const mix = ({ hits, misses, falseAlarms, correctRejections }: { hits: number; misses: number; falseAlarms: number; correctRejections: number }) => [
    ...Array.from({ length: hits }, () => attempt({ planted: { tone: 1 }, decision: "rewrite" })),
    ...Array.from({ length: misses }, () => attempt({ planted: { tone: 1 }, decision: "send" })),
    ...Array.from({ length: falseAlarms }, () => cleanOverridden()),
    ...Array.from({ length: correctRejections }, () => cleanSent()),
  ];

  it("computes H, F, d′ and c", () => {
    const result = signalDetection(mix({ hits: 8, misses: 2, falseAlarms: 2, correctRejections: 8 }));
    expect(result?.hitRate).toBeCloseTo(8.5 / 11, 12);
    expect(result?.falseAlarmRate).toBeCloseTo(2.5 / 11, 12);
    expect(result?.dPrime).toBeCloseTo(2 * inverseNormalCdf(8.5 / 11), 10);
    // 2 × z(0.7727…), checked against Python's statistics.NormalDist.
    expect(result?.dPrime).toBeCloseTo(1.495717, 5);
    expect(result?.c).toBeCloseTo(0, 10);
  });

  it("stays finite for perfect performance", () => {
    const result = signalDetection(mix({ hits: 10, misses: 0, falseAlarms: 0, correctRejections: 10 }));
    expect(result?.hitRate).toBeCloseTo(10.5 / 11, 12);
    expect(Number.isFinite(result?.dPrime)).toBe(true);
    expect(result?.dPrime).toBeGreaterThan(3);
  });

  it("c > 0 when leaning to accept the AI, c < 0 when leaning to override it", () => {
    expect(signalDetection(mix({ hits: 3, misses: 7, falseAlarms: 0, correctRejections: 10 }))?.c).toBeGreaterThan(0);
    expect(signalDetection(mix({ hits: 10, misses: 0, falseAlarms: 7, correctRejections: 3 }))?.c).toBeLessThan(0);
  });

  it("is null without both flawed and clean drafts", () => {
    expect(signalDetection([])).toBeNull();
    expect(signalDetection(mix({ hits: 5, misses: 0, falseAlarms: 0, correctRejections: 0 }))).toBeNull();
    expect(signalDetection(mix({ hits: 0, misses: 0, falseAlarms: 1, correctRejections: 4 }))).toBeNull();
  });
});

describe("overrideBand", () => {
  it.each([
    [0.049, "blind_acceptance_risk"],
    [0, "blind_acceptance_risk"],
    [0.05, "calibrated"],
    [0.2, "calibrated"],
    [0.3, "calibrated"],
    [0.31, "distrust"],
    [1, "distrust"],
  ] as const)("rate %f with enough decisions → %s", (rate, band) => {
    expect(overrideBand({ rate, decisions: 20 })).toBe(band);
  });

  it("says not enough data below the minimum number of decisions, or with no rate", () => {
    expect(overrideBand({ rate: 0.2, decisions: 19 })).toBe("not_enough_data");
    expect(overrideBand({ rate: null, decisions: 50 })).toBe("not_enough_data");
  });

  it("uses the thresholds it is given", () => {
    expect(overrideBand({ rate: 0.08, decisions: 5, low: 0.1, high: 0.2, minDecisions: 5 })).toBe("blind_acceptance_risk");
    expect(overrideBand({ rate: 0.25, decisions: 5, low: 0.1, high: 0.2, minDecisions: 5 })).toBe("distrust");
  });
});

describe("timeToProficiency", () => {
  /** One attempt a day: flawed ones caught or not, every fourth a clean control. */
  function practice({ from, count, good }: { from: number; count: number; good: boolean }): AttemptSummary[] {
    return Array.from({ length: count }, (_, i) => {
      const at = new Date(Date.UTC(2026, 0, 1) + (from + i) * DAY);
      if ((from + i) % 4 === 3) return good ? cleanSent(at) : cleanOverridden(at);
      return attempt({ at, planted: { tone: 1 }, caught: { tone: good ? 1 : 0 } });
    });
  }

  it("is null with fewer than 20 attempts or when never reached", () => {
    expect(timeToProficiency([])).toBeNull();
    expect(timeToProficiency(practice({ from: 0, count: 19, good: true }))).toBeNull();
    expect(timeToProficiency(practice({ from: 0, count: 60, good: false }))).toBeNull();
  });

  it("is reached at the first window of 20 meeting both thresholds", () => {
    const attempts = [...practice({ from: 0, count: 10, good: false }), ...practice({ from: 10, count: 40, good: true })];
    const result = timeToProficiency(attempts);
    // Windows end at drill 20 onward; drill k's window holds max(0, 30 − k) bad attempts of
    // which most are flawed misses: the first window with ≤ 20 % misses and ≤ 20 % unneeded overrides.
    expect(result).not.toBeNull();
    const drills = result?.drills ?? 0;
    const window = attempts.slice(drills - 20, drills);
    expect(errorSpottingRate(window).overall).toBeGreaterThanOrEqual(0.8);
    expect(unneededOverrideRate(window)).toBeLessThanOrEqual(0.2);
    const before = attempts.slice(drills - 21, drills - 1);
    const beforeOk = (errorSpottingRate(before).overall ?? 0) >= 0.8 && (unneededOverrideRate(before) ?? 1) <= 0.2;
    expect(beforeOk).toBe(false);
    expect(result?.days).toBe(drills - 1);
    expect(result?.reachedAt).toEqual(attempts[drills - 1]?.at);
  });

  it("is reached at drill 20 when the agent is good from the start, and sorts its input", () => {
    const attempts = practice({ from: 0, count: 25, good: true });
    expect(timeToProficiency([...attempts].reverse())).toEqual({ days: 19, drills: 20, reachedAt: attempts[19]?.at });
  });

  it("counts exactly 80 % spotting and 20 % unneeded overrides as proficient", () => {
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * DAY);
    const attempts = [
      ...Array.from({ length: 12 }, (_, i) => attempt({ at: at(i), planted: { tone: 1 }, caught: { tone: 1 } })),
      ...Array.from({ length: 3 }, (_, i) => attempt({ at: at(12 + i), planted: { tone: 1 } })),
      ...Array.from({ length: 4 }, (_, i) => cleanSent(at(15 + i))),
      cleanOverridden(at(19)),
    ];
    expect(errorSpottingRate(attempts).overall).toBe(0.8);
    expect(unneededOverrideRate(attempts)).toBe(0.2);
    expect(timeToProficiency(attempts)?.drills).toBe(20);
  });

  it("does not count a window with no clean drafts", () => {
    const attempts = Array.from({ length: 30 }, (_, i) => attempt({ at: new Date(Date.UTC(2026, 0, 1) + i * DAY), planted: { tone: 1 }, caught: { tone: 1 } }));
    expect(timeToProficiency(attempts)).toBeNull();
  });
});

describe("weakFlawTypes", () => {
  it("finds types missed ≥ 3 times in 30 days with a rate below overall, weakest first, two at most", () => {
    const attempts = [
      // tone: 1 of 5 caught (4 missed); hallucination: 2 of 6 (4 missed); restricted_data: 0 of 3 (3 missed)
      attempt({ at: daysAgo(1), planted: { tone: 5, hallucination: 6, restricted_data: 3 }, caught: { tone: 1, hallucination: 2 } }),
      // missing_citation: 8 of 10 (2 missed): above overall, too few misses
      attempt({ at: daysAgo(2), planted: { missing_citation: 10 }, caught: { missing_citation: 8 } }),
      attempt({ at: daysAgo(3), planted: { fabricated_citation: 20 }, caught: { fabricated_citation: 20 } }),
    ];
    expect(weakFlawTypes({ attempts, now: NOW })).toEqual([
      { flawType: "restricted_data", rate: 0, missed: 3, planted: 3 },
      { flawType: "tone", rate: 0.2, missed: 4, planted: 5 },
    ]);
    expect(weakFlawTypes({ attempts, now: NOW, limit: 5 }).map((weak) => weak.flawType)).toEqual(["restricted_data", "tone", "hallucination"]);
  });

  it("needs at least 3 misses", () => {
    const attempts = [
      attempt({ at: daysAgo(1), planted: { tone: 2 } }),
      attempt({ at: daysAgo(1), planted: { hallucination: 10 }, caught: { hallucination: 10 } }),
    ];
    expect(weakFlawTypes({ attempts, now: NOW })).toEqual([]);
  });

  it("needs a rate below the overall rate", () => {
    // Every type is missed equally: none is below the overall rate.
    const attempts = [attempt({ at: daysAgo(1), planted: { tone: 4, hallucination: 4 }, caught: { tone: 1, hallucination: 1 } })];
    expect(weakFlawTypes({ attempts, now: NOW })).toEqual([]);
  });

  it("looks only at the last 30 days", () => {
    const attempts = [
      attempt({ at: daysAgo(31), planted: { tone: 10 } }),
      attempt({ at: daysAgo(1), planted: { tone: 2, hallucination: 2 }, caught: { tone: 2, hallucination: 2 } }),
      attempt({ at: new Date(NOW.getTime() + DAY), planted: { hallucination: 10 } }),
    ];
    expect(weakFlawTypes({ attempts, now: NOW })).toEqual([]);
    expect(weakFlawTypes({ attempts: [], now: NOW })).toEqual([]);
  });

  it("breaks rate ties by the number of misses", () => {
    const attempts = [
      attempt({ at: daysAgo(1), planted: { tone: 3, hallucination: 6, missing_citation: 30 }, caught: { missing_citation: 30 } }),
    ];
    expect(weakFlawTypes({ attempts, now: NOW }).map((weak) => weak.flawType)).toEqual(["hallucination", "tone"]);
  });
});

describe("tierFor", () => {
  /** `count` attempts, one every hour: flawed ones catching `spotting` of 5 types, every fourth clean. */
  function record({ count, spotting, unneeded = 0 }: { count: number; spotting: number; unneeded?: number }): AttemptSummary[] {
    let cleanSeen = 0;
    let caughtSoFar = 0;
    let plantedSoFar = 0;
    return Array.from({ length: count }, (_, i) => {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60 * 60 * 1000);
      if (i % 4 === 3) {
        cleanSeen += 1;
        const overridden = Math.floor(cleanSeen * unneeded) > Math.floor((cleanSeen - 1) * unneeded);
        return overridden ? cleanOverridden(at) : cleanSent(at);
      }
      const type = FLAW_TYPES[i % FLAW_TYPES.length] ?? "tone";
      plantedSoFar += 1;
      const caught = Math.floor(plantedSoFar * spotting) > caughtSoFar;
      if (caught) caughtSoFar += 1;
      return attempt({ at, planted: { [type]: 1 }, caught: { [type]: caught ? 1 : 0 } });
    });
  }

  it("starts everyone as an associate and says what Advanced needs", () => {
    const result = tierFor({ attempts: [] });
    expect(result.tier).toBe("associate");
    expect(result.next?.tier).toBe("advanced");
    expect(result.next?.needs.map((need) => need.kind)).toEqual(["attempts", "error_spotting", "unneeded_overrides"]);
    expect(result.next?.needs[0]).toMatchObject({ required: 40, current: 0, met: false, label: "Complete 40 drills (done: 0)" });
    expect(result.next?.needs[1]).toMatchObject({ current: null, label: "Catch at least 70 % of planted flaws (now: not measured yet)" });
  });

  it("lists only the unmet requirements", () => {
    const result = tierFor({ attempts: record({ count: 60, spotting: 0.5 }) });
    expect(result.tier).toBe("associate");
    expect(result.next?.needs.map((need) => need.kind)).toEqual(["error_spotting"]);
  });

  it("Advanced by volume, error spotting and few unneeded overrides", () => {
    const result = tierFor({ attempts: record({ count: 60, spotting: 0.75, unneeded: 0.2 }) });
    expect(result.tier).toBe("advanced");
    expect(result.next?.tier).toBe("specialist");
    const kinds = result.next?.needs.map((need) => need.kind);
    expect(kinds).toContain("attempts");
    expect(kinds).toContain("error_spotting");
    expect(kinds).toContain("flaw_type_error_spotting");
    expect(kinds).toContain("unneeded_overrides");
  });

  it("too many unneeded overrides hold an agent back", () => {
    expect(tierFor({ attempts: record({ count: 60, spotting: 0.9, unneeded: 0.5 }) }).tier).toBe("associate");
  });

  it("Specialist needs every flaw type spotted, on enough planted flaws", () => {
    const strong = record({ count: 200, spotting: 0.9 });
    expect(tierFor({ attempts: strong }).tier).toBe("specialist");
    // The same record with every tone flaw missed stays Advanced, and says which type is short.
    const weakTone = strong.map((summary) => (summary.plantedByType.tone > 0 ? { ...summary, caughtByType: zeroByFlawType() } : summary));
    const result = tierFor({ attempts: weakTone });
    expect(result.tier).toBe("advanced");
    const toneNeed = result.next?.needs.find((need) => need.kind === "flaw_type_error_spotting");
    expect(toneNeed).toMatchObject({ flawType: "tone", current: 0, met: false });
  });

  it("Coach is Specialist plus a leader's nomination", () => {
    const strong = record({ count: 200, spotting: 0.9 });
    const specialist = tierFor({ attempts: strong });
    expect(specialist.next).toMatchObject({ tier: "coach", needs: [{ kind: "nomination", met: false }] });
    expect(tierFor({ attempts: strong, nominated: true })).toEqual({ tier: "coach", next: null });
    // A nomination alone does not skip tiers.
    expect(tierFor({ attempts: record({ count: 60, spotting: 0.75 }), nominated: true }).tier).toBe("advanced");
  });

  it("judges rates on the most recent attempts, volume on all of them", () => {
    const early = record({ count: 100, spotting: 0.2 });
    const recent = record({ count: 100, spotting: 0.95 }).map((summary) => ({ ...summary, at: new Date(summary.at.getTime() + 365 * DAY) }));
    expect(tierFor({ attempts: [...recent, ...early] }).tier).toBe("specialist");
    expect(tierFor({ attempts: [...early, ...recent], rateWindow: 200 }).tier).toBe("associate");
  });

  it("follows custom rules", () => {
    const rules: TierRule[] = [
      { tier: "advanced", minAttempts: 5 },
      { tier: "specialist", minAttempts: 10 },
      { tier: "coach", requiresNomination: true },
    ];
    expect(tierFor({ attempts: record({ count: 7, spotting: 0 }), rules })).toMatchObject({ tier: "advanced", next: { tier: "specialist" } });
    expect(DEFAULT_TIER_RULES.map((rule) => rule.tier)).toEqual(["advanced", "specialist", "coach"]);
  });
});

// ── what the agent's pages read instead of every attempt (app/practice/progress.server.ts) ──

/** `count` random attempts, minutes to days apart, ending before NOW: flawed and clean, caught or not, with stray marks. */
function randomHistory(seed: number, count: number): AttemptSummary[] {
  const random = seededRandom(seed);
  let at = NOW.getTime() - count * 6 * 60 * 60 * 1000;
  return Array.from({ length: count }, () => {
    at += Math.floor(random() * 12 * 60 * 60 * 1000);
    const planted: Partial<Record<FlawType, number>> = {};
    const caught: Partial<Record<FlawType, number>> = {};
    if (random() < 0.7) {
      const type = FLAW_TYPES[Math.floor(random() * FLAW_TYPES.length)] ?? "tone";
      planted[type] = 1 + Math.floor(random() * 2);
      caught[type] = Math.floor(random() * ((planted[type] ?? 0) + 1));
    }
    const marks = (caught[FLAW_TYPES[0]] ?? 0) + Math.floor(random() * 3);
    return attempt({ at: new Date(at), planted, caught, decision: random() < 0.25 ? "send" : "rewrite", marks, falseFlags: Math.floor(random() * (marks + 1) * 0.5) });
  });
}

describe("weakFlawTypesOf", () => {
  it("over the counts of the 30 days gives what weakFlawTypes gives over their attempts", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const history = randomHistory(seed, 20 + seed * 3);
      const window = weakTypeWindow({ attempts: history, now: NOW });
      expect(weakFlawTypesOf({ window: tallyOf(window), limit: 5 })).toEqual(weakFlawTypes({ attempts: history, now: NOW, limit: 5 }));
      expect(weakFlawTypesOf({ window })).toEqual(weakFlawTypes({ attempts: history, now: NOW }));
    }
  });
});

describe("tierFor with an all-time volume", () => {
  it("given the latest 100 attempts and the volume, is the tier of the whole history", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const history = randomHistory(100 + seed, 30 + seed * 9);
      const latest = [...history].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 100);
      expect(tierFor({ attempts: latest, volume: history.length })).toEqual(tierFor({ attempts: history }));
    }
  });
});

describe("weakTypesState", () => {
  it("says there is not enough yet while no flaw type has been planted 3 times, with the most planted and what it needs", () => {
    expect(weakTypesState({ window: [] })).toEqual({ kind: "not_enough", mostPlanted: null, needed: 3 });
    expect(weakTypesState({ window: [cleanSent(daysAgo(1))] })).toEqual({ kind: "not_enough", mostPlanted: null, needed: 3 });
    const two = [attempt({ at: daysAgo(2), planted: { tone: 1, restricted_data: 1 } }), attempt({ at: daysAgo(1), planted: { restricted_data: 1 } })];
    expect(weakTypesState({ window: two })).toEqual({ kind: "not_enough", mostPlanted: { flawType: "restricted_data", planted: 2 }, needed: 1 });
  });

  it("lists the weak types when there are some, as weakFlawTypesOf gives them", () => {
    const window = [attempt({ at: daysAgo(1), planted: { tone: 4, hallucination: 10 }, caught: { hallucination: 10 }, marks: 10 })];
    expect(weakTypesState({ window })).toEqual({ kind: "weak", weak: weakFlawTypesOf({ window }) });
    expect(weakFlawTypesOf({ window }).map((weak) => weak.flawType)).toEqual(["tone"]);
  });

  it("says the marks are too broad when false flags exceed the limit, and that none is weak once there is enough", () => {
    const broad = [attempt({ at: daysAgo(1), planted: { tone: 4 }, caught: { tone: 1 }, marks: 10, falseFlags: 9 })];
    expect(weakTypesState({ window: broad })).toEqual({ kind: "marks_too_broad", falseFlagRate: 0.9 });
    const steady = [attempt({ at: daysAgo(1), planted: { tone: 3, hallucination: 3 }, caught: { tone: 3, hallucination: 3 }, marks: 6 })];
    expect(weakTypesState({ window: steady })).toEqual({ kind: "none_weak" });
  });
});
