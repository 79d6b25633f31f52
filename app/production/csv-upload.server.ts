import type { Db } from "~/db/client.server";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { eventsFromCsv, type LineError } from "./csv";
import { validateBatch } from "./events";
import { ingestEvents } from "./events.server";

export type UploadResult = { rows: number; accepted: number; duplicates: number; rejected: number; errors: LineError[] };

/**
 * Ingests a CSV file of production events as the API would a batch (same schema, same ingestion,
 * one transaction), reporting each refused row by its line. A file that cannot be read as a whole
 * (no header, unknown columns, too many rows) is refused with an InputError on `field`.
 */
export async function uploadEventsCsv({ db, actorId, text, field, now = new Date() }: { db: Db; actorId: number; text: string; field: string; now?: Date }): Promise<UploadResult> {
  const parsed = eventsFromCsv(text);
  if (!parsed.ok) throw new InputError(field, parsed.error);
  const batch = validateBatch(
    parsed.items.map(({ item }) => item),
    { now },
  );
  return db.transaction(async (tx) => {
    const result = await ingestEvents({ db: tx, batch });
    const errors = [...parsed.errors, ...result.errors.map(({ index, reason }) => ({ line: parsed.items[index]?.line ?? 0, reason }))].sort((a, b) => a.line - b.line);
    const summary = { rows: parsed.items.length + parsed.errors.length, accepted: result.accepted, duplicates: result.duplicates, rejected: errors.length, errors };
    await recordAudit(tx, {
      actorId,
      action: "assist_events.upload",
      targetType: "assist_events",
      targetId: null,
      details: { rows: summary.rows, accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected },
    });
    return summary;
  });
}
