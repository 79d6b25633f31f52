import { citedClaims } from "./draft-claims";
import { sectionName, pick, type Planting, type PlantingContext } from "./planting";
import { findQuantities, numberStyleOf, sameValue, writeNumber, wrongQuantity, type Quantity } from "./quantities";
import { sectionStatements } from "./section-statements";

type Candidate = { claimStart: number; claimEnd: number; anchor: string; quantity: Quantity; sentence: string; wrong: { low: number; high?: number } };

/**
 * A value the draft takes from the section it cites — a number, duration, amount or condition
 * stated in both — changed to a plausible wrong one the section does not state.
 */
export function plantHallucination(context: PlantingContext): Planting {
  const { drill, sections, wording, random } = context;
  const style = numberStyleOf(drill.locale);
  const candidates: Candidate[] = [];
  for (const claim of citedClaims(drill.draft)) {
    const entry = sections.get(claim.citation.anchor);
    if (entry === undefined) continue;
    const stated = sectionStatements(entry.section);
    for (const found of findQuantities(drill.draft.slice(claim.start, claim.end), style)) {
      const quantity = shift(found, claim.start);
      const match = stated.find((statement) => sameValue(statement.quantity, quantity));
      const wrong = match && wrongQuantity(quantity, stated.map((statement) => statement.quantity));
      if (match && wrong) candidates.push({ claimStart: claim.start, claimEnd: claim.end, anchor: claim.citation.anchor, quantity, sentence: match.sentence, wrong });
    }
  }
  const chosen = pick(candidates, random);
  const entry = chosen && sections.get(chosen.anchor);
  if (chosen === undefined || entry === undefined) {
    return { skipped: "no number, duration or amount in a cited claim is also stated in the section it cites" };
  }

  const { quantity, wrong } = chosen;
  const was = drill.draft.slice(quantity.start, quantity.end);
  let written = was;
  for (const [number, value] of [[quantity.high, wrong.high], [quantity.low, wrong.low]] as const) {
    if (number === undefined || value === undefined) continue;
    const at = number.start - quantity.start;
    written = `${written.slice(0, at)}${writeNumber(value, number, style)}${written.slice(at + number.end - number.start)}`;
  }
  const draft = `${drill.draft.slice(0, quantity.start)}${written}${drill.draft.slice(quantity.end)}`;
  return {
    draft,
    quote: { start: chosen.claimStart, end: chosen.claimEnd + written.length - was.length },
    explanation: wording.hallucination({ written, was, section: sectionName(context, entry), anchor: chosen.anchor, sentence: chosen.sentence }),
    policy: chosen.anchor,
    note: wording.hallucinationTitle(written, was),
    difficultyChange: 1,
  };
}

function shift(quantity: Quantity, by: number): Quantity {
  const move = <T extends { start: number; end: number }>(range: T): T => ({ ...range, start: range.start + by, end: range.end + by });
  return { ...quantity, start: quantity.start + by, end: quantity.end + by, low: move(quantity.low), high: quantity.high && move(quantity.high) };
}
