import { z } from "zod";
import { isoWeekStart } from "./rollup-rows";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/**
 * The insights filters, read from a URL: teams (none = every team in scope), a window of 7, 30 or 90
 * days or custom dates, and a flaw type. The rollups count ISO weeks, so a window covers the whole
 * weeks that hold its days, and every figure, chart and export of a page says which weeks.
 */

const WINDOWS = ["7", "30", "90", "custom"] as const;
export type WindowChoice = (typeof WINDOWS)[number];
const DEFAULT_WINDOW = "30" satisfies WindowChoice;
/** The longest custom window, so a chart never gets more points than a page can show. */
const MAX_WINDOW_DAYS = 3 * 366;

export type InsightFilters = {
  teamIds: number[];
  window: WindowChoice;
  /** The days asked for, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  flawType: FlawType | null;
};

/** The ISO weeks a window covers (Mondays, in order) and the instants they span, `until` exclusive. */
export type WeekRange = { weeks: string[]; firstWeek: string; lastWeek: string; since: Date; until: Date };

const DAY_MS = 24 * 60 * 60 * 1000;
const day = (at: Date) => at.toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string) {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && day(new Date(`${value}T00:00:00Z`)) === value;
}

export function weekRange({ from, to }: { from: string; to: string }): WeekRange {
  const firstWeek = isoWeekStart(new Date(`${from}T00:00:00Z`));
  const lastWeek = isoWeekStart(new Date(`${to}T00:00:00Z`));
  const weeks: string[] = [];
  for (let at = Date.parse(`${firstWeek}T00:00:00Z`); at <= Date.parse(`${lastWeek}T00:00:00Z`); at += 7 * DAY_MS) weeks.push(day(new Date(at)));
  return { weeks, firstWeek, lastWeek, since: new Date(`${firstWeek}T00:00:00Z`), until: new Date(Date.parse(`${lastWeek}T00:00:00Z`) + 7 * DAY_MS) };
}

const ParamsSchema = z.object({
  team: z.array(z.coerce.number().int().positive()).catch([]),
  window: z.enum(WINDOWS).catch(DEFAULT_WINDOW),
  from: z.string().optional(),
  to: z.string().optional(),
  type: z.enum(FLAW_TYPES).optional().catch(undefined),
});

/** The filters in a URL's query, the weeks they cover, and what was wrong with custom dates (then the default window applies). */
export function parseFilters(params: URLSearchParams, now = new Date()): { filters: InsightFilters; range: WeekRange; problem: string | null } {
  const raw = ParamsSchema.parse({
    team: params.getAll("team"),
    window: params.get("window") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    type: params.get("type") || undefined,
  });
  const base = { teamIds: [...new Set(raw.team)], flawType: raw.type ?? null };
  const lastDays = (window: Exclude<WindowChoice, "custom">) => {
    const to = day(now);
    const from = day(new Date(now.getTime() - (Number(window) - 1) * DAY_MS));
    return { filters: { ...base, window, from, to }, range: weekRange({ from, to }) };
  };
  if (raw.window !== "custom") return { ...lastDays(raw.window), problem: null };
  const problem = customProblem(raw.from ?? "", raw.to ?? "");
  if (problem) return { ...lastDays(DEFAULT_WINDOW), problem };
  const from = raw.from ?? "";
  const to = raw.to ?? "";
  return { filters: { ...base, window: "custom", from, to }, range: weekRange({ from, to }), problem: null };
}

function customProblem(from: string, to: string): string | null {
  if (!isDate(from) || !isDate(to)) return "Custom dates need a start and an end date (YYYY-MM-DD); showing the last 30 days.";
  if (from > to) return "The start date is after the end date; showing the last 30 days.";
  if (Date.parse(to) - Date.parse(from) > MAX_WINDOW_DAYS * DAY_MS) return `A custom window can span at most ${MAX_WINDOW_DAYS} days; showing the last 30 days.`;
  return null;
}

/** The query string that reproduces these filters (for links between pages and to the CSV export). */
export function filterQuery(filters: InsightFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const teamId of filters.teamIds) params.append("team", String(teamId));
  params.set("window", filters.window);
  if (filters.window === "custom") {
    params.set("from", filters.from);
    params.set("to", filters.to);
  }
  if (filters.flawType) params.set("type", filters.flawType);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
