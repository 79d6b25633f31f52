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

/** `logger` sees every query's SQL and parameters (the submit benchmark records statements with it); none by default. */
export function openPostgres(url: string, options: { max?: number; logger?: Logger } = {}): Connection {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
  });
  const db = drizzlePostgres(client, { schema, logger: options.logger });
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
