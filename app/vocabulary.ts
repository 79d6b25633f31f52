/**
 * The product's words, in one module that imports nothing: the schema, the content parsers, the
 * domain and the UI all speak them, and the browser can load them without dragging a parser or
 * the table definitions along.
 */

export const ROLES = ["agent", "author", "leader", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** In the order of their number keys in the drill player. */
export const FLAW_TYPES = ["hallucination", "missing_citation", "fabricated_citation", "restricted_data", "tone"] as const;
export type FlawType = (typeof FLAW_TYPES)[number];
/** The flaw types in words, in the order of their number keys in the drill player. */
export const FLAW_LABELS: Record<FlawType, string> = {
  hallucination: "Hallucination",
  missing_citation: "Missing citation",
  fabricated_citation: "Fabricated citation",
  restricted_data: "Restricted data",
  tone: "Tone",
};

/** send = accept the AI draft; rewrite = override it; escalate = hand the case over. */
export const DECISIONS = ["send", "rewrite", "escalate"] as const;
export type Decision = (typeof DECISIONS)[number];
/** The decisions in words, as the drill player offers them. */
export const DECISION_LABELS: Record<Decision, string> = { send: "Send as is", rewrite: "Rewrite", escalate: "Escalate" };

export const CHANNELS = ["chat", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Draft-level outcome of an attempt (signal detection terms). */
export const OUTCOMES = ["hit", "miss", "false_alarm", "correct_rejection"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Skill tiers, lowest first (DESIGN: "skill tiers"). Everyone starts as an associate. */
export const TIERS = ["associate", "advanced", "specialist", "coach"] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = { associate: "Associate", advanced: "Advanced", specialist: "Specialist", coach: "Coach" };

/**
 * The languages the drill library is written in, and so the ones an agent can practise in. A
 * drill's `locale` belongs to the language of its primary subtag (`ja-JP` is Japanese).
 */
export const PRACTICE_LANGUAGES = ["en", "de", "es", "fr", "ja"] as const;
export type PracticeLanguage = (typeof PRACTICE_LANGUAGES)[number];

export const LANGUAGE_LABELS: Record<PracticeLanguage, string> = {
  en: "English",
  de: "German (Deutsch)",
  es: "Spanish (Español)",
  fr: "French (Français)",
  ja: "Japanese (日本語)",
};

/** "English, Japanese (日本語)". */
export function languageNames(languages: readonly PracticeLanguage[]) {
  return languages.map((language) => LANGUAGE_LABELS[language]).join(", ");
}

/** The practice language a drill locale belongs to, or null when the library has no such language. */
export function languageOfLocale(locale: string): PracticeLanguage | null {
  const primary = locale.split("-")[0]?.toLowerCase();
  return PRACTICE_LANGUAGES.find((language) => language === primary) ?? null;
}

export function isPracticeLanguage(value: unknown): value is PracticeLanguage {
  return PRACTICE_LANGUAGES.some((language) => language === value);
}

/** `draft`: a studio drill never published (never served); `active` is shown to people as "published". */
export const DRILL_STATUSES = ["draft", "active", "needs_review", "retired"] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const DRILL_STATUS_LABELS: Record<DrillStatus, string> = { draft: "Draft", active: "Published", needs_review: "Needs review", retired: "Retired" };

/** A drill or policy has one home: a file in the repository, or the web studio (DESIGN "Authoring"). */
export const CONTENT_ORIGINS = ["file", "studio"] as const;
export type ContentOrigin = (typeof CONTENT_ORIGINS)[number];

export function isFlawType(value: unknown): value is FlawType {
  return FLAW_TYPES.some((type) => type === value);
}

export function isDecision(value: unknown): value is Decision {
  return DECISIONS.some((decision) => decision === value);
}

/** What an agent did with a live AI-assist suggestion (production events). */
export const ASSIST_ACTIONS = ["accepted", "edited", "rejected"] as const;
export type AssistAction = (typeof ASSIST_ACTIONS)[number];

/** The per-flaw-type rows of the insight rollups, plus the row over all types. */
export const ALL_TYPES = "all" as const;

/** What a near-miss report is about (the report form's categories). */
export const NEAR_MISS_CATEGORIES = ["hallucination", "citation", "restricted_data", "bias", "unsafe_action", "tone", "other"] as const;
export type NearMissCategory = (typeof NEAR_MISS_CATEGORIES)[number];

/** The reporter's guess of how bad it was. */
export const NEAR_MISS_SEVERITIES = ["low", "medium", "high"] as const;
export type NearMissSeverity = (typeof NEAR_MISS_SEVERITIES)[number];

/** Triage: new → reviewing → actioned → closed. */
export const NEAR_MISS_STATUSES = ["new", "reviewing", "actioned", "closed"] as const;
export type NearMissStatus = (typeof NEAR_MISS_STATUSES)[number];

/** Who wrote an entry of a report's thread: the reporter, compliance to the reporter, or an internal triage note. */
export const NEAR_MISS_MESSAGE_KINDS = ["reporter", "reply", "triage_note"] as const;
export type NearMissMessageKind = (typeof NEAR_MISS_MESSAGE_KINDS)[number];

/**
 * A drill candidate from production (a reply the agent sent instead of the AI draft): new in the
 * inbox, turned into a drill, or dismissed. One the agent sent unchanged is `unchanged`: its id is
 * kept (a resent batch stays a duplicate), its texts are not, and it is never shown.
 */
export const DRILL_CANDIDATE_STATUSES = ["unchanged", "new", "drilled", "dismissed"] as const;
export type DrillCandidateStatus = (typeof DRILL_CANDIDATE_STATUSES)[number];
/** The statuses the inbox shows and filters by. */
export const INBOX_CANDIDATE_STATUSES = ["new", "drilled", "dismissed"] as const satisfies readonly DrillCandidateStatus[];
export const DRILL_CANDIDATE_STATUS_LABELS: Record<DrillCandidateStatus, string> = { unchanged: "Sent unchanged", new: "New", drilled: "Turned into a drill", dismissed: "Dismissed" };

/** ISO weekdays, Monday 1 to Sunday 7 (as PostgreSQL's isodow counts them). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { 1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday" };
/** A team's working days unless an admin sets others: the days a day streak counts. */
export const DEFAULT_WORKING_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

export function isWeekday(value: unknown): value is Weekday {
  return WEEKDAYS.some((day) => day === value);
}

/** Working days in words: "Monday to Friday", "Sunday to Thursday", "every day", or a list ("Monday, Wednesday"). */
export function workingDayNames(days: readonly Weekday[]): string {
  const set = new Set(days);
  if (set.size === 7) return "every day";
  const previous = (day: Weekday): Weekday => (day === 1 ? 7 : ((day - 1) as Weekday));
  const next = (day: Weekday): Weekday => (day === 7 ? 1 : ((day + 1) as Weekday));
  const starts = WEEKDAYS.filter((day) => set.has(day) && !set.has(previous(day)));
  const [start] = starts;
  if (starts.length === 1 && start !== undefined && set.size >= 3) {
    let end = start;
    while (set.has(next(end))) end = next(end);
    return `${WEEKDAY_LABELS[start]} to ${WEEKDAY_LABELS[end]}`;
  }
  return WEEKDAYS.filter((day) => set.has(day))
    .map((day) => WEEKDAY_LABELS[day])
    .join(", ");
}
