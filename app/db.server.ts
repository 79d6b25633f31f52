import { openDatabase, type Database } from "~/db/client.server";
import { getEnv } from "./env.server";

declare global {
  // One database per process: PGlite is a single connection, and the server
  // entry and the Remix build must share it rather than each opening one.
  var __redlineDatabase: Promise<Database> | undefined;
}

export function getDatabase(): Promise<Database> {
  if (!globalThis.__redlineDatabase) {
    const env = getEnv();
    globalThis.__redlineDatabase = openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
    });
  }
  return globalThis.__redlineDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
