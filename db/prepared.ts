import type { Db } from "./client.server";

/**
 * A query built once per database handle, then run with its placeholders filled. drizzle renders a
 * query's SQL on every call (about 2–3 ms of CPU for a query of 30 sums, most of an insights
 * page's query time in Node); a prepared query is rendered once (postgres.js keeps every query of
 * a few parameters as a named statement on its connection: db/client.server.ts). Keyed by the handle, so
 * each test database and transaction gets its own.
 */
const built = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let queries = built.get(db);
  if (!queries) built.set(db, (queries = new Map()));
  if (!queries.has(name)) queries.set(name, build(db));
  return queries.get(name) as T;
}
