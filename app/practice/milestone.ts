import { percent } from "~/app/format";
import { FLAW_LABELS, TIER_LABELS, type Tier } from "~/app/vocabulary";
import type { Rate } from "./rates";
import type { TierRequirement, TierResult } from "./tiers";

/**
 * The agent's next milestone: the next tier and what it still needs, in numbers, from the tier
 * rule's own result (tierFor / tierOfTally's `next`), so the home page and the progress page can
 * never disagree with the tier the agent is given.
 */
export type Milestone = { kind: "top"; tier: Tier; sentence: string } | { kind: "next"; tier: Tier; needs: string[]; sentence: string };

const now = (rate: Rate) => (rate === null ? "not measured yet" : `now ${percent(rate)}`);

/** One unmet requirement, short: "12 more first attempts", "error-spotting ≥ 70 % (now 64 %)". */
export function needText(need: TierRequirement): string {
  switch (need.kind) {
    case "attempts": {
      const more = need.required - need.current;
      return `${more} more ${more === 1 ? "first attempt" : "first attempts"}`;
    }
    case "error_spotting":
      return `error-spotting ≥ ${percent(need.required)} (${now(need.current)})`;
    case "flaw_type_error_spotting":
      return `${FLAW_LABELS[need.flawType]} error-spotting ≥ ${percent(need.required)} over at least ${need.requiredPlanted} planted (${need.current === null ? "none planted yet" : `now ${percent(need.current)} of ${need.planted}`})`;
    case "false_flags":
      return `false flags ≤ ${percent(need.required)} of your marks (${now(need.current)})`;
    case "unneeded_overrides":
      return `unneeded overrides ≤ ${percent(need.required)} of clean drafts (${now(need.current)})`;
    case "nomination":
      return "a leader's nomination";
  }
}

/** "a, b and c". */
function listed(items: readonly string[]) {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}

export function nextMilestone(result: TierResult): Milestone {
  if (result.next === null) return { kind: "top", tier: result.tier, sentence: `You are at the top tier, ${TIER_LABELS[result.tier]}.` };
  const needs = result.next.needs.map(needText);
  return { kind: "next", tier: result.next.tier, needs, sentence: `Reach ${TIER_LABELS[result.next.tier]}: ${listed(needs)}.` };
}
