import { isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { policies } from "~/db/schema";
import { detect, isDetectorId, type DetectorId } from "~/app/content/detectors";

// Every submission needs these and they change only when the library does: a
// short cache saves a query per attempt, and a sync shows within seconds.
const RESTRICTED_TTL_MS = 10_000;
const restrictedCache = new WeakMap<Db, { at: number; detectors: DetectorId[] }>();

/** The detectors of the restricted categories the live policies declare. */
export async function restrictedDetectors({ db, now = Date.now() }: { db: Db; now?: number }): Promise<DetectorId[]> {
  const cached = restrictedCache.get(db);
  if (cached && now - cached.at < RESTRICTED_TTL_MS) return cached.detectors;
  const rows = await db.select({ restricted: policies.restricted }).from(policies).where(isNull(policies.retiredAt));
  const detectors = [...new Set(rows.flatMap((r) => r.restricted.map((c) => c.detector)).filter(isDetectorId))];
  restrictedCache.set(db, { at: now, detectors });
  return detectors;
}

export function restrictedFinder(detectors: readonly DetectorId[]) {
  return (text: string) => (detectors.length === 0 ? [] : detect(text, detectors));
}
