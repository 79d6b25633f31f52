import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { DEFAULT_MIN_ATTEMPTS, MIN_ATTEMPTS_RANGE, StoredItemAnalysisSettingsSchema } from "./settings";

const KEY = "item_analysis";

/** The minimum in force: the organisation's setting, or 20. */
export async function itemAnalysisMinAttempts({ db }: { db: Db }): Promise<{ minAttempts: number; source: "organisation" | "built-in" }> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  const parsed = row ? StoredItemAnalysisSettingsSchema.safeParse(row.value) : null;
  return parsed?.success ? { minAttempts: parsed.data.minAttempts, source: "organisation" } : { minAttempts: DEFAULT_MIN_ATTEMPTS, source: "built-in" };
}

/** Sets the minimum (admins only, by the route), audited with the values before and after. */
export async function saveItemAnalysisMinAttempts({ db, actorId, minAttempts }: { db: Db; actorId: number; minAttempts: number }) {
  const parsed = StoredItemAnalysisSettingsSchema.safeParse({ minAttempts });
  if (!parsed.success) throw new InputError("minAttempts", `The minimum must be a whole number of attempts from ${MIN_ATTEMPTS_RANGE.min} to ${MIN_ATTEMPTS_RANGE.max}.`);
  const value = parsed.data;
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY)).for("update");
    const now = new Date();
    await tx.insert(settings).values({ key: KEY, value, updatedAt: now, updatedBy: actorId }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actorId } });
    await recordAudit(tx, { actorId, action: "settings.item_analysis.update", targetType: "settings", targetId: KEY, details: { before: before?.value ?? null, after: value } });
  });
}
