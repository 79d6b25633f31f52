import type { FlawStatus } from "~/app/practice/scoring";
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
