import type { FlawType } from "~/app/vocabulary";

/**
 * Types a flaw counts as correctly typed with beyond its own, whatever the drill says: a claim
 * resting on a citation that does not say it is also unsupported, so a fabricated citation may be
 * marked as a hallucination.
 */
const ACCEPTED_BY_DEFAULT: Partial<Record<FlawType, readonly FlawType[]>> = { fabricated_citation: ["hallucination"] };

/** The types that count as correctly typed for the flaw: its own, its `accept:` list and the defaults. */
export function acceptedTypes(flaw: { type: FlawType; accept?: readonly FlawType[] }): ReadonlySet<FlawType> {
  return new Set([flaw.type, ...(flaw.accept ?? []), ...(ACCEPTED_BY_DEFAULT[flaw.type] ?? [])]);
}

