import { getTableColumns } from "drizzle-orm";
import postgres from "postgres";
import { attempts } from "~/db/schema";

/** What the floors send as a statement parameter: JSON and timestamps as text, as drizzle sends them. */
export type Param = string | number | boolean | null;

/**
 * The floors' bare postgres.js pool, with the serialisers drizzle sets on its own client
 * (drizzle-orm/postgres-js/driver): drizzle sends JSON and timestamps as text it serialised
 * itself, and postgres.js would otherwise encode that text again (a JSON value stored as a
 * JSON string). So the floors send the bytes the app sends.
 */
export function openFloorPool(url: string, max: number) {
  const sql = postgres(url, { max, onnotice: () => {}, connect_timeout: 5 });
  const asIs = (value: unknown) => value;
  for (const type of [1184, 1082, 1083, 1114, 1182, 1185, 1115, 1231]) {
    sql.options.parsers[type] = asIs;
    sql.options.serializers[type] = asIs;
  }
  sql.options.serializers[114] = asIs;
  sql.options.serializers[3802] = asIs;
  return sql;
}

/** Ids as one int[] parameter, in PostgreSQL's array literal (cast it with ::int[]). */
export function intArray(ids: number[]) {
  return `{${ids.join(",")}}`;
}

/**
 * How many of these agents' attempts hold a JSON string in a JSON column, which the app never
 * stores: the mark of JSON text encoded a second time on its way to the database.
 */
export async function attemptsWithJsonAsText(sql: postgres.Sql, userIds: number[]) {
  let found = 0;
  for (const column of Object.values(getTableColumns(attempts))) {
    if (column.columnType !== "PgJsonb") continue;
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from attempts
      where user_id = any(${intArray(userIds)}::int[]) and jsonb_typeof(${sql(column.name)}) = 'string'`;
    found += row?.n ?? 0;
  }
  return found;
}
