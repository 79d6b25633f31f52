import type { AttemptScore } from "./scoring";
import type { Outcome } from "~/app/vocabulary";

/** The draft-level outcome in plain words. */
export const OUTCOME_TEXT: Record<Outcome, { title: string; body: string }> = {
  hit: { title: "You stopped a flawed draft", body: "The AI draft had flaws and you did not send it as is." },
  miss: { title: "A flawed draft went out", body: "The AI draft had flaws and you sent it as is: that is blind acceptance. See what was wrong below." },
  false_alarm: { title: "This draft was fine", body: "The AI draft was correct, but you overrode it: an unneeded override." },
  correct_rejection: { title: "Right call: the draft was fine", body: "The AI draft was correct and you sent it as is." },
};

export type HeadlineTone = "success" | "partial" | "failure";
export type Headline = { title: string; body: string; success: boolean; tone: HeadlineTone };

export type HeadlineInput = Pick<AttemptScore, "outcome" | "rewriteCheck" | "counts" | "decision" | "expected">;

/**
 * The feedback's headline never says more than the attempt earned (DESIGN: "An attempt and how it
 * is scored"). It reads as a clean success only for a correct rejection without false flags, or for
 * a flawed draft stopped with the expected decision, every flaw caught with a fitting type, no
 * false flag, and (for a rewrite) a rewrite that can be sent and leaks nothing, leaves no flaw in
 * and invents no citation. Anything less is "partial" and says, first in the title, what fell short;
 * a miss or a false alarm is a failure whatever else was right.
 */
export function feedbackHeadline({ outcome, rewriteCheck, counts, decision, expected }: HeadlineInput): Headline {
  const markNotes = [
    counts.missed > 0 && counts.caught > 0 ? `You missed ${counts.missed} of its ${counts.planted} flaws.` : null,
    counts.mistyped > 0 ? `You gave ${counts.mistyped === 1 ? "1 flaw" : `${counts.mistyped} flaws`} a type that does not fit it.` : null,
    counts.falseFlags > 0 ? `${counts.falseFlags === 1 ? "1 of your marks was a false flag" : `${counts.falseFlags} of your marks were false flags`}: it caught no planted flaw.` : null,
  ].filter((note) => note !== null);
  if (outcome === "miss" || outcome === "false_alarm") return { ...OUTCOME_TEXT[outcome], success: false, tone: "failure" };
  if (outcome === "correct_rejection") {
    if (counts.falseFlags === 0) return { ...OUTCOME_TEXT.correct_rejection, success: true, tone: "success" };
    return { title: "Right call to send it, but your marks flagged a correct draft", body: `The AI draft was correct and you sent it as is. ${markNotes.join(" ")}`, success: false, tone: "partial" };
  }

  // A hit: what, if anything, keeps it from being a clean success, the gravest first.
  const shortfalls: { title: string; body: string }[] = [];
  if (rewriteCheck !== null && !rewriteCheck.usable) {
    shortfalls.push({
      title: "You stopped a flawed draft, but your rewrite cannot be sent",
      body: "Your rewrite is too short to be a reply to the customer, so it earns nothing for the decision.",
    });
  } else if (rewriteCheck !== null) {
    const problems = [
      count(rewriteCheck.leaked.length, "piece of restricted data", "pieces of restricted data"),
      count(rewriteCheck.leftIn.length, "flaw from the draft", "flaws from the draft"),
      count(rewriteCheck.fabricatedCitations.length, "citation of a section that does not exist", "citations of sections that do not exist"),
    ].filter((problem) => problem !== null);
    if (problems.length > 0) {
      shortfalls.push({
        title: rewriteCheck.leaked.length > 0 ? "You stopped a flawed draft, but your rewrite leaks restricted data" : "You stopped a flawed draft, but your rewrite needs fixing",
        body: `Your rewrite still has ${listed(problems)}.`,
      });
    }
  }
  if (decision !== expected) {
    shortfalls.push(
      expected === "escalate"
        ? { title: "You stopped a flawed draft, but it needed escalating", body: "This case needed escalating, not only rewriting." }
        : { title: "You stopped a flawed draft, but you could have fixed it yourself", body: "This draft could be fixed by rewriting it; escalating hands over work you could finish." },
    );
  }
  if (counts.planted > 0 && counts.caught === 0) {
    shortfalls.push({
      title: "You overrode the draft, but found none of its flaws",
      body: `Stopping it was right, but none of your marks caught any of its ${counts.planted === 1 ? "flaw" : `${counts.planted} flaws`}.`,
    });
  } else if (counts.missed > 0) {
    shortfalls.push({ title: "You stopped a flawed draft, but missed some of its flaws", body: "" });
  } else if (counts.mistyped > 0) {
    shortfalls.push({ title: "You stopped a flawed draft, but mistyped a flaw", body: "" });
  } else if (counts.falseFlags > 0) {
    shortfalls.push({ title: "You stopped a flawed draft, but flagged text that was fine", body: "" });
  }
  const first = shortfalls[0];
  if (first === undefined) return { ...OUTCOME_TEXT.hit, success: true, tone: "success" };
  const body = [...shortfalls.map((s) => s.body), ...markNotes].filter((text) => text !== "").join(" ");
  return { title: first.title, body: `${body} See each one below.`, success: false, tone: "partial" };
}

function count(value: number, one: string, many: string): string | null {
  return value === 0 ? null : `${value} ${value === 1 ? one : many}`;
}

function listed(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
