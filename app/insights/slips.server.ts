import { and, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { controlRollups, drillRevisions, flawRollups, organisationControlRollups, organisationFlawRollups, policySections } from "~/db/schema";
import { errorSpottingRate, ratio } from "~/app/practice/rates";
import type { Tally } from "~/app/practice/tally";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";
import { rateFigure, type RateFigure } from "./figures";
import type { WeekRange } from "./filters";
import { sumsOverTeams } from "./rollup-queries.server";
import { tallyForType } from "./type-tally";

/**
 * "Where errors slip through": the flaw types missed most, and the drills and flaws missed most
 * with the missed text and the policy section it violated, and the controls most often
 * overridden, all from rollups (db/insights-schema.ts: the team rollups, flaw_rollups,
 * control_rollups), so exact and independent of how many attempts there are. Over every team
 * (`wholeOrganisation`) the organisation's flaw and control rollups stand in for the sum of the
 * teams', one row per flaw and week instead of one per team that met it. The text lives in the
 * drill revisions, read for the top drills only.
 */

type Source = { teamIds: readonly number[]; wholeOrganisation?: boolean; range: WeekRange };

/** The control rollups a window reads: the organisation's over every team, else the teams'. */
function controlSource({ teamIds, wholeOrganisation = false, range }: Source) {
  const table = wholeOrganisation ? organisationControlRollups : controlRollups;
  const teams = wholeOrganisation ? undefined : inArray(controlRollups.teamId, [...teamIds]);
  return { table, where: and(teams, gte(table.week, range.firstWeek), lte(table.week, range.lastWeek)) };
}

/** The flaw rollups a window reads, likewise. */
function flawSource({ teamIds, wholeOrganisation = false, range }: Source) {
  const table = wholeOrganisation ? organisationFlawRollups : flawRollups;
  const teams = wholeOrganisation ? undefined : inArray(flawRollups.teamId, [...teamIds]);
  return { table, where: and(teams, gte(table.week, range.firstWeek), lte(table.week, range.lastWeek)) };
}

const TOP_DRILLS = 10;

export type MissedType = { flawType: FlawType; planted: number; missed: number; spotting: RateFigure };
/** One planted flaw of a drill (its quote and type, over the drill's revisions): first attempts that saw it and that missed it. */
export type MissedFlaw = { flawType: FlawType; quote: string; explanation: string; planted: number; missed: number; policy: { anchor: string; heading: string; policyId: string } | null };
/** A drill by flaws missed: its first attempts in the window, the flaws they missed in all (of the filter's type) and each missed flaw. */
export type MissedDrill = { drillId: string; title: string; attempts: number; missed: number; flaws: MissedFlaw[] };

export async function missedTypes({ db, teamIds, range, flawType }: { db: Db; teamIds: readonly number[]; range: WeekRange; flawType: FlawType | null }): Promise<MissedType[]> {
  return missedTypesOf({ tally: tallyForType({ rows: await sumsOverTeams({ db, teamIds, range }), flawType: null }), flawType });
}

/** The flaw types by flaws missed, from the teams' summed tally over all types (`flawType` keeps one). */
export function missedTypesOf({ tally, flawType }: { tally: Tally; flawType: FlawType | null }): MissedType[] {
  const spotting = errorSpottingRate(tally).byType;
  return FLAW_TYPES.filter((type) => flawType === null || type === flawType)
    .map((type) => {
      const planted = tally.plantedByType[type];
      return { flawType: type, planted, missed: planted - tally.caughtByType[type], spotting: rateFigure(spotting[type], planted) };
    })
    .filter((row) => row.planted > 0)
    .sort((a, b) => b.missed - a.missed || a.flawType.localeCompare(b.flawType));
}

export type OverriddenControl = { drillId: string; title: string; attempts: number; overridden: RateFigure };

/**
 * The clean controls most often overridden by first attempts in the window (an unneeded override:
 * nothing was wrong with the draft), with how often, from the control rollups; controls seen
 * fewer than `minAttempts` times are left out, so one agent's override does not top the list.
 */
export async function overriddenControls({ db, minAttempts = 3, limit = TOP_DRILLS, ...source }: Source & { db: Db; minAttempts?: number; limit?: number }): Promise<OverriddenControl[]> {
  if (source.teamIds.length === 0) return [];
  const { table, where } = controlSource(source);
  const seen = sql<number>`sum(${table.attempts})::int`.mapWith(Number);
  const overridden = sql<number>`sum(${table.overridden})::int`.mapWith(Number);
  // Summed first, titled after: the join to the revisions is for the few drills listed, not for every rollup row.
  const rows = await db
    .select({ drillId: table.drillId, revisionId: sql<number>`max(${table.revisionId})`.mapWith(Number), attempts: seen, overridden })
    .from(table)
    .where(where)
    .groupBy(table.drillId)
    .having(and(sql`sum(${table.attempts}) >= ${minAttempts}`, sql`sum(${table.overridden}) > 0`))
    .orderBy(desc(sql`sum(${table.overridden})::float / sum(${table.attempts})`), desc(seen), table.drillId)
    .limit(limit);
  if (rows.length === 0) return [];
  const titles = await db.select({ id: drillRevisions.id, title: drillRevisions.title }).from(drillRevisions).where(inArray(drillRevisions.id, rows.map((row) => row.revisionId)));
  const titleOf = new Map(titles.map((revision) => [revision.id, revision.title]));
  return rows.map((row) => ({ drillId: row.drillId, title: titleOf.get(row.revisionId) ?? row.drillId, attempts: row.attempts, overridden: rateFigure(ratio(row.overridden, row.attempts), row.attempts) }));
}

type DeclaredFlawText = { type: FlawType; quote: string; explanation: string; policy?: string };

/**
 * The drills whose flaws first attempts in the window missed most (of one type, with a filter), from
 * the flaw rollups: exact sums, however many attempts. Per drill its first attempts in the window
 * and, for each missed flaw (one quote of one type, over the drill's revisions), how often it was
 * planted and missed, with its text, explanation and policy section, read from the top drills'
 * revisions only.
 */
export async function missedDrills({ db, flawType, limit = TOP_DRILLS, ...source }: Source & { db: Db; flawType: FlawType | null; limit?: number }): Promise<MissedDrill[]> {
  if (source.teamIds.length === 0) return [];
  const { table, where: inWindow } = flawSource(source);
  const missed = sql<number>`sum(${table.missed})::int`.mapWith(Number);
  const top = await db
    .select({ drillId: table.drillId, missed })
    .from(table)
    .where(and(inWindow, flawType === null ? undefined : eq(table.flawType, flawType)))
    .groupBy(table.drillId)
    .having(sql`sum(${table.missed}) > 0`)
    .orderBy(desc(missed), table.drillId)
    .limit(limit);
  if (top.length === 0) return [];
  const perFlaw = await db
    .select({ drillId: table.drillId, revisionId: table.revisionId, flawIndex: table.flawIndex, planted: sql<number>`sum(${table.planted})::int`.mapWith(Number), missed })
    .from(table)
    .where(and(inWindow, inArray(table.drillId, top.map((drill) => drill.drillId))))
    .groupBy(table.drillId, table.revisionId, table.flawIndex)
    .orderBy(table.revisionId, table.flawIndex);
  const revisions = await db
    .select({ id: drillRevisions.id, title: drillRevisions.title, flaws: sql<DeclaredFlawText[]>`${drillRevisions.content}->'flaws'` })
    .from(drillRevisions)
    .where(inArray(drillRevisions.id, [...new Set(perFlaw.map((row) => row.revisionId))]));
  const revisionById = new Map(revisions.map((revision) => [revision.id, revision]));

  type Tallied = Omit<MissedFlaw, "policy"> & { anchor: string | null };
  const drills = new Map(top.map((drill) => [drill.drillId, { title: "", newestRevision: 0, attempts: 0, flaws: new Map<string, Tallied>() }]));
  const attemptsCounted = new Set<number>();
  for (const row of perFlaw) {
    const drill = drills.get(row.drillId);
    const revision = revisionById.get(row.revisionId);
    const declared = revision?.flaws[row.flawIndex];
    if (!drill || !revision || !declared) continue;
    if (revision.id > drill.newestRevision) Object.assign(drill, { title: revision.title, newestRevision: revision.id });
    // Every first attempt on a revision saw each of its flaws: any one flaw's count is the revision's attempts.
    if (!attemptsCounted.has(revision.id)) {
      attemptsCounted.add(revision.id);
      drill.attempts += row.planted;
    }
    if (row.missed === 0 || (flawType !== null && declared.type !== flawType)) continue;
    const key = `${declared.type}\u0000${declared.quote}`;
    const seen = drill.flaws.get(key);
    if (seen) {
      seen.planted += row.planted;
      seen.missed += row.missed;
    } else drill.flaws.set(key, { flawType: declared.type, quote: declared.quote, explanation: declared.explanation, planted: row.planted, missed: row.missed, anchor: declared.policy ?? null });
  }

  const anchors = [...new Set([...drills.values()].flatMap((drill) => [...drill.flaws.values()].flatMap((flaw) => (flaw.anchor ? [flaw.anchor] : []))))];
  const sections =
    anchors.length === 0
      ? []
      : await db
          .select({ anchor: policySections.anchor, heading: policySections.heading, policyId: policySections.policyId })
          .from(policySections)
          .where(and(inArray(policySections.anchor, anchors), isNull(policySections.supersededAt)));
  const sectionOf = new Map(sections.map((section) => [section.anchor, section]));

  return top.map(({ drillId, missed: drillMissed }) => {
    const drill = drills.get(drillId);
    return {
      drillId,
      title: drill?.title ?? drillId,
      attempts: drill?.attempts ?? 0,
      missed: drillMissed,
      flaws: [...(drill?.flaws.values() ?? [])]
        .map(({ anchor, ...flaw }) => ({ ...flaw, policy: anchor ? (sectionOf.get(anchor) ?? { anchor, heading: anchor, policyId: anchor.split(".")[0] ?? anchor }) : null }))
        .sort((a, b) => b.missed - a.missed || a.quote.localeCompare(b.quote)),
    };
  });
}
