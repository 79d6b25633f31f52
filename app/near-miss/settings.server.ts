import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { DEFAULT_SMALL_CELL_K, StoredNearMissSettingsSchema } from "./settings";

const KEY = "near_miss";

/** The k in force: the organisation's setting, or 5. */
export async function smallCellK({ db }: { db: Db }): Promise<{ k: number; source: "organisation" | "built-in" }> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  const parsed = row ? StoredNearMissSettingsSchema.safeParse(row.value) : null;
  return parsed?.success ? { k: parsed.data.k, source: "organisation" } : { k: DEFAULT_SMALL_CELL_K, source: "built-in" };
}

/** Sets k (admins only, by the route), audited with the values before and after. */
export async function saveSmallCellK({ db, actorId, k }: { db: Db; actorId: number; k: number }) {
  const value = StoredNearMissSettingsSchema.parse({ k });
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY)).for("update");
    const now = new Date();
    await tx.insert(settings).values({ key: KEY, value, updatedAt: now, updatedBy: actorId }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actorId } });
    await recordAudit(tx, { actorId, action: "settings.near_miss.update", targetType: "settings", targetId: KEY, details: { before: before?.value ?? null, after: value } });
  });
}
