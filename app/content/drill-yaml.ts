import { Document, Scalar, YAMLSeq } from "yaml";
import type { Drill, DrillDocument } from "./drill";

type DrillLike = DrillDocument | Drill;

/**
 * A drill written in the drill format, canonically: keys in the documented order, the customer
 * message and the draft as literal blocks (so every line is kept exactly and CJK text never folds),
 * no line wrapping, `expected:` only where it is not the default. `parseDrillFile` reads it back to
 * the same drill, so studio exports, diffs and equality checks all go through this one form.
 */
export function drillYaml(drill: DrillLike): string {
  return writeDrillRecord(canonical(drill));
}

/**
 * Writes a drill-shaped record (keys already in the documented order) in the drill format's
 * layout. The studio writes what an author typed with it before validating, so even an invalid
 * draft reads like a drill file and the validator's line numbers mean the same thing.
 */
export function writeDrillRecord(record: Record<string, unknown>): string {
  const document = new Document(record);
  for (const key of ["customer", "draft"] as const) {
    const node = document.get(key, true);
    if (node instanceof Scalar) node.type = Scalar.BLOCK_LITERAL;
  }
  const skills = document.get("skills", true);
  if (skills instanceof YAMLSeq) skills.flow = true;
  const flaws = document.get("flaws", true);
  if (flaws instanceof YAMLSeq) {
    if (flaws.items.length === 0) flaws.flow = true;
    for (const flaw of flaws.items) {
      const accept = flaw && typeof flaw === "object" && "get" in flaw ? (flaw as { get(key: string, keep: true): unknown }).get("accept", true) : undefined;
      if (accept instanceof YAMLSeq) accept.flow = true;
    }
  }
  return document.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
}

/** The default decision, as `parseDrillFile` fills it in when `expected:` is absent. */
function defaultExpected(drill: DrillLike) {
  return drill.flaws.length > 0 ? "rewrite" : "send";
}

function canonical(drill: DrillLike): Record<string, unknown> {
  const result: Record<string, unknown> = {
    id: drill.id,
    title: drill.title,
    locale: drill.locale,
    channel: drill.channel,
    skills: [...drill.skills],
    difficulty: drill.difficulty,
    customer: drill.customer,
    draft: drill.draft,
    flaws: drill.flaws.map((flaw) => {
      const written: Record<string, unknown> = { type: flaw.type, quote: flaw.quote };
      if (flaw.occurrence !== undefined) written.occurrence = flaw.occurrence;
      written.explanation = flaw.explanation;
      if (flaw.policy !== undefined) written.policy = flaw.policy;
      if (flaw.accept !== undefined) written.accept = [...flaw.accept];
      return written;
    }),
  };
  if (drill.expected !== undefined && drill.expected !== defaultExpected(drill)) result.expected = drill.expected;
  if (drill.escalation !== undefined) result.escalation = drill.escalation;
  return result;
}
