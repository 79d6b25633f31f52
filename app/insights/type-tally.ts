import { tallyOfRollups, type RollupCounts, type RollupKey } from "./rollup-rows";
import type { Tally } from "~/app/practice/tally";
import { ALL_TYPES, type FlawType } from "~/app/vocabulary";

export type SummedRollup = RollupCounts & { flawType: RollupKey };

/**
 * The tally of rollup rows, over every flaw type or one. A flaw type's rows count the drafts that
 * plant it, its flaws, and the marks given that type, so with a type chosen its rows stand in
 * for the all-types rows: every figure is then over the drafts that plant that type (no clean
 * controls among them, so no unneeded overrides or d′).
 */
export function tallyForType({ rows, flawType }: { rows: readonly SummedRollup[]; flawType: FlawType | null }): Tally {
  if (flawType === null) return tallyOfRollups(rows);
  const typeRows = rows.filter((row) => row.flawType === flawType);
  return tallyOfRollups([...typeRows.map((row) => ({ ...row, flawType: ALL_TYPES })), ...typeRows]);
}
