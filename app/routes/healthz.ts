import { getDatabase } from "~/app/db.server";
import { logger } from "~/app/logger.server";

export async function loader() {
  const database = await getDatabase();
  try {
    await database.ping();
    return Response.json({ ok: true, db: database.kind });
  } catch (error) {
    logger.error({ err: error }, "health check: database unreachable");
    return Response.json({ ok: false, db: database.kind }, { status: 503 });
  }
}
