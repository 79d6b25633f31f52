import { and, asc, count, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { inIds } from "~/db/in-ids";
import { jsonObjectAgg } from "~/db/json-agg";
import { agentRatings, insightRollups, users } from "~/db/schema";
import { productionTally, type AssistCounts } from "~/app/production/tally";
import { bandsForTeams, type EffectiveBands } from "~/app/settings/band-settings.server";
import { emptyTally } from "~/app/practice/tally";
import type { BandSettings } from "~/app/settings/band-settings";
import type { FlawType, Tier } from "~/app/vocabulary";
import { figuresOf, productionFigure, type Figures, type ProductionFigure } from "./figures";
import type { WeekRange } from "./filters";
import { productionByAgent, productionByKind, productionByTeam } from "./production.server";
import { activeInWindow, sumsByAgent, sumsByTeam } from "./rollup-queries.server";
import type { ScopedTeam } from "./scope.server";
import { proficiencySummary, tierCounts, type ProficiencySummary, type ReachedProficiency, type TierCounts } from "./standing";
import { tierAtQuery, tiersAt } from "~/app/practice/tier-history.server";
import { FIRST_TIER } from "~/app/practice/tiers";
import { tallyForType } from "./type-tally";

/**
 * The team table and a team's agent table: every figure of issue 13 per row, from the rollups of
 * the teams in scope over the window. Tiers and time to proficiency are per agent (standing.ts).
 */

export type TeamRow = {
  id: number;
  name: string;
  /** Agents in the team now, and those with a first attempt in the window. */
  members: number;
  activeAgents: number;
  figures: Figures;
  production: ProductionFigure | null;
  tiers: TierCounts;
  proficiency: ProficiencySummary;
  bands: EffectiveBands;
};

export type AgentRow = { id: number; name: string; figures: Figures; production: ProductionFigure | null; tier: Tier; proficiency: ReachedProficiency | null };

/** An agent's stored time to proficiency, if reached before `until` (the end of a window). */
const reachedBefore = (until: Date) => and(lt(agentRatings.proficiencyReachedAt, until), isNotNull(agentRatings.proficiencyDays), isNotNull(agentRatings.proficiencyDrills));

/** The stored proficiency as the database sends it in JSON: [reachedAt, days, drills], nulls when not reached. */
type ReachedCells = [string | null, number | null, number | null];
const reachedCells = sql`json_build_array(${agentRatings.proficiencyReachedAt}, ${agentRatings.proficiencyDays}, ${agentRatings.proficiencyDrills})`;
const reachedOf = ([reachedAt, days, drills]: ReachedCells): ReachedProficiency | null =>
  reachedAt === null || days === null || drills === null ? null : { reachedAt: new Date(reachedAt), days, drills };

/**
 * Each agent's tier at the window's end (the stored tier history, app/practice/tier-history.server.ts)
 * and time to proficiency (stored once reached, exact; counted only if reached before the window ends).
 */
export async function standings({ db, userIds, range }: { db: Db; userIds: readonly number[]; range: WeekRange }) {
  if (userIds.length === 0) return new Map<number, { tier: Tier; proficiency: ReachedProficiency | null }>();
  const [tiers, [reached]] = await Promise.all([
    tiersAt({ db, userIds, until: range.until }),
    db
      .select({ byAgent: jsonObjectAgg<ReachedCells>(agentRatings.userId, reachedCells) })
      .from(agentRatings)
      .where(and(inIds(agentRatings.userId, [...new Set(userIds)]), reachedBefore(range.until))),
  ]);
  const proficiency = new Map(Object.entries(reached?.byAgent ?? {}).map(([userId, cells]) => [Number(userId), reachedOf(cells)]));
  return new Map(userIds.map((userId) => [userId, { tier: tiers.get(userId) ?? FIRST_TIER, proficiency: proficiency.get(userId) ?? null }]));
}

/**
 * Per team, its agents active in the window (activeInWindow), each with their tier at the window's
 * end and time to proficiency as `standings` reads them, in one query: the organisation's page
 * needs them for every agent, and as three queries (the active agents, then their tiers and
 * proficiency) their ids went to the database and back twice.
 */
async function teamStandings({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }) {
  const active = db.$with("active").as(db.selectDistinct({ teamId: insightRollups.teamId, userId: insightRollups.userId }).from(insightRollups).where(activeInWindow({ teamIds, range })));
  const tier = tierAtQuery({ db, userId: active.userId, until: range.until });
  const rows = await db
    .with(active)
    .select({ teamId: active.teamId, agents: sql<[Tier | null, ReachedCells][]>`json_agg(json_build_array((${tier}), ${reachedCells}))` })
    .from(active)
    .leftJoin(agentRatings, and(eq(agentRatings.userId, active.userId), reachedBefore(range.until)))
    .groupBy(active.teamId);
  return new Map(rows.map(({ teamId, agents }) => [teamId, agents.map(([tier, reached]) => ({ tier: tier ?? FIRST_TIER, proficiency: reachedOf(reached) }))]));
}

export async function teamTable({ db, teams, range, flawType }: { db: Db; teams: readonly ScopedTeam[]; range: WeekRange; flawType: FlawType | null }): Promise<TeamRow[]> {
  const teamIds = teams.map((team) => team.id);
  if (teamIds.length === 0) return [];
  const [sums, standing, bands, production, members] = await Promise.all([
    sumsByTeam({ db, teamIds, range }),
    teamStandings({ db, teamIds, range }),
    bandsForTeams({ db, teamIds }),
    productionByTeam({ db, teamIds, range }),
    db
      .select({ teamId: users.teamId, n: count() })
      .from(users)
      .where(and(inArray(users.teamId, teamIds), eq(users.role, "agent"), isNull(users.disabledAt)))
      .groupBy(users.teamId),
  ]);
  return teams.map((team) => {
    const teamBands = bands(team.id);
    const agents = standing.get(team.id) ?? [];
    const teamProduction = production.get(team.id);
    return {
      id: team.id,
      name: team.name,
      members: members.find((row) => row.teamId === team.id)?.n ?? 0,
      activeAgents: agents.length,
      figures: figuresOf({ tally: tallyForType({ rows: sums.get(team.id) ?? [], flawType }), settings: teamBands.settings }),
      production: teamProduction ? productionFigure({ tally: productionTally([teamProduction], teamBands.settings.lightEdit), settings: teamBands.settings }) : null,
      tiers: tierCounts(agents.map((agent) => agent.tier)),
      proficiency: proficiencySummary(agents.map((agent) => agent.proficiency)),
      bands: teamBands,
    };
  });
}

/**
 * One team's agents: those in the team now and anyone with first attempts counted in it during the
 * window, each with the team's band settings.
 */
export async function agentTable({ db, team, range, flawType, userId }: { db: Db; team: ScopedTeam; range: WeekRange; flawType: FlawType | null; userId?: number }): Promise<{ rows: AgentRow[]; bands: EffectiveBands }> {
  const [sums, bands, production] = await Promise.all([
    sumsByAgent({ db, teamId: team.id, range, userId }),
    bandsForTeams({ db, teamIds: [team.id] }),
    productionByAgent({ db, teamId: team.id, range, userId }),
  ]);
  const teamBands = bands(team.id);
  const counted = [...sums.keys()];
  const people = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        userId === undefined ? undefined : eq(users.id, userId),
        or(and(eq(users.teamId, team.id), eq(users.role, "agent"), isNull(users.disabledAt)), counted.length > 0 ? inIds(users.id, counted) : undefined),
      ),
    )
    .orderBy(asc(users.name));
  const standing = await standings({ db, userIds: people.map((person) => person.id), range });
  const rows = people.map((person) => {
    const agentProduction = production.get(person.id);
    return {
      id: person.id,
      name: person.name,
      figures: figuresOf({ tally: sums.has(person.id) ? tallyForType({ rows: sums.get(person.id) ?? [], flawType }) : emptyTally(), settings: teamBands.settings }),
      production: agentProduction ? productionFigure({ tally: productionTally([agentProduction], teamBands.settings.lightEdit), settings: teamBands.settings }) : null,
      tier: standing.get(person.id)?.tier ?? FIRST_TIER,
      proficiency: standing.get(person.id)?.proficiency ?? null,
    };
  });
  return { rows, bands: teamBands };
}

/** The production override rate and band per suggestion kind over some teams (in scope), most suggestions first. */
export async function productionKinds({ db, teamIds, range, settings }: { db: Db; teamIds: readonly number[]; range: WeekRange; settings: BandSettings }) {
  return kindFigures({ counts: await productionByKind({ db, teamIds, range }), settings });
}

/** The production figure of each suggestion kind's counts (kinds with no figure left out). */
export function kindFigures({ counts, settings }: { counts: ReadonlyMap<string, AssistCounts>; settings: BandSettings }) {
  return new Map([...counts].flatMap(([kind, row]) => {
    const figure = productionFigure({ tally: productionTally([row], settings.lightEdit), settings });
    return figure ? [[kind, figure] as const] : [];
  }));
}
