/**
 * One page of a list already filtered and sorted: pages count from 1, and a page past the last
 * shows the last (a bookmarked page of a list that has since shrunk still shows something).
 */
export type Page<T> = { items: T[]; page: number; pages: number; first: number; last: number; total: number };

export function pageOf<T>(items: readonly T[], page: number | undefined, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, Math.floor(page ?? 1)), pages);
  const start = (current - 1) * size;
  const shown = items.slice(start, start + size);
  return { items: shown, page: current, pages, first: shown.length === 0 ? 0 : start + 1, last: start + shown.length, total: items.length };
}

/** A `?page=` parameter: absent is the first page; anything but a whole number from 1 is the first page, said so. */
export function parsePageParam(value: string | null): { page: number; problem: string | null } {
  if (value === null || value === "") return { page: 1, problem: null };
  const page = Number(value);
  return Number.isSafeInteger(page) && page >= 1 ? { page, problem: null } : { page: 1, problem: "page is a whole number from 1" };
}
