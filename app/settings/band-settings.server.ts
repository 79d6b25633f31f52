import { eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { scopedTeam, type Viewer } from "~/app/insights/scope.server";
import { bandSettingsProblems, DEFAULT_BAND_SETTINGS, fromPercent, StoredBandSettingsSchema, type BandSettings, type BandSettingsPercent } from "./band-settings";

/**
 * Band settings in the `settings` table: the organisation's defaults under one key, a team's
 * override under its own. A team's override wins over the organisation's defaults, which win
 * over the built-in ones. Every change is audited with the values before and after.
 */

const ORGANISATION_KEY = "bands";
const teamKey = (teamId: number) => `bands:team:${teamId}`;

export type BandSource = "team" | "organisation" | "built-in";
export type EffectiveBands = { settings: BandSettings; source: BandSource };

function parsed(value: unknown): BandSettings | null {
  const result = StoredBandSettingsSchema.safeParse(value);
  return result.success ? result.data : null;
}

export async function organisationBands({ db }: { db: Db }): Promise<EffectiveBands> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, ORGANISATION_KEY));
  const stored = row ? parsed(row.value) : null;
  return stored ? { settings: stored, source: "organisation" } : { settings: DEFAULT_BAND_SETTINGS, source: "built-in" };
}

/** The settings each team's bands use, read once for many teams. */
export async function bandsForTeams({ db, teamIds }: { db: Db; teamIds: readonly number[] }): Promise<(teamId: number) => EffectiveBands> {
  const keys = [ORGANISATION_KEY, ...teamIds.map(teamKey)];
  const rows = await db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, keys));
  const stored = new Map(rows.map((row) => [row.key, parsed(row.value)]));
  const organisation = stored.get(ORGANISATION_KEY);
  const fallback: EffectiveBands = organisation ? { settings: organisation, source: "organisation" } : { settings: DEFAULT_BAND_SETTINGS, source: "built-in" };
  return (teamId) => {
    const own = stored.get(teamKey(teamId));
    return own ? { settings: own, source: "team" } : fallback;
  };
}

export async function teamBands({ db, teamId }: { db: Db; teamId: number }): Promise<EffectiveBands> {
  return (await bandsForTeams({ db, teamIds: [teamId] }))(teamId);
}

function validated(values: BandSettingsPercent): BandSettings {
  const [problem] = bandSettingsProblems(values);
  if (problem) throw new InputError(problem.field, problem.message);
  return fromPercent(values);
}

async function write({ db, actorId, key, value, targetId }: { db: Db; actorId: number; key: string; value: BandSettings | null; targetId: string }) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).for("update");
    if (value === null) await tx.delete(settings).where(eq(settings.key, key));
    else {
      const now = new Date();
      await tx
        .insert(settings)
        .values({ key, value, updatedAt: now, updatedBy: actorId })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actorId } });
    }
    await recordAudit(tx, { actorId, action: value === null ? "settings.bands.clear" : "settings.bands.update", targetType: "settings", targetId, details: { key, before: before?.value ?? null, after: value } });
  });
}

/** Sets the organisation's defaults (the route allows admins only). */
export async function saveOrganisationBands({ db, actorId, values }: { db: Db; actorId: number; values: BandSettingsPercent }) {
  await write({ db, actorId, key: ORGANISATION_KEY, value: validated(values), targetId: ORGANISATION_KEY });
}

/** Sets a team's override; only for a team the viewer may read (a leader's own, any for an admin). */
export async function saveTeamBands({ db, viewer, teamId, values }: { db: Db; viewer: Viewer; teamId: number; values: BandSettingsPercent }) {
  const team = await scopedTeam({ db, viewer, teamId });
  await write({ db, actorId: viewer.id, key: teamKey(team.id), value: validated(values), targetId: teamKey(team.id) });
}

/** Removes a team's override, so the organisation's defaults apply again. */
export async function clearTeamBands({ db, viewer, teamId }: { db: Db; viewer: Viewer; teamId: number }) {
  const team = await scopedTeam({ db, viewer, teamId });
  await write({ db, actorId: viewer.id, key: teamKey(team.id), value: null, targetId: teamKey(team.id) });
}
