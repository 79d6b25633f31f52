import { NEAR_MISS_CATEGORIES, NEAR_MISS_STATUSES, type NearMissCategory, type NearMissStatus } from "~/app/vocabulary";
import { isIsoWeek } from "./clocks";
import { SECTION_ANCHOR } from "./report-form";

export type InboxFilterValues = { status?: NearMissStatus; category?: NearMissCategory; section?: string; week?: string };
export type InboxFilterProblems = Partial<Record<keyof InboxFilterValues, string>>;

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return values.some((candidate) => candidate === value);
}

/**
 * The inbox's filters from its URL. A value that is not one of the choices is dropped and said so
 * at its field (never a 500, never repeated back: it may be anything).
 */
export function parseInboxFilters(params: URLSearchParams): { filters: InboxFilterValues; problems: InboxFilterProblems } {
  const filters: InboxFilterValues = {};
  const problems: InboxFilterProblems = {};
  const status = params.get("status") ?? "";
  if (status !== "") {
    if (oneOf(NEAR_MISS_STATUSES, status)) filters.status = status;
    else problems.status = "Pick a status from the list.";
  }
  const category = params.get("category") ?? "";
  if (category !== "") {
    if (oneOf(NEAR_MISS_CATEGORIES, category)) filters.category = category;
    else problems.category = "Pick a category from the list.";
  }
  const section = params.get("section") ?? "";
  if (section !== "") {
    if (SECTION_ANCHOR.test(section) && section.length <= 120) filters.section = section;
    else problems.section = "Pick a policy section from the list.";
  }
  const week = (params.get("week") ?? "").trim().toUpperCase();
  if (week !== "") {
    if (isIsoWeek(week)) filters.week = week;
    else problems.week = "Give the week as an ISO week, e.g. 2026-W49.";
  }
  return { filters, problems };
}

export function inboxQuery(filters: InboxFilterValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}
