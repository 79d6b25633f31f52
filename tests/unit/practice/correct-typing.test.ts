import { describe, expect, it } from "vitest";
import { parseDrillFile } from "~/app/content/drill";
import { plantedFlaws } from "~/app/practice/planted-flaws";
import { POINTS, scoreAttempt, type AttemptScore } from "~/app/practice/scoring";
import { seededRandom } from "~/app/practice/seeded-random";
import { acceptedTypes } from "~/app/content/accepted-types";
import type { Mark, PlantedFlaw } from "~/app/practice/types";
import { normalizeText } from "~/app/text/normalize";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

function flawAt({ draft, quote, type, index = 0, accept }: { draft: string; quote: string; type: FlawType; index?: number; accept?: FlawType[] }): PlantedFlaw {
  const start = draft.indexOf(quote);
  if (start === -1) throw new Error(`quote not in draft: ${quote}`);
  return { index, type, quote, start, end: start + quote.length, ...(accept ? { accept } : {}) };
}

function markOn({ draft, text, type }: { draft: string; text: string; type: FlawType }): Mark {
  const start = draft.indexOf(text);
  if (start === -1) throw new Error(`text not in draft: ${text}`);
  return { start, end: start + text.length, type };
}

function score({ draft, flaws, marks }: { draft: string; flaws: readonly PlantedFlaw[]; marks: readonly Mark[] }): AttemptScore {
  return scoreAttempt({ draft, flaws, marks, decision: "escalate", expected: "escalate", findRestricted: () => [], knownAnchors: new Set() });
}

const DRAFT = "Hi Sam. Returns are free for life [refunds.lifetime], so send it whenever you like. Calm down.";
const FABRICATED = flawAt({ draft: DRAFT, quote: "Returns are free for life [refunds.lifetime]", type: "fabricated_citation" });

describe("correctly typed: every catching mark gives an accepted type", () => {
  it("one span marked once per type is caught but mistyped, never correctly typed", () => {
    const flaw = flawAt({ draft: DRAFT, quote: "Calm down.", type: "tone" });
    const marks = FLAW_TYPES.map((type) => markOn({ draft: DRAFT, text: "Calm down.", type }));
    const result = score({ draft: DRAFT, flaws: [flaw], marks });
    expect(result.flaws[0]).toMatchObject({ status: "mistyped", markedAs: [...FLAW_TYPES] });
    expect(result.counts).toMatchObject({ caught: 1, correctlyTyped: 0, mistyped: 1, falseFlags: 0 });
    expect(result.pointsBreakdown.find((line) => line.kind === "caught")).toBeUndefined();
    expect(result.points).toBe(POINTS.mistyped + POINTS.expectedDecision);
  });

  it("the claim marked as a hallucination and its citation as a fabricated citation: correctly typed", () => {
    const marks = [
      markOn({ draft: DRAFT, text: "Returns are free for life", type: "hallucination" }),
      markOn({ draft: DRAFT, text: "[refunds.lifetime]", type: "fabricated_citation" }),
    ];
    const result = score({ draft: DRAFT, flaws: [FABRICATED], marks });
    expect(result.flaws[0]).toMatchObject({ status: "caught", markedAs: ["hallucination", "fabricated_citation"] });
    expect(result.counts).toMatchObject({ correctlyTyped: 1, mistyped: 0, falseFlags: 0 });
  });

  it("a fabricated citation accepts hallucination by default, even from a single mark", () => {
    const result = score({ draft: DRAFT, flaws: [FABRICATED], marks: [markOn({ draft: DRAFT, text: FABRICATED.quote, type: "hallucination" })] });
    expect(result.flaws[0]?.status).toBe("caught");
  });

  it("the default runs one way: a hallucination marked as a fabricated citation is mistyped", () => {
    const claim = flawAt({ draft: DRAFT, quote: "Returns are free for life", type: "hallucination" });
    const result = score({ draft: DRAFT, flaws: [claim], marks: [markOn({ draft: DRAFT, text: "free for life", type: "fabricated_citation" })] });
    expect(result.flaws[0]?.status).toBe("mistyped");
  });

  it("the types a flaw lists under accept: count, the others do not", () => {
    const calm = flawAt({ draft: DRAFT, quote: "Calm down.", type: "tone", accept: ["hallucination"] });
    const byType = (type: FlawType) => score({ draft: DRAFT, flaws: [calm], marks: [markOn({ draft: DRAFT, text: "Calm down", type })] }).flaws[0]?.status;
    expect(byType("hallucination")).toBe("caught");
    expect(byType("tone")).toBe("caught");
    expect(byType("missing_citation")).toBe("mistyped");
  });

  it("an equal overlap goes to the flaw that accepts the marked type, then to the shorter quote", () => {
    const sentence = flawAt({ draft: DRAFT, quote: "Returns are free for life [refunds.lifetime], so send it whenever you like.", type: "hallucination", index: 0 });
    const citation = flawAt({ draft: DRAFT, quote: "[refunds.lifetime]", type: "fabricated_citation", index: 1 });
    const result = score({ draft: DRAFT, flaws: [sentence, citation], marks: [markOn({ draft: DRAFT, text: "[refunds.lifetime]", type: "hallucination" })] });
    expect(result.flaws.map((flaw) => flaw.status)).toEqual(["missed", "caught"]);
  });
});

describe("plantedFlaws", () => {
  const FILE = "drills/refunds/lifetime.yaml";
  const YAML = `id: refunds-lifetime
title: Free returns for life
locale: en
skills: [citations]
difficulty: 2
customer: Can I still return it?
draft: "${DRAFT}"
flaws:
  - type: fabricated_citation
    quote: "Returns are free for life [refunds.lifetime]"
    explanation: There is no such section.
    accept: [missing_citation]
  - type: tone
    quote: "Calm down."
    explanation: Never tell a customer to calm down.
`;

  it("numbers the drill's flaws in order and carries what each accepts", () => {
    const { drill, errors } = parseDrillFile(YAML, FILE);
    expect(errors).toEqual([]);
    if (!drill) throw new Error("expected a drill");
    const flaws = plantedFlaws(drill);
    expect(flaws).toEqual([
      { index: 0, type: "fabricated_citation", quote: FABRICATED.quote, start: FABRICATED.start, end: FABRICATED.end, policy: undefined, accept: ["missing_citation"] },
      { index: 1, type: "tone", quote: "Calm down.", start: DRAFT.indexOf("Calm down."), end: DRAFT.length, policy: undefined, accept: undefined },
    ]);
    const result = score({ draft: drill.draft, flaws, marks: [markOn({ draft: DRAFT, text: "free for life", type: "missing_citation" })] });
    expect(result.flaws[0]?.status).toBe("caught");
  });
});

describe("property: one mark per type on every flaw never yields a correctly typed flaw", () => {
  const WORDS = ["Hi", "Dana,", "your", "refund", "is", "45", "days", "[refunds.window]", "返品は", "４５日", "です。", "😀", "🙇‍♀️", "calm", "down."];

  function pick<T>(random: () => number, items: readonly T[]): T {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error("empty list");
    return item;
  }

  /** A random draft of words with some of them planted as flaws, never overlapping. */
  function randomDrill(random: () => number): { draft: string; flaws: PlantedFlaw[] } {
    const words = Array.from({ length: 4 + Math.floor(random() * 20) }, () => pick(random, WORDS));
    const flaws: PlantedFlaw[] = [];
    let draft = "";
    for (let at = 0; at < words.length; ) {
      const length = 1 + Math.floor(random() * 3);
      const quote = words.slice(at, at + length).join(" ");
      const start = draft.length;
      draft += `${quote} `;
      if (random() < 0.4) {
        const type = pick(random, FLAW_TYPES);
        const accept = FLAW_TYPES.filter(() => random() < 0.5);
        // Any accept list the validator allows: one that leaves out at least one type.
        while (acceptedTypes({ type, accept }).size === FLAW_TYPES.length) accept.pop();
        flaws.push({ index: flaws.length, type, quote, start, end: start + quote.length, accept });
      }
      at += length;
    }
    return { draft, flaws };
  }

  /** A mark of `type` somewhere inside the flaw's quote, holding more than whitespace and invisible characters. */
  function markInside(random: () => number, draft: string, flaw: PlantedFlaw, type: FlawType): Mark {
    const start = flaw.start + Math.floor(random() * (flaw.end - flaw.start));
    const end = start + 1 + Math.floor(random() * (flaw.end - start));
    return normalizeText(draft.slice(start, end)).text === "" ? { start: flaw.start, end: flaw.end, type } : { start, end, type };
  }

  function shuffle<T>(random: () => number, items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  it("holds for 500 random drafts, flaws and mark sets, with false flags mixed in", () => {
    const random = seededRandom(20260331);
    let flawsChecked = 0;
    for (let run = 0; run < 500; run++) {
      const { draft, flaws } = randomDrill(random);
      const onEveryFlaw = flaws.flatMap((flaw) => FLAW_TYPES.map((type) => markInside(random, draft, flaw, type)));
      const extra = Array.from({ length: Math.floor(random() * 4) }, (): Mark => {
        const start = Math.floor(random() * (draft.length - 1));
        return { start, end: start + 1 + Math.floor(random() * (draft.length - start - 1)), type: pick(random, FLAW_TYPES) };
      });
      const result = scoreAttempt({
        draft,
        flaws,
        marks: shuffle(random, [...onEveryFlaw, ...extra]),
        decision: flaws.length > 0 ? "rewrite" : "send",
        expected: flaws.length > 0 ? "rewrite" : "send",
        findRestricted: () => [],
        knownAnchors: new Set(),
      });
      expect(result.counts.correctlyTyped).toBe(0);
      expect(result.flaws.every((flaw) => flaw.status === "mistyped")).toBe(true);
      flawsChecked += flaws.length;
    }
    expect(flawsChecked).toBeGreaterThan(500);
  });
});
