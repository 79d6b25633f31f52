import { z } from "zod";
import type { Discrimination, HintKind } from "~/app/item-analysis/item-analysis";
import { CONTENT_ORIGINS, DRILL_STATUSES, FLAW_TYPES, type ContentOrigin, type DrillStatus, type FlawType } from "~/app/vocabulary";

/**
 * One row of the studio's drill list. `facility` (the share of first attempts with the right
 * draft-level decision), `discrimination` and `hints` are the item analysis, null and empty below
 * the minimum number of first attempts.
 */
export type DrillListRow = {
  id: string;
  origin: ContentOrigin;
  file: string | null;
  status: DrillStatus;
  title: string;
  locale: string;
  flawTypes: FlawType[];
  difficulty: number | null;
  firstAttempts: number;
  facility: number | null;
  discrimination: Discrimination | null;
  hints: HintKind[];
  changedAt: string;
  unpublished: boolean;
};

export const DRILL_LIST_SORTS = ["attention", "changed", "title", "attempts", "facility", "discrimination", "hints"] as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The list's filters as the query string carries them; anything unknown is refused at its parameter. */
export const drillListQuerySchema = z.object({
  q: optional(z.string().max(200, "search is at most 200 characters")),
  status: optional(z.enum(DRILL_STATUSES, { error: `status is one of ${DRILL_STATUSES.join(", ")}` })),
  origin: optional(z.enum(CONTENT_ORIGINS, { error: "origin is file or studio" })),
  locale: optional(z.string().regex(/^[a-zA-Z-]{2,12}$/, "locale is a language tag such as en or ja")),
  type: optional(z.enum(FLAW_TYPES, { error: `type is one of ${FLAW_TYPES.join(", ")}` })),
  sort: optional(z.enum(DRILL_LIST_SORTS, { error: `sort is one of ${DRILL_LIST_SORTS.join(", ")}` })),
  page: optional(z.coerce.number({ error: "page is a whole number from 1" }).int("page is a whole number from 1").min(1, "page is a whole number from 1").max(1_000_000, "page is at most 1,000,000")),
});

/** Drills per page of the list: a library of thousands is read a page at a time. */
export const DRILL_LIST_PAGE_SIZE = 50;
export type DrillListQuery = z.output<typeof drillListQuerySchema>;

/** Drafts and drills needing review come first: they are what an author has to act on. */
const ATTENTION: Record<DrillStatus, number> = { draft: 0, needs_review: 1, active: 2, retired: 3 };

export function filterAndSortDrills(rows: readonly DrillListRow[], query: DrillListQuery): DrillListRow[] {
  const needle = query.q?.trim().toLocaleLowerCase();
  const kept = rows.filter(
    (row) =>
      (!needle || `${row.id} ${row.title} ${row.file ?? ""}`.toLocaleLowerCase().includes(needle)) &&
      (!query.status || row.status === query.status) &&
      (!query.origin || row.origin === query.origin) &&
      (!query.locale || row.locale === query.locale) &&
      (!query.type || row.flawTypes.includes(query.type)),
  );
  const byTitle = (a: DrillListRow, b: DrillListRow) => a.title.localeCompare(b.title, "en") || a.id.localeCompare(b.id);
  const compare: Record<(typeof DRILL_LIST_SORTS)[number], (a: DrillListRow, b: DrillListRow) => number> = {
    attention: (a, b) => ATTENTION[a.status] - ATTENTION[b.status] || Number(b.unpublished) - Number(a.unpublished) || b.changedAt.localeCompare(a.changedAt) || byTitle(a, b),
    changed: (a, b) => b.changedAt.localeCompare(a.changedAt) || byTitle(a, b),
    title: byTitle,
    attempts: (a, b) => b.firstAttempts - a.firstAttempts || byTitle(a, b),
    // Lowest facility first (the hardest drills, or wrong keys); drills nobody took last.
    facility: (a, b) => (a.facility ?? 2) - (b.facility ?? 2) || byTitle(a, b),
    // Lowest discrimination first (the drills most likely to need revision); unmeasured last.
    discrimination: (a, b) => (a.discrimination?.index ?? 2) - (b.discrimination?.index ?? 2) || byTitle(a, b),
    hints: (a, b) => b.hints.length - a.hints.length || byTitle(a, b),
  };
  return [...kept].sort(compare[query.sort ?? "attention"]);
}
