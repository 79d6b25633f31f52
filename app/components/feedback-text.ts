import type { AttemptScore, FlawStatus } from "~/app/practice/scoring";
import type { Outcome } from "~/app/vocabulary";

/** The draft-level outcome in plain words. */
export const OUTCOME_TEXT: Record<Outcome, { title: string; body: string }> = {
  hit: { title: "You stopped a flawed draft", body: "The AI draft had flaws and you did not send it as is." },
  miss: { title: "A flawed draft went out", body: "The AI draft had flaws and you sent it as is: that is blind acceptance. See what was wrong below." },
  false_alarm: { title: "This draft was fine", body: "The AI draft was correct, but you overrode it: an unneeded override." },
  correct_rejection: { title: "Right call: the draft was fine", body: "The AI draft was correct and you sent it as is." },
};

export const STATUS_TEXT: Record<FlawStatus, string> = {
  caught: "caught",
  mistyped: "caught, but with another type",
  missed: "missed",
};

export type Headline = { title: string; body: string; success: boolean };

/**
 * The feedback's headline never says more than the attempt earned: stopping a flawed draft with a
 * rewrite that cannot be sent, leaks restricted data, leaves a flaw in or invents a citation is
 * not a clean success.
 */
export function feedbackHeadline({ outcome, rewriteCheck }: Pick<AttemptScore, "outcome" | "rewriteCheck">): Headline {
  const success = outcome === "hit" || outcome === "correct_rejection";
  if (outcome !== "hit" || rewriteCheck === null) return { ...OUTCOME_TEXT[outcome], success };
  if (!rewriteCheck.usable) {
    return {
      title: "You stopped a flawed draft, but your rewrite cannot be sent",
      body: "Your rewrite is too short to be a reply to the customer, so it earns nothing for the decision. See why below.",
      success: false,
    };
  }
  const problems = [
    count(rewriteCheck.leaked.length, "piece of restricted data", "pieces of restricted data"),
    count(rewriteCheck.leftIn.length, "flaw from the draft", "flaws from the draft"),
    count(rewriteCheck.fabricatedCitations.length, "citation of a section that does not exist", "citations of sections that do not exist"),
  ].filter((problem) => problem !== null);
  if (problems.length === 0) return { ...OUTCOME_TEXT.hit, success: true };
  return {
    title: "You stopped a flawed draft, but your rewrite needs fixing",
    body: `Your rewrite still has ${listed(problems)}. See each one below.`,
    success: false,
  };
}

function count(value: number, one: string, many: string): string | null {
  return value === 0 ? null : `${value} ${value === 1 ? one : many}`;
}

function listed(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
