import { describe, expect, it } from "vitest";
import { parseDrillFile } from "~/app/content/drill";
import { formatContentError } from "~/app/content/errors";
import { parsePolicy } from "~/app/content/policy";
import { libraryStats, validateLibrary, type LibraryDrill, type LibraryPolicy } from "~/app/content/validate";

function policy(file: string, text: string): LibraryPolicy {
  const parsed = parsePolicy(text, file);
  if (!parsed.policy || !parsed.locations) throw new Error(parsed.errors.map(formatContentError).join("\n"));
  return { file, hash: "", policy: parsed.policy, locations: parsed.locations };
}

const REFUNDS = policy(
  "policies/refunds.md",
  "---\nid: refunds\ntitle: Refunds\nversion: 1\neffective: 2026-03-01\n---\n## Window {#refunds.window}\n30 days.\n## Warranty {#refunds.warranty}\n2 years.\n",
);

function dataHandling(detectors: string[]): LibraryPolicy {
  const restricted = detectors.map((detector) => `  - id: ${detector}\n    label: Restricted ${detector}\n    detector: ${detector}`).join("\n");
  return policy(
    "policies/data-handling.md",
    `---\nid: data-handling\ntitle: Data\nversion: 1\neffective: 2026-03-01\n${detectors.length > 0 ? `restricted:\n${restricted}\n` : ""}---\n## Restricted {#data-handling.restricted}\nNever.\n`,
  );
}

const DATA_HANDLING = dataHandling(["payment_card", "iban", "us_ssn", "jp_my_number", "credential"]);

type DrillSpec = { id?: string; draft: string; flaws?: string; expected?: string; escalation?: string };

/** A drill file whose draft is a literal block starting on line 9, indented by two spaces. */
function drill(file: string, spec: DrillSpec): LibraryDrill {
  const lines = [
    `id: ${spec.id ?? file.replace(/^.*\//, "").replace(".yaml", "")}`,
    "title: A drill",
    "locale: en",
    "channel: chat",
    "skills: [citations]",
    "difficulty: 2",
    "customer: Hi",
    "draft: |",
    ...spec.draft.split("\n").map((line) => `  ${line}`),
    `flaws:${spec.flaws ? `\n${spec.flaws}` : " []"}`,
  ];
  if (spec.expected) lines.push(`expected: ${spec.expected}`);
  if (spec.escalation) lines.push(`escalation: ${spec.escalation}`);
  const parsed = parseDrillFile(`${lines.join("\n")}\n`, file);
  if (!parsed.drill || !parsed.locations) throw new Error(parsed.errors.map(formatContentError).join("\n"));
  return { file, hash: "", drill: parsed.drill, locations: parsed.locations };
}

function flaw(type: string, quote: string, extra = ""): string {
  return `  - type: ${type}\n    quote: ${JSON.stringify(quote)}\n    explanation: Because.${extra}`;
}

function check(drills: LibraryDrill[], policies: LibraryPolicy[] = [REFUNDS, DATA_HANDLING]): string[] {
  return validateLibrary({ policies, drills }).map(formatContentError);
}

describe("validateLibrary", () => {
  it("accepts a consistent library", () => {
    expect(
      check([
        drill("drills/a.yaml", { draft: "Within 30 days [refunds.window]." }),
        drill("drills/b.yaml", {
          draft: "It is 45 days [refunds.window].",
          flaws: flaw("hallucination", "It is 45 days", "\n    policy: refunds.window"),
        }),
      ]),
    ).toEqual([]);
  });

  describe("citations", () => {
    it("rejects an unknown citation, at its position in the draft", () => {
      expect(check([drill("drills/a.yaml", { draft: "Hello.\nWithin 30 days [refunds.windw]." })])).toEqual([
        "drills/a.yaml:10:18: citation [refunds.windw] does not match any policy section (did you mean refunds.window?); fix it, or declare it with a fabricated_citation flaw whose quote covers it",
      ]);
    });

    it("accepts an unknown citation covered by a fabricated_citation flaw", () => {
      const draft = "Gift cards are refunded in cash [refunds.gift-cards].";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("fabricated_citation", "[refunds.gift-cards]") })])).toEqual([]);
      expect(check([drill("drills/b.yaml", { draft, flaws: flaw("fabricated_citation", "refunded in cash [refunds") })])).toEqual([]);
    });

    it("does not let another flaw type declare an unknown citation", () => {
      const draft = "Gift cards are refunded in cash [refunds.gift-cards].";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("hallucination", draft) })])).toEqual([
        "drills/a.yaml:9:35: citation [refunds.gift-cards] does not match any policy section; fix it, or declare it with a fabricated_citation flaw whose quote covers it",
      ]);
    });

    it("does not let a fabricated_citation flaw elsewhere declare it", () => {
      const draft = "Cash refunds [refunds.cash]. Wrong section [refunds.warranty].";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("fabricated_citation", "Wrong section [refunds.warranty]") })])).toEqual([
        "drills/a.yaml:9:16: citation [refunds.cash] does not match any policy section; fix it, or declare it with a fabricated_citation flaw whose quote covers it",
      ]);
    });
  });

  describe("policy references", () => {
    it("rejects a policy reference that is not a section anchor", () => {
      expect(
        check([drill("drills/a.yaml", { draft: "It is 45 days.", flaws: flaw("hallucination", "It is 45 days", "\n    policy: refunds") })]),
      ).toEqual(['drills/a.yaml:14:5: policy "refunds" does not match any policy section anchor']);
    });
  });

  describe("restricted data", () => {
    it("accepts restricted data declared by a restricted_data flaw", () => {
      const draft = "Your card 4111 1111 1111 1111 is refunded.";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("restricted_data", "card 4111 1111") })])).toEqual([]);
    });

    it("rejects restricted data no flaw declares, at its position", () => {
      const draft = "Thanks!\nIBAN DE89 3704 0044 0532 0130 00 and card 4111 1111 1111 1111.";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("restricted_data", "card 4111 1111 1111 1111") })])).toEqual([
        'drills/a.yaml:10:8: restricted data in the draft that no flaw declares: Restricted iban "DE89 3704 0044 0532 0130 00"; add a restricted_data flaw quoting it',
      ]);
    });

    it("rejects a restricted_data flaw whose quote no detector recognises", () => {
      const draft = "The card ending 4821 is refunded.";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("restricted_data", "card ending 4821") })])).toEqual([
        'drills/a.yaml:12:5: restricted_data flaw: no restricted-data detector (payment_card, iban, us_ssn, jp_my_number, credential) recognises anything in quote "card ending 4821"',
      ]);
    });

    it("only treats the library's restricted categories as restricted", () => {
      const draft = "Write to dana@example.com or call +44 20 7946 0958. IBAN GB82 WEST 1234 5698 7654 32.";
      expect(check([drill("drills/a.yaml", { draft })], [REFUNDS, dataHandling(["payment_card"])])).toEqual([]);
      expect(
        check([drill("drills/b.yaml", { draft, flaws: flaw("restricted_data", "dana@example.com") })], [REFUNDS, dataHandling(["payment_card"])]),
      ).toEqual([
        'drills/b.yaml:12:5: restricted_data flaw: no restricted-data detector (payment_card) recognises anything in quote "dana@example.com"',
      ]);
    });

    it("takes the union of every policy's restricted list", () => {
      const draft = "Card 4111 1111 1111 1111, SSN 512-44-7381.";
      const policies = [REFUNDS, dataHandling(["payment_card"]), policy("policies/us.md", "---\nid: us\ntitle: US\nversion: 1\neffective: 2026-03-01\nrestricted:\n  - id: ssn\n    label: SSN\n    detector: us_ssn\n---\n")];
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("restricted_data", "4111 1111 1111 1111") })], policies)).toEqual([
        'drills/a.yaml:9:33: restricted data in the draft that no flaw declares: SSN "512-44-7381"; add a restricted_data flaw quoting it',
      ]);
    });

    it("rejects restricted_data flaws when no policy lists restricted categories", () => {
      const draft = "Card 4111 1111 1111 1111.";
      expect(check([drill("drills/a.yaml", { draft, flaws: flaw("restricted_data", "4111 1111 1111 1111") })], [REFUNDS, dataHandling([])])).toEqual([
        "drills/a.yaml:12:5: restricted_data flaw, but no policy lists restricted data categories (add restricted: to the data-handling policy)",
      ]);
    });
  });

  describe("expected decision", () => {
    it("rejects send on a flawed draft", () => {
      expect(check([drill("drills/a.yaml", { draft: "Calm down.", flaws: flaw("tone", "Calm down."), expected: "send" })])).toEqual([
        "drills/a.yaml:14:1: expected: send contradicts the 1 flaw of this drill; a flawed draft expects rewrite or escalate",
      ]);
    });

    it.each(["rewrite", "escalate"])("rejects %s on a clean control", (expected) => {
      const escalation = expected === "escalate" ? "Legal threat." : undefined;
      expect(check([drill("drills/a.yaml", { draft: "All good.", expected, escalation })])).toEqual([
        `drills/a.yaml:11:1: expected: ${expected} contradicts a clean control (no flaws); a control expects send`,
      ]);
    });

    it("accepts matching decisions", () => {
      expect(
        check([
          drill("drills/a.yaml", { draft: "All good.", expected: "send" }),
          drill("drills/b.yaml", { draft: "Calm down.", flaws: flaw("tone", "Calm down."), expected: "escalate", escalation: "Legal threat." }),
          drill("drills/c.yaml", { draft: "Calm down.", flaws: flaw("tone", "Calm down."), expected: "rewrite" }),
        ]),
      ).toEqual([]);
    });
  });

  describe("duplicates", () => {
    it("rejects a duplicate drill id on the second file, naming the first", () => {
      expect(
        check([drill("drills/a.yaml", { id: "same", draft: "One." }), drill("drills/b.yaml", { id: "same", draft: "Two." })]),
      ).toEqual(['drills/b.yaml:1:1: drill id "same" is already used by drills/a.yaml:1:1']);
    });

    it("rejects a duplicate anchor across policies", () => {
      const shipping = policy(
        "policies/shipping.md",
        "---\nid: shipping\ntitle: Shipping\nversion: 1\neffective: 2026-03-01\n---\n## Times {#shipping.times}\n## Window {#refunds.window}\n",
      );
      expect(check([], [REFUNDS, shipping])).toEqual([
        'policies/shipping.md:8:11: anchor "refunds.window" is already defined in policies/refunds.md:7:11',
      ]);
    });

    it("rejects a duplicate policy id once, not once per section", () => {
      const copy = { ...REFUNDS, file: "policies/refunds-old.md" };
      expect(check([], [REFUNDS, copy])).toEqual(['policies/refunds-old.md:2:1: policy id "refunds" is already used by policies/refunds.md:2:1']);
    });
  });

  it("sorts errors by file and position", () => {
    const errors = check([
      drill("drills/b.yaml", { draft: "[refunds.x] [refunds.y]" }),
      drill("drills/a.yaml", { draft: "[refunds.z]" }),
    ]);
    expect(errors.map((error) => error.split(": ")[0])).toEqual(["drills/a.yaml:9:3", "drills/b.yaml:9:3", "drills/b.yaml:9:15"]);
  });

  it("stays linear: validating is cheap next to parsing", () => {
    const drillCount = 2000;
    const texts = Array.from({ length: drillCount }, (_, index) =>
      [
        `id: drill-${index}`,
        "title: Generated",
        "locale: en",
        `channel: ${index % 2 === 0 ? "chat" : "email"}`,
        "skills: [citations]",
        `difficulty: ${(index % 5) + 1}`,
        "customer: |",
        "  My card is 4111 1111 1111 1111 and my order #100234598 arrived on 2026-03-01.",
        "draft: |",
        "  Hi, sorry about that. Our return window is 45 days [refunds.window], and a refund takes",
        "  5 business days [refunds.warranty]. Your card 4111 1111 1111 1111 will be credited.",
        "flaws:",
        "  - type: hallucination",
        '    quote: "Our return window is 45 days"',
        "    explanation: 30 days.",
        "    policy: refunds.window",
        "  - type: restricted_data",
        '    quote: "4111 1111 1111 1111"',
        "    explanation: Never repeat a card number.",
      ].join("\n"),
    );
    const parseStart = performance.now();
    const drills = texts.map((text, index) => {
      const parsed = parseDrillFile(text, `drills/${index}.yaml`);
      if (!parsed.drill || !parsed.locations) throw new Error(parsed.errors.map(formatContentError).join("\n"));
      return { file: `drills/${index}.yaml`, hash: "", drill: parsed.drill, locations: parsed.locations };
    });
    const parseTime = performance.now() - parseStart;
    const validateStart = performance.now();
    expect(validateLibrary({ policies: [REFUNDS, DATA_HANDLING], drills })).toEqual([]);
    const validateTime = performance.now() - validateStart;
    expect(validateTime).toBeLessThan(parseTime * 3);
  });
});

describe("libraryStats", () => {
  it("counts drills by flaw type, difficulty, channel, locale and decision", () => {
    const drills = [
      drill("drills/a.yaml", { draft: "All good." }),
      drill("drills/b.yaml", {
        draft: "Calm down. Calm down! It is 45 days.",
        flaws: [flaw("tone", "Calm down.", ""), flaw("tone", "Calm down!"), flaw("hallucination", "It is 45 days.")].join("\n"),
      }),
      drill("drills/c.yaml", { draft: "It is 45 days.", flaws: flaw("hallucination", "It is 45 days."), expected: "escalate", escalation: "Why." }),
    ].map((entry) => entry.drill);
    expect(libraryStats(drills)).toEqual({
      drills: 3,
      controls: 1,
      controlShare: 1 / 3,
      multiFlawDrills: 1,
      flawTypes: {
        hallucination: { flaws: 2, drills: 2 },
        missing_citation: { flaws: 0, drills: 0 },
        fabricated_citation: { flaws: 0, drills: 0 },
        restricted_data: { flaws: 0, drills: 0 },
        tone: { flaws: 2, drills: 1 },
      },
      difficulty: { "1": 0, "2": 3, "3": 0, "4": 0, "5": 0 },
      channels: { chat: 3, email: 0 },
      locales: { en: 3 },
      expected: { send: 1, rewrite: 1, escalate: 1 },
    });
  });

  it("handles an empty library", () => {
    expect(libraryStats([])).toMatchObject({ drills: 0, controls: 0, controlShare: 0 });
  });
});
