import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * A list that grows with the organisation (a row per agent) read as one JSON cell. Through drizzle
 * and postgres.js every row of a result costs the server a few microseconds (2,000 agents' tiers:
 * about 7 ms of CPU); one JSON cell is one JSON.parse (about 2 ms). PostgreSQL's JSON keys are
 * strings, and its timestamps ISO strings.
 */

/** `{key: value}` over the rows (`{}` when there are none). */
export function jsonObjectAgg<T>(key: SQLWrapper, value: SQLWrapper): SQL<Record<string, T>> {
  return sql<Record<string, T>>`coalesce(json_object_agg(${key}, ${value}), '{}')`;
}

/** The distinct values over the rows, as a JSON array (`[]` when there are none). */
export function jsonDistinct<T>(value: SQLWrapper): SQL<T[]> {
  return sql<T[]>`coalesce(json_agg(distinct ${value}), '[]')`;
}
