import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any('{1,2,…}'::int[])`: an integer column in a list of ids, bound as one parameter.
 * For lists that grow with the organisation (every agent's id): `inArray` binds one parameter per
 * id, and at 2,000 ids binding and planning them cost more than the query.
 */
export function inIds(column: AnyPgColumn, ids: readonly number[]): SQL {
  const bad = ids.find((id) => !Number.isSafeInteger(id));
  if (bad !== undefined) throw new TypeError(`inIds takes whole numbers, got ${bad}`);
  return sql`${column} = any(${`{${ids.join(",")}}`}::int[])`;
}
