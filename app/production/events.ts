import { z } from "zod";
import { unstorableCharacter } from "~/app/text/storable";
import { ASSIST_ACTIONS, type AssistAction } from "~/app/vocabulary";

/**
 * Production AI-assist events as the live assistant sends them (DESIGN "Production AI-assist
 * events"): the rules one event must meet, and a batch checked item by item so one bad event
 * never sinks the good ones beside it. Pure: the API route and the CSV upload both use it.
 */

/** At most this many events per request or upload; more is refused as a whole (HTTP 413). */
export const MAX_BATCH_EVENTS = 5_000;
/** Room for 5,000 events of about 1 KB each; a larger body is refused unread (HTTP 413). */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;
export const EXTERNAL_ID_MAX = 200;
export const AGENT_REF_MAX = 200;
export const SUGGESTION_KIND_MAX = 64;
const EMAIL_MAX = 254;
/** The assistant's clock may run a little ahead of ours; a day ahead is a bug, not skew. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;
const EARLIEST = Date.UTC(2000, 0, 1);

/** Who the event is about: by email, or by the assistant's own id for the agent (`users.agentRef`). */
export type AgentKey = { email: string } | { ref: string };

export type AssistEvent = {
  externalId: string;
  agent: AgentKey;
  occurredAt: Date;
  action: AssistAction;
  /** null when the assistant names no kind. */
  suggestionKind: string | null;
  /** Share of the suggestion the agent changed (0–1); only an edit carries one, and only when reported. */
  editRatio: number | null;
};

export type ItemError = { index: number; reason: string };

export type ValidatedBatch = {
  size: number;
  valid: { index: number; event: AssistEvent }[];
  errors: ItemError[];
};

/** A string PostgreSQL can store (no NUL, no broken surrogate), of 1 to `max` characters. */
export function storableText(max: number) {
  return z
    .string({ error: "must be a string" })
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, ctx) => {
      const bad = unstorableCharacter(value);
      if (bad) ctx.addIssue({ code: "custom", message: `contains ${bad}` });
    });
}

/** The schema of one event; `now` bounds how far in the future `occurredAt` may lie. */
export function assistEventSchema({ now = new Date() }: { now?: Date } = {}) {
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  return z
    .strictObject({
      externalId: storableText(EXTERNAL_ID_MAX),
      agentEmail: z.email({ error: "must be an email address" }).max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`).nullish(),
      agentRef: storableText(AGENT_REF_MAX).nullish(),
      occurredAt: z.iso
        .datetime({ offset: true, error: "must be an ISO 8601 time with a time zone, e.g. 2026-03-02T14:05:00Z" })
        .transform((value) => new Date(value))
        .refine((at) => at.getTime() >= EARLIEST, "must not be before 2000")
        .refine((at) => at.getTime() <= latest, "must not be more than a day in the future"),
      action: z.enum(ASSIST_ACTIONS, { error: `must be one of ${ASSIST_ACTIONS.map((action) => `"${action}"`).join(", ")}` }),
      suggestionKind: storableText(SUGGESTION_KIND_MAX).nullish(),
      editRatio: z.number({ error: "must be a number from 0 to 1" }).min(0, "must be from 0 to 1").max(1, "must be from 0 to 1").nullish(),
    })
    .superRefine((event, ctx) => {
      const hasEmail = event.agentEmail != null;
      const hasRef = event.agentRef != null;
      if (hasEmail === hasRef) {
        ctx.addIssue({ code: "custom", path: [hasEmail ? "agentRef" : "agentEmail"], message: hasEmail ? "give agentEmail or agentRef, not both" : "give agentEmail or agentRef" });
      }
      if (event.editRatio != null && event.action !== "edited") {
        ctx.addIssue({ code: "custom", path: ["editRatio"], message: `only an edited suggestion has an edit ratio (this one was ${event.action})` });
      }
    })
    .transform(
      (event): AssistEvent => ({
        externalId: event.externalId,
        agent: event.agentEmail != null ? { email: event.agentEmail } : { ref: event.agentRef ?? "" },
        occurredAt: event.occurredAt,
        action: event.action,
        suggestionKind: event.suggestionKind ?? null,
        editRatio: event.editRatio ?? null,
      }),
    );
}

/** One reason per refused item, naming the fields: `editRatio: must be from 0 to 1; action: must be one of …`. */
export function reasonOf(error: z.ZodError, item = "event"): string {
  const reasons: string[] = [];
  for (const issue of error.issues) {
    let reason: string;
    if (issue.code === "unrecognized_keys") reason = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
    else if (issue.path.length === 0) reason = issue.code === "invalid_type" ? `each ${item} must be a JSON object` : issue.message;
    else reason = `${issue.path.map(String).join(".")}: ${issue.message}`;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons.join("; ");
}

/** Checks every item of a batch on its own: the good ones go on to ingestion, each bad one is reported with its index. */
export function validateBatch(items: readonly unknown[], { now = new Date() }: { now?: Date } = {}): ValidatedBatch {
  const schema = assistEventSchema({ now });
  const batch: ValidatedBatch = { size: items.length, valid: [], errors: [] };
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) batch.valid.push({ index, event: parsed.data });
    else batch.errors.push({ index, reason: reasonOf(parsed.error) });
  });
  return batch;
}
