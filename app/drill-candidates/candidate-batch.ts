import { z } from "zod";
import { LOCALE_PATTERN } from "~/app/content/drill";
import { SECTION_ANCHOR } from "~/app/near-miss/report-form";
import { EXTERNAL_ID_MAX, reasonOf, storableText, type ItemError } from "~/app/production/events";
import { STUDIO_LIMITS } from "~/app/studio/studio-source";

/**
 * Drill candidates as the live assistant sends them: the customer's message, the AI draft and the
 * reply the agent sent. The rules one candidate must meet, and a batch checked item by item (one
 * bad candidate never sinks the good ones beside it), as for production events. Pure.
 */

/** At most this many candidates per request; more is refused as a whole (HTTP 413). */
export const MAX_BATCH_CANDIDATES = 1_000;
/** Room for 1,000 candidates of about 5 KB each; a larger body is refused unread (HTTP 413). The API's limit for every endpoint. */
export const MAX_CANDIDATE_BATCH_BYTES = 5 * 1024 * 1024;
/** Each text must fit the studio's fields, where a candidate's draft and message end up. */
export const CANDIDATE_TEXT_MAX = STUDIO_LIMITS.text;
export const POLICY_REFS_MAX = 20;
const ANCHOR_MAX = 120;

export type CandidateInput = {
  externalId: string;
  customerMessage: string;
  aiDraft: string;
  sentReply: string;
  locale: string | null;
  policyRefs: string[];
};

export type ValidatedCandidates = { size: number; valid: { index: number; candidate: CandidateInput }[]; errors: ItemError[] };

const anchor = z
  .string({ error: "each policy reference must be a section anchor, e.g. refunds.window" })
  .max(ANCHOR_MAX, `each policy reference must be at most ${ANCHOR_MAX} characters`)
  .regex(SECTION_ANCHOR, "each policy reference must be a section anchor, e.g. refunds.window");

export const candidateSchema = z
  .strictObject({
    externalId: storableText(EXTERNAL_ID_MAX),
    customerMessage: storableText(CANDIDATE_TEXT_MAX),
    aiDraft: storableText(CANDIDATE_TEXT_MAX),
    sentReply: storableText(CANDIDATE_TEXT_MAX),
    locale: z.string({ error: "must be a language tag such as en, ja, de or pt-BR" }).regex(LOCALE_PATTERN, "must be a language tag such as en, ja, de or pt-BR").nullish(),
    policyRefs: z.array(anchor, { error: "must be a list of section anchors" }).max(POLICY_REFS_MAX, `must list at most ${POLICY_REFS_MAX} sections`).nullish(),
  })
  .transform(
    (candidate): CandidateInput => ({
      externalId: candidate.externalId,
      customerMessage: candidate.customerMessage,
      aiDraft: candidate.aiDraft,
      sentReply: candidate.sentReply,
      locale: candidate.locale ?? null,
      policyRefs: [...new Set(candidate.policyRefs ?? [])],
    }),
  );

/** Checks every item on its own: the good ones go on to redaction and storage, each bad one is reported with its index. */
export function validateCandidates(items: readonly unknown[]): ValidatedCandidates {
  const batch: ValidatedCandidates = { size: items.length, valid: [], errors: [] };
  items.forEach((item, index) => {
    const parsed = candidateSchema.safeParse(item);
    if (parsed.success) batch.valid.push({ index, candidate: parsed.data });
    else batch.errors.push({ index, reason: reasonOf(parsed.error, "candidate") });
  });
  return batch;
}
