import { randomUUID } from "node:crypto";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openPglite, openPostgres, type Connection } from "~/db/client.server";
import * as schema from "~/db/schema";
import { syncLibrary } from "~/app/content/sync.server";

/**
 * An isolated, freshly migrated database for one test file: an in-memory
 * PGlite by default, or a new database on the server in TEST_DATABASE_URL
 * (dropped again on close).
 */
export async function createTestDatabase(): Promise<Connection & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const connection = await openPglite();
    await connection.migrate();
    return connection;
  }
  const name = `redline_test_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = openPostgres(url.toString(), { max: 60 });
  await connection.migrate();
  return {
    ...connection,
    url: url.toString(),
    async close() {
      await connection.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Every table the schema defines, so a new table is reset without anyone remembering to list it. */
export const TABLES = Object.values(schema).flatMap((value: unknown) => (is(value, PgTable) ? [getTableName(value)] : []));

export async function resetDatabase(connection: Connection) {
  await connection.db.execute(`truncate ${TABLES.map((name) => `"${name}"`).join(", ")} restart identity cascade`);
}

export const FIXTURE_LIBRARY = { policiesDir: "tests/fixtures/content/valid/policies", drillsDir: "tests/fixtures/content/valid/drills" };

/** Imports the small valid fixture library (2 policies, 5 drills). */
export async function importFixtureLibrary(connection: Connection) {
  const result = await syncLibrary({ db: connection.db, directories: FIXTURE_LIBRARY });
  if (!result.ok) throw new Error("the fixture library did not sync");
}

/**
 * One test file's database: created before its tests, closed after them, and emptied before each
 * test (then given the fixture library when asked). The returned connection is usable inside
 * tests and hooks, once the database exists.
 */
export function useTestDatabase({ fixtureLibrary = false }: { fixtureLibrary?: boolean } = {}): Connection & { url?: string } {
  let current: (Connection & { url?: string }) | undefined;
  const opened = () => {
    if (!current) throw new Error("the test database is opened in beforeAll; use it inside tests and hooks");
    return current;
  };
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(() => current?.close());
  beforeEach(async () => {
    await resetDatabase(opened());
    if (fixtureLibrary) await importFixtureLibrary(opened());
  });
  return new Proxy({} as Connection & { url?: string }, { get: (_target, key) => Reflect.get(opened(), key) });
}
