/**
 * Shared vocabulary of the practice domain (DESIGN: "An attempt and how it is scored").
 * Offsets are UTF-16 code-unit offsets into the draft, end exclusive, as JavaScript strings index.
 */

import type { Decision, FlawType } from "~/app/vocabulary";

/** A flaw the drill's author planted. `index` is its position in the drill's list of flaws. */
export type PlantedFlaw = {
  index: number;
  type: FlawType;
  quote: string;
  start: number;
  end: number;
  policy?: string;
  /** Other types that also count as correctly typed (the drill's `accept:`). */
  accept?: readonly FlawType[];
};

/** A span of the draft the agent marked as a flaw of some type. */
export type Mark = { start: number; end: number; type: FlawType };

/** A record with one entry per flaw type, each computed by `value`. */
export function byFlawType<T>(value: (type: FlawType) => T): Record<FlawType, T> {
  return {
    hallucination: value("hallucination"),
    missing_citation: value("missing_citation"),
    fabricated_citation: value("fabricated_citation"),
    restricted_data: value("restricted_data"),
    tone: value("tone"),
  };
}

/** A fresh `{ hallucination: 0, … }` record. */
export function zeroByFlawType(): Record<FlawType, number> {
  return byFlawType(() => 0);
}

/** The decision the metrics call an override (DESIGN: override rate counts rewrite and escalate). */
export function isOverride(decision: Decision): boolean {
  return decision !== "send";
}
