import { compareDraftAndReply } from "~/app/drill-candidates/changed-spans";
import { flawFields, STUDIO_LIMITS, type StudioFields } from "./studio-source";

export type CandidateForDrill = { id: number; customerMessage: string; aiDraft: string; sentReply: string; locale: string | null; policyRefs: readonly string[] };

/** A drill id for a candidate: candidate-17. */
export function candidateDrillId(candidate: { id: number }) {
  return `candidate-${candidate.id}`;
}

/**
 * A studio draft started from a production candidate: the customer's message and the AI draft
 * (both redacted when they arrived), and one proposed flaw per span the agent deleted or changed,
 * quoted (with its occurrence when the words occur more than once) so it resolves where the
 * agent changed it. The author types, explains, keeps or drops each; the first section the
 * assistant named that exists is each flaw's proposed policy. Locale defaults to English.
 */
export function candidateDrillFields(candidate: CandidateForDrill): StudioFields {
  const { spans } = compareDraftAndReply(candidate.aiDraft, candidate.sentReply, candidate.locale ?? undefined);
  const policy = candidate.policyRefs[0] ?? "";
  return {
    id: candidateDrillId(candidate),
    title: `From production candidate ${candidate.id}`,
    locale: candidate.locale ?? "en",
    channel: "email",
    skills: "",
    difficulty: "2",
    customer: candidate.customerMessage,
    draft: candidate.aiDraft,
    expected: "",
    escalation: "",
    flaws: spans.slice(0, STUDIO_LIMITS.flaws).map((span) => flawFields({ quote: span.quote, occurrence: span.occurrence === null ? "" : String(span.occurrence), policy })),
  };
}
