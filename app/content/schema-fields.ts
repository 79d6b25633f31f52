import { z } from "zod";

/** Lowercase words joined by hyphens: `refunds-day-31`, `data-handling`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugField(key: string, example: string) {
  return z
    .string({ error: `${key} must be text, e.g. ${example}` })
    .regex(SLUG_PATTERN, `${key} must be lowercase letters and digits joined by hyphens, e.g. ${example}`);
}

/** Non-blank text, kept exactly as written (drafts are addressed by offsets, so nothing is trimmed). */
export function textField(key: string) {
  return z
    .string({ error: `${key} must be text` })
    .refine((value) => value.trim().length > 0, `${key} must not be empty`);
}

export function describeValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
