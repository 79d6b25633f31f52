import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql, type Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

/**
 * An open connection to the database. Its `db` is the query handle (`Db`) that every domain
 * module takes; migrating, the health check and closing are for the process that owns it.
 */
export type Connection = {
  db: Db;
  kind: DbKind;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

/**
 * `dataDir` undefined means an in-memory PGlite (tests). PGlite and its driver are loaded only
 * here: a server on PostgreSQL never needs them, and importing PGlite alone costs about 48 MB of
 * memory.
 */
export async function openPglite(dataDir?: string): Promise<Connection> {
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite"), import("drizzle-orm/pglite/migrator")]);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

/**
 * drizzle runs every query it did not `.prepare()` as an unnamed statement, and postgres.js then
 * needs two round trips for it: one to learn the parameters' types, one to run it. Marked
 * `prepare`, postgres.js keeps it as a named statement on the connection after its first run, so
 * each later run is one round trip and PostgreSQL parses it once (and plans it for its parameters
 * each time: `plan_cache_mode` in openPostgres). Each round trip wakes PostgreSQL's backend, which
 * on 2 cores takes the CPU from the server: this took about 5 ms of the server's CPU off an
 * insights page of 15 queries. Only queries of a few parameters: a list that binds one
 * parameter per item (an insert of a batch) would leave a statement per list length behind.
 * postgres.js forgets a connection's statements when it recycles the connection (`max_lifetime`).
 */
const MAX_PREPARED_PARAMETERS = 64;

type Client = postgres.Sql;
type Scoped = (sql: Client) => unknown;

/** The client drizzle is given: the same, with `unsafe` preparing, also inside transactions and savepoints. */
function preparing<T extends Client>(client: T): T {
  const scoped = (run: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const callback = args.at(-1) as Scoped;
    return run(...args.slice(0, -1), (sql: Client) => callback(preparing(sql)));
  };
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === "unsafe")
        return (query: string, params: postgres.ParameterOrJSON<never>[] = [], options: postgres.UnsafeQueryOptions = {}) =>
          target.unsafe(query, params, { ...options, prepare: options.prepare || (params.length > 0 && params.length <= MAX_PREPARED_PARAMETERS) });
      if ((key === "begin" || key === "savepoint") && typeof value === "function") return scoped((...args) => value.apply(target, args));
      return value;
    },
  });
}

/** `logger` sees every query's SQL and parameters (the submit benchmark records statements with it); none by default. */
export function openPostgres(url: string, options: { max?: number; logger?: Logger } = {}): Connection {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    // Prepared statements (preparing, above) save a round trip and the parsing, but PostgreSQL would plan
    // each one once for any parameters after five runs: such a generic plan cannot use a partial
    // index whose predicate is a parameter, and read every agent's rollups (5 × slower) instead.
    connection: { plan_cache_mode: "force_custom_plan" },
  });
  const db = drizzlePostgres(preparing(client), { schema, logger: options.logger });
  return {
    db,
    kind: "postgres",
    migrate: () => migratePostgres(db, { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export function openConnection(config: { databaseUrl?: string; dataDir: string }) {
  return config.databaseUrl
    ? Promise.resolve(openPostgres(config.databaseUrl))
    : openPglite(config.dataDir);
}
