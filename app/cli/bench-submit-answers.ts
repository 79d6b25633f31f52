import { randomUUID } from "node:crypto";
import type { Drill } from "~/app/content/drill";
import { type Mark } from "~/app/practice/types";
import { FLAW_TYPES, type Decision } from "~/app/vocabulary";

export { seededRandom } from "~/app/practice/seeded-random";

/** What the simulated agents of `bench:submit` answer: a realistic, deterministic mix. */

export type Answer = { marks: Mark[]; decision: Decision; rewrite?: string; escalationReason?: string };

/** The draft with its flawed passages cut out: what a careful agent would send instead. */
function withoutFlaws(drill: Drill) {
  let text = drill.draft;
  let limit = text.length;
  for (const flaw of [...drill.flaws].sort((a, b) => b.start - a.start)) {
    if (flaw.end > limit) continue;
    text = text.slice(0, flaw.start) + text.slice(flaw.end);
    limit = flaw.start;
  }
  return text.trim() || "Thank you for your message; a colleague will follow up shortly.";
}

/**
 * A realistic mix: most flawed drafts are caught (all flaws marked, the
 * expected decision, a rewrite without the flaws), one in five is missed,
 * and one clean control in five is a false alarm.
 */
export function answerFor(drill: Drill, n: number): Answer {
  const style = n % 5;
  if (drill.flaws.length === 0) {
    if (style !== 4) return { marks: [], decision: "send" };
    return { marks: [{ start: 0, end: Math.min(24, drill.draft.length), type: FLAW_TYPES[0] }], decision: "rewrite", rewrite: drill.draft };
  }
  if (style === 3) return { marks: [], decision: "send" };
  const marks = drill.flaws.map((f) => ({ start: f.start, end: f.end, type: f.type }));
  if (drill.expected === "escalate") return { marks, decision: "escalate", escalationReason: "This needs a specialist: it is beyond what I may promise." };
  return { marks, decision: "rewrite", rewrite: withoutFlaws(drill) };
}

export function formBody({ revisionId, answer, n }: { revisionId: number; answer: Answer; n: number }) {
  const form = new URLSearchParams({
    clientId: randomUUID(),
    revisionId: String(revisionId),
    marks: JSON.stringify(answer.marks),
    decision: answer.decision,
    timeOnTaskMs: String(15_000 + ((n * 7919) % 90_000)),
  });
  if (answer.rewrite !== undefined) form.set("rewrite", answer.rewrite);
  if (answer.escalationReason !== undefined) form.set("escalationReason", answer.escalationReason);
  return form.toString();
}

