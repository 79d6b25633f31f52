import { describe, expect, it } from "vitest";
import { MAX_FALSE_FLAG_RATE, spottingIsEarned, tierFor, timeToProficiency, weakFlawTypes, type AttemptSummary } from "~/app/practice/metrics";
import { seededRandom } from "~/app/practice/seeded-random";
import { zeroByFlawType } from "~/app/practice/types";
import type { FlawType } from "~/app/vocabulary";

const NOW = new Date("2026-03-31T12:00:00Z");
const HOUR = 60 * 60 * 1000;

/** A flawed drill planting one flaw of `type`, caught or not, with `marks` marks of which `falseFlags` caught nothing; or a clean control sent as is. */
function attempt({ index, type = "hallucination", caught = true, marks = 1, falseFlags = 0, clean = false }: { index: number; type?: FlawType; caught?: boolean; marks?: number; falseFlags?: number; clean?: boolean }): AttemptSummary {
  const plantedByType = zeroByFlawType();
  const caughtByType = zeroByFlawType();
  if (!clean) {
    plantedByType[type] = 1;
    if (caught) caughtByType[type] = 1;
  }
  return {
    at: new Date(NOW.getTime() - (200 - index) * HOUR),
    flawed: !clean,
    outcome: clean ? "correct_rejection" : "hit",
    decision: clean ? "send" : "rewrite",
    expected: clean ? "send" : "rewrite",
    plantedByType,
    caughtByType,
    marks: clean ? 0 : marks,
    falseFlags: clean ? 0 : falseFlags,
  };
}

/** An agent who catches every flaw and sends every control: 3 flawed drills to 1 control. */
function history({ count, marksPerDrill, falseFlagsPerDrill }: { count: number; marksPerDrill: number; falseFlagsPerDrill: number }) {
  const types: FlawType[] = ["hallucination", "missing_citation", "fabricated_citation", "restricted_data", "tone"];
  return Array.from({ length: count }, (_, index) =>
    index % 4 === 3 ? attempt({ index, clean: true }) : attempt({ index, type: types[index % types.length], marks: marksPerDrill, falseFlags: falseFlagsPerDrill }),
  );
}

describe("the false-flag limit on error-spotting", () => {
  it("is 20 % of marks, and no marks at all is within it", () => {
    expect(MAX_FALSE_FLAG_RATE).toBe(0.2);
    expect(spottingIsEarned([attempt({ index: 0, marks: 5, falseFlags: 1 })])).toBe(true);
    expect(spottingIsEarned([attempt({ index: 0, marks: 5, falseFlags: 2 })])).toBe(false);
    expect(spottingIsEarned([attempt({ index: 0, clean: true })])).toBe(true);
  });

  it("keeps an agent who covers drafts in small marks from a tier, from proficiency and from weak types", () => {
    // 200 small marks over a draft catch every flaw with 60 false flags, drill after drill.
    const covering = history({ count: 160, marksPerDrill: 200, falseFlagsPerDrill: 60 });
    const precise = history({ count: 160, marksPerDrill: 1, falseFlagsPerDrill: 0 });
    expect(tierFor({ attempts: precise }).tier).toBe("specialist");
    expect(tierFor({ attempts: covering }).tier).toBe("associate");
    expect(tierFor({ attempts: covering }).next?.needs.map((n) => n.kind)).toContain("false_flags");
    expect(timeToProficiency(precise)).not.toBeNull();
    expect(timeToProficiency(covering)).toBeNull();
    const missedTone = [...precise.slice(-40), ...Array.from({ length: 4 }, (_, i) => attempt({ index: 160 + i, type: "tone", caught: false }))];
    expect(weakFlawTypes({ attempts: missedTone, now: NOW }).map((w) => w.flawType)).toEqual(["tone"]);
    const coveringMissedTone = missedTone.map((a) => (a.flawed && a.caughtByType.tone === 0 && a.plantedByType.tone === 0 ? { ...a, marks: 200, falseFlags: 60 } : a));
    expect(weakFlawTypes({ attempts: coveringMissedTone, now: NOW })).toEqual([]);
  });

  it("property: adding false-flag marks never raises a tier or speeds up proficiency", () => {
    const random = seededRandom(20261201);
    for (let run = 0; run < 200; run++) {
      const count = 20 + Math.floor(random() * 140);
      const base = Array.from({ length: count }, (_, index) =>
        random() < 0.3 ? attempt({ index, clean: true }) : attempt({ index, caught: random() < 0.85, marks: 1 + Math.floor(random() * 3), falseFlags: 0 }),
      );
      const noisy = base.map((a) => {
        if (!a.flawed || random() < 0.5) return a;
        const extra = 1 + Math.floor(random() * 5);
        return { ...a, marks: a.marks + extra, falseFlags: a.falseFlags + extra };
      });
      const rank = (attempts: AttemptSummary[]) => ["associate", "advanced", "specialist", "coach"].indexOf(tierFor({ attempts }).tier);
      expect(rank(noisy)).toBeLessThanOrEqual(rank(base));
      const before = timeToProficiency(base);
      const after = timeToProficiency(noisy);
      if (after) expect(before?.drills ?? Infinity).toBeLessThanOrEqual(after.drills);
    }
  });
});
