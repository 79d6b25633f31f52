import type { FlawType } from "~/app/vocabulary";

/** In the order of their number keys in the drill player. */
export const FLAW_LABELS: Record<FlawType, string> = {
  hallucination: "Hallucination",
  missing_citation: "Missing citation",
  fabricated_citation: "Fabricated citation",
  restricted_data: "Restricted data",
  tone: "Tone",
};

export const FLAW_TYPE_KEYS = ["1", "2", "3", "4", "5"];
