import { DECISION_LABELS, DECISIONS, FLAW_LABELS, FLAW_TYPES, type Decision, type FlawType } from "~/app/vocabulary";

/**
 * The drill page's walkthrough (issue 16, item 11): four short steps a first-time agent reads in
 * about 30 seconds. Each step points at the part of the drill page it explains, by the id that
 * part carries. The examples are made up for the walkthrough and quote no drill of the library
 * (a unit test holds them to that), so the walkthrough never gives away a drill's answer.
 */

/** The ids of the drill page's parts that the steps point at. */
export const WALKTHROUGH_TARGETS = {
  draft: "walkthrough-draft",
  flawTypes: "walkthrough-flaw-types",
  decision: "walkthrough-decision",
  submit: "walkthrough-submit",
} as const;
export type WalkthroughTarget = (typeof WALKTHROUGH_TARGETS)[keyof typeof WALKTHROUGH_TARGETS];

/** Each flaw type in a few words (DESIGN "Drill format"), with one made-up example. */
export const FLAW_EXAMPLES: Record<FlawType, { means: string; example: string }> = {
  hallucination: { means: "a fact or promise the sources do not back", example: "“Your refund arrives tomorrow.”" },
  missing_citation: { means: "a policy claim without its source", example: "“Gift cards never expire.”" },
  fabricated_citation: { means: "a source that is not there or says otherwise", example: "“[warranty.loyalty]”" },
  restricted_data: { means: "data no customer may see", example: "a full card number" },
  tone: { means: "blame, jargon, canned empathy, upselling", example: "“Per our SLA matrix…”" },
};

/** What each decision means for the draft. */
export const DECISION_MEANINGS: Record<Decision, string> = {
  send: "the draft is right (some drills are clean).",
  rewrite: "fix it yourself; the rewrite is checked.",
  escalate: "hand it over, e.g. after a legal threat.",
};

/** One step: what it says, the list it explains (the flaw types, the decisions), and the part of the page it points at. */
export type WalkthroughStep = { id: string; title: string; target: WalkthroughTarget; text: string; list?: { term: string; means: string; example?: string }[] };

export const WALKTHROUGH_STEPS: readonly WalkthroughStep[] = [
  {
    id: "mark",
    title: "Mark what is wrong",
    target: WALKTHROUGH_TARGETS.draft,
    text: "Check the AI draft against the policy sources and select each wrong span: drag, or Shift and the arrow keys.",
  },
  {
    id: "flaw-types",
    title: "Give each mark a type",
    target: WALKTHROUGH_TARGETS.flawTypes,
    text: "Press a flaw type, or its number key:",
    list: FLAW_TYPES.map((type) => ({ term: FLAW_LABELS[type], ...FLAW_EXAMPLES[type] })),
  },
  {
    id: "decide",
    title: "Decide",
    target: WALKTHROUGH_TARGETS.decision,
    text: "Then choose what happens to the draft:",
    list: DECISIONS.map((decision) => ({ term: DECISION_LABELS[decision], means: DECISION_MEANINGS[decision] })),
  },
  {
    id: "submit",
    title: "Submit and learn",
    target: WALKTHROUGH_TARGETS.submit,
    text: "The feedback shows what you caught and missed. “How this works” opens this again.",
  },
];

/** The step `delta` steps on from `index`, kept within the walkthrough. */
export function stepIndex(index: number, delta: number, steps: readonly unknown[] = WALKTHROUGH_STEPS): number {
  return Math.min(Math.max(index + delta, 0), steps.length - 1);
}

/** The walkthrough opens by itself until the agent has closed it once; asking for it opens it any time. */
export function shouldShowWalkthrough({ seenAt, asked }: { seenAt: Date | null; asked: boolean }): boolean {
  return asked || seenAt === null;
}
