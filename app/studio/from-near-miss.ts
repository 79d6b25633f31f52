import type { FlawType, NearMissCategory } from "~/app/vocabulary";
import { flawFields, type StudioFields } from "./studio-source";

/** The flaw type a near-miss category proposes; bias, unsafe actions and "other" have none of their own. */
const PROPOSED_TYPE: Partial<Record<NearMissCategory, FlawType>> = {
  hallucination: "hallucination",
  citation: "missing_citation",
  restricted_data: "restricted_data",
  tone: "tone",
};

/** A drill id for the report: its week and the start of its random id, e.g. near-miss-2026-w48-3f9a1c2e. */
export function nearMissDrillId(report: { id: string; week: string }) {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `near-miss-${slug(report.week)}-${slug(report.id).replace(/-/g, "").slice(0, 8)}`;
}

/**
 * A studio draft started from a near-miss report: the report's text (redacted when it was filed)
 * as the AI draft, its category as the proposed flaw's type and its first named section as that
 * flaw's policy. The author still picks the flaw's words, writes the customer message and the
 * explanation: the validator says so at each field until they do.
 */
export function nearMissDrillFields(report: { id: string; week: string; category: NearMissCategory; whatHappened: string; sections: readonly string[] }): StudioFields {
  const type = PROPOSED_TYPE[report.category];
  return {
    id: nearMissDrillId(report),
    title: `From near-miss ${report.week}`,
    locale: "en",
    channel: "email",
    skills: "",
    difficulty: "2",
    customer: "",
    draft: report.whatHappened,
    expected: "",
    escalation: "",
    flaws: type ? [flawFields({ type, policy: report.sections[0] ?? "" })] : [],
  };
}
