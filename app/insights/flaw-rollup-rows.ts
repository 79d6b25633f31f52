import { acceptedTypes } from "~/app/content/accepted-types";
import type { AttemptScore } from "~/app/practice/scoring";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/** The column of the flaw rollups (db/insights-schema.ts, flaw_rollups) counting a flaw given each type it does not accept. */
export const MISTYPED_AS = {
  hallucination: "mistypedAsHallucination",
  missing_citation: "mistypedAsMissingCitation",
  fabricated_citation: "mistypedAsFabricatedCitation",
  restricted_data: "mistypedAsRestrictedData",
  tone: "mistypedAsTone",
} as const satisfies Record<FlawType, string>;

/** The counts one flaw-rollup row keeps, in column order. */
export const FLAW_ROLLUP_COUNTS = ["planted", "caught", "correctlyTyped", "missed", ...FLAW_TYPES.map((type) => MISTYPED_AS[type])] as const;
export type FlawRollupCounts = Record<(typeof FLAW_ROLLUP_COUNTS)[number], number>;
export type FlawRollupRow = { flawIndex: number; flawType: FlawType; counts: FlawRollupCounts };

/** A planted flaw as the revision declares it: its type and the other types it accepts. */
export type DeclaredFlaw = { type: FlawType; accept?: readonly FlawType[] };

/**
 * The flaw-rollup rows one counted attempt adds: one per planted flaw of its revision (none for a
 * clean control), in flaw order. A flaw is caught when marked with any type, correctly typed when
 * every catching mark gave a type it accepts; each type a catching mark gave that it does not
 * accept counts once in that type's mistyped-as column. `flaws` are the revision's declared flaws
 * (for their accepted types), indexed as the score's.
 */
export function flawRollupRowsOf({ score, flaws }: { score: Pick<AttemptScore, "flaws">; flaws: readonly DeclaredFlaw[] }): FlawRollupRow[] {
  return [...score.flaws]
    .sort((a, b) => a.index - b.index)
    .map((result) => {
      const declared = flaws[result.index];
      if (!declared || declared.type !== result.type) throw new Error(`flaw ${result.index} of the score is not the revision's`);
      const accepted = acceptedTypes(declared);
      const counts = Object.fromEntries(FLAW_ROLLUP_COUNTS.map((field) => [field, 0])) as FlawRollupCounts;
      counts.planted = 1;
      counts.caught = result.status === "missed" ? 0 : 1;
      counts.correctlyTyped = result.status === "caught" ? 1 : 0;
      counts.missed = result.status === "missed" ? 1 : 0;
      for (const type of result.markedAs) if (!accepted.has(type)) counts[MISTYPED_AS[type]] = 1;
      return { flawIndex: result.index, flawType: result.type, counts };
    });
}
