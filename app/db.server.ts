import { openConnection, type Connection } from "~/db/client.server";
import { getEnv } from "./env.server";

declare global {
  // One database per process: PGlite is a single connection, and the server
  // entry and the Remix build must share it rather than each opening one.
  var __redlineConnection: Promise<Connection> | undefined;
}

export function getConnection(): Promise<Connection> {
  if (!globalThis.__redlineConnection) {
    const env = getEnv();
    globalThis.__redlineConnection = openConnection({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
    });
  }
  return globalThis.__redlineConnection;
}

export async function getDb() {
  return (await getConnection()).db;
}
