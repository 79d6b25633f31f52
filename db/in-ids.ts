import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any('{1,2,…}'::int[])`: an integer column in a list of ids, bound as one parameter.
 * For lists that grow with the organisation (every agent's id): `inArray` binds one parameter per
 * id, and at 2,000 ids binding and planning them cost more than the query.
 */
export function inIds(column: AnyPgColumn, ids: readonly number[]): SQL {
  return sql`${column} = any(${idList(ids)}::int[])`;
}

/** The same test against a placeholder of a prepared query (db/prepared.ts), given `idList(ids)` when run. */
export function inIdsPlaceholder(column: AnyPgColumn, name: string): SQL {
  return sql`${column} = any(${sql.placeholder(name)}::int[])`;
}

/** Ids as PostgreSQL's array literal, `{1,2,…}`. */
export function idList(ids: readonly number[]): string {
  const bad = ids.find((id) => !Number.isSafeInteger(id));
  if (bad !== undefined) throw new TypeError(`inIds takes whole numbers, got ${bad}`);
  return `{${ids.join(",")}}`;
}
