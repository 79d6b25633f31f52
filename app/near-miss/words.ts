import type { NearMissCategory, NearMissSeverity, NearMissStatus } from "~/app/vocabulary";
import type { ClockState } from "./clocks";

/**
 * How the near-miss channel names its words on pages. The lists themselves are in
 * `app/vocabulary.ts`; this module imports nothing else, so the report form can load it.
 */

export const CATEGORY_LABELS: Record<NearMissCategory, string> = {
  hallucination: "Hallucination (a fact, promise or policy the sources do not support)",
  citation: "Missing or fabricated citation",
  restricted_data: "Restricted data exposed",
  bias: "Biased or unfair output",
  unsafe_action: "Unsafe automated action",
  tone: "Tone",
  other: "Other",
};

/** Short forms for tables and filters. */
export const CATEGORY_SHORT_LABELS: Record<NearMissCategory, string> = {
  hallucination: "Hallucination",
  citation: "Citation",
  restricted_data: "Restricted data",
  bias: "Bias",
  unsafe_action: "Unsafe action",
  tone: "Tone",
  other: "Other",
};

export const SEVERITY_LABELS: Record<NearMissSeverity, string> = {
  low: "Low: caught in time, no one affected",
  medium: "Medium: a customer could have been misled or inconvenienced",
  high: "High: money, safety, legal exposure or restricted data at stake",
};

export const STATUS_LABELS: Record<NearMissStatus, string> = {
  new: "New",
  reviewing: "Reviewing (acknowledged)",
  actioned: "Actioned",
  closed: "Closed",
};

/**
 * The triage moves: forward along new → reviewing → actioned → closed, a report that needs no
 * action closed straight from reviewing, and a closed one reopened for review (when the reporter
 * writes again). Every move takes a note.
 */
export const STATUS_MOVES: Record<NearMissStatus, readonly NearMissStatus[]> = {
  new: ["reviewing"],
  reviewing: ["actioned", "closed"],
  actioned: ["closed"],
  closed: ["reviewing"],
};

export function canMove(from: NearMissStatus, to: NearMissStatus): boolean {
  return STATUS_MOVES[from].includes(to);
}

export const SEVERITY_SHORT_LABELS: Record<NearMissSeverity, string> = { low: "Low", medium: "Medium", high: "High" };

/** A clock of promise 7 in a few words, for the inbox. */
export function clockText(clock: ClockState, what: string): string {
  if (clock.state === "done") return `${what}: done`;
  if (clock.state === "overdue") return `${what} overdue since ${clock.due}`;
  return `${what} due by ${clock.due}${clock.daysLeft === 0 ? " (today)" : ""}`;
}
