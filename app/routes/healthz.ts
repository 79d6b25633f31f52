import { getConnection } from "~/app/db.server";
import { logger } from "~/app/logger.server";

export async function loader() {
  const connection = await getConnection();
  try {
    await connection.ping();
    return Response.json({ ok: true, db: connection.kind });
  } catch (error) {
    logger.error({ err: error }, "health check: database unreachable");
    return Response.json({ ok: false, db: connection.kind }, { status: 503 });
  }
}
