import { and, desc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, controlRollups, drillRevisions, policySections } from "~/db/schema";
import { errorSpottingRate, ratio } from "~/app/practice/rates";
import type { FlawStatus } from "~/app/practice/scoring";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";
import { rateFigure, type RateFigure } from "./figures";
import type { WeekRange } from "./filters";
import { activeAgents, sumsByTeam } from "./rollup-queries.server";
import { tallyForType } from "./type-tally";

/**
 * "Where errors slip through": the flaw types missed most (from the rollups, exact), and the drills
 * and flaws missed most with the missed text and the policy section it violated. The text lives
 * only in the drill revisions, so the missed drills read attempts: the latest first attempts in the
 * window that missed a flaw, at most SLIP_SAMPLE of them, newest first. The controls most often
 * overridden come from their rollups (db/insights-schema.ts, control_rollups).
 */

export const SLIP_SAMPLE = 500;
const TOP_DRILLS = 10;

export type MissedType = { flawType: FlawType; planted: number; missed: number; spotting: RateFigure };
export type MissedFlaw = { flawType: FlawType; quote: string; explanation: string; missed: number; policy: { anchor: string; heading: string; policyId: string } | null };
export type MissedDrill = { drillId: string; title: string; attempts: number; flaws: MissedFlaw[] };

export async function missedTypes({ db, teamIds, range, flawType }: { db: Db; teamIds: readonly number[]; range: WeekRange; flawType: FlawType | null }): Promise<MissedType[]> {
  const sums = await sumsByTeam({ db, teamIds, range });
  const tally = tallyForType({ rows: [...sums.values()].flat(), flawType: null });
  const spotting = errorSpottingRate(tally).byType;
  return FLAW_TYPES.filter((type) => flawType === null || type === flawType)
    .map((type) => {
      const planted = tally.plantedByType[type];
      return { flawType: type, planted, missed: planted - tally.caughtByType[type], spotting: rateFigure(spotting[type], planted) };
    })
    .filter((row) => row.planted > 0)
    .sort((a, b) => b.missed - a.missed || a.flawType.localeCompare(b.flawType));
}

type StoredFlaw = { index: number; type: FlawType; status: FlawStatus };

export type OverriddenControl = { drillId: string; title: string; attempts: number; overridden: RateFigure };

/**
 * The clean controls most often overridden by first attempts in the window (an unneeded override:
 * nothing was wrong with the draft), with how often, from the control rollups; controls seen
 * fewer than `minAttempts` times are left out, so one agent's override does not top the list.
 */
export async function overriddenControls({ db, teamIds, range, minAttempts = 3, limit = TOP_DRILLS }: { db: Db; teamIds: readonly number[]; range: WeekRange; minAttempts?: number; limit?: number }): Promise<OverriddenControl[]> {
  if (teamIds.length === 0) return [];
  const seen = sql<number>`sum(${controlRollups.attempts})::int`.mapWith(Number);
  const overridden = sql<number>`sum(${controlRollups.overridden})::int`.mapWith(Number);
  const rows = await db
    .select({ drillId: controlRollups.drillId, title: sql<string>`max(${drillRevisions.title})`, attempts: seen, overridden })
    .from(controlRollups)
    .innerJoin(drillRevisions, eq(drillRevisions.id, controlRollups.revisionId))
    .where(and(inArray(controlRollups.teamId, [...teamIds]), gte(controlRollups.week, range.firstWeek), lte(controlRollups.week, range.lastWeek)))
    .groupBy(controlRollups.drillId)
    .having(and(sql`sum(${controlRollups.attempts}) >= ${minAttempts}`, sql`sum(${controlRollups.overridden}) > 0`))
    .orderBy(desc(sql`sum(${controlRollups.overridden})::float / sum(${controlRollups.attempts})`), desc(seen), controlRollups.drillId)
    .limit(limit);
  return rows.map((row) => ({ drillId: row.drillId, title: row.title, attempts: row.attempts, overridden: rateFigure(ratio(row.overridden, row.attempts), row.attempts) }));
}

export async function missedDrills({ db, teamIds, range, flawType }: { db: Db; teamIds: readonly number[]; range: WeekRange; flawType: FlawType | null }): Promise<{ drills: MissedDrill[]; sampled: number; capped: boolean }> {
  // The agents with first attempts in these teams and weeks (from the rollups): with them the
  // planner can take the (user_id, created_at) index for a narrow window, or walk the primary key
  // back from the newest attempt for a wide one, and stop at the sample's size either way.
  const agents = [...(await activeAgents({ db, teamIds, range })).values()].flat();
  if (agents.length === 0) return { drills: [], sampled: 0, capped: false };
  const missedOne = flawType === null ? undefined : sql`${attempts.score}->'flaws' @> ${JSON.stringify([{ type: flawType, status: "missed" }])}::jsonb`;
  const rows = await db
    .select({ drillId: attempts.drillId, revisionId: attempts.revisionId, flaws: sql<StoredFlaw[]>`${attempts.score}->'flaws'` })
    .from(attempts)
    .where(
      and(
        inArray(attempts.teamId, [...teamIds]),
        inArray(attempts.userId, [...new Set(agents)]),
        eq(attempts.counted, true),
        eq(attempts.flawed, true),
        gte(attempts.createdAt, range.since),
        lt(attempts.createdAt, range.until),
        sql`(${attempts.score}->'counts'->>'missed')::int > 0`,
        missedOne,
      ),
    )
    .orderBy(desc(attempts.id))
    .limit(SLIP_SAMPLE);
  const revisionIds = [...new Set(rows.map((row) => row.revisionId))];
  const revisions = revisionIds.length === 0 ? [] : await db.select({ id: drillRevisions.id, title: drillRevisions.title, content: drillRevisions.content }).from(drillRevisions).where(inArray(drillRevisions.id, revisionIds));
  const revisionById = new Map(revisions.map((revision) => [revision.id, revision]));

  const drills = new Map<string, { title: string; attempts: number; flaws: Map<string, Omit<MissedFlaw, "policy"> & { anchor: string | null }> }>();
  for (const row of rows) {
    const revision = revisionById.get(row.revisionId);
    if (!revision) continue;
    const drill = drills.get(row.drillId) ?? { title: revision.title, attempts: 0, flaws: new Map() };
    drill.attempts += 1;
    for (const flaw of row.flaws) {
      if (flaw.status !== "missed" || (flawType !== null && flaw.type !== flawType)) continue;
      const planted = revision.content.flaws[flaw.index];
      if (!planted) continue;
      const key = `${flaw.type}\u0000${planted.quote}`;
      const seen = drill.flaws.get(key);
      if (seen) seen.missed += 1;
      else drill.flaws.set(key, { flawType: flaw.type, quote: planted.quote, explanation: planted.explanation, missed: 1, anchor: planted.policy ?? null });
    }
    drills.set(row.drillId, drill);
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

  const ranked = [...drills.entries()]
    .map(([drillId, drill]) => ({
      drillId,
      title: drill.title,
      attempts: drill.attempts,
      flaws: [...drill.flaws.values()]
        .map(({ anchor, ...flaw }) => ({ ...flaw, policy: anchor ? (sectionOf.get(anchor) ?? { anchor, heading: anchor, policyId: anchor.split(".")[0] ?? anchor }) : null }))
        .sort((a, b) => b.missed - a.missed),
    }))
    .sort((a, b) => b.attempts - a.attempts || a.drillId.localeCompare(b.drillId))
    .slice(0, TOP_DRILLS);
  return { drills: ranked, sampled: rows.length, capped: rows.length === SLIP_SAMPLE };
}
