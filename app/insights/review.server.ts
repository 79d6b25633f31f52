import { and, eq, gte, inArray, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { inIds } from "~/db/in-ids";
import { jsonDistinct } from "~/db/json-agg";
import { agentRatings, users } from "~/db/schema";
import { nearMissFigures } from "~/app/near-miss/aggregates.server";
import { isMonthClosed } from "~/app/near-miss/clocks";
import { CATEGORY_SHORT_LABELS } from "~/app/near-miss/words";
import { productionTally } from "~/app/production/tally";
import { TIERS, type Tier } from "~/app/practice/metrics";
import { tiersAt } from "~/app/practice/tier-history.server";
import { FIRST_TIER } from "~/app/practice/tiers";
import type { BandSettings } from "~/app/settings/band-settings";
import { organisationBands, teamBands } from "~/app/settings/band-settings.server";
import { NEAR_MISS_CATEGORIES, type NearMissCategory } from "~/app/vocabulary";
import { figuresOf, productionFigure, type Figures, type ProductionFigure } from "./figures";
import type { WeekRange } from "./filters";
import { productionByKind } from "./production.server";
import { parseReviewMonth, type ReviewMonth } from "./review-month";
import { activeAgents, sumsOverTeams } from "./rollup-queries.server";
import { missedDrills, missedTypesOf, overriddenControls, type MissedType } from "./slips.server";
import { filteredTeams, type ScopedTeam, type Viewer } from "./scope.server";
import { proficiencySummary, type ProficiencySummary } from "./standing";
import { kindFigures } from "./team-insights.server";
import { tallyForType } from "./type-tally";

/**
 * The monthly review of the teams in scope: the month's figures beside the previous month's, where
 * production suggestions were overridden (by kind), where flaws slipped through in drills, the
 * controls most often overridden, tier movements and time to proficiency. Every figure comes from
 * the same rollups and definitions as the insights pages, over the month's ISO weeks.
 */

export type KindFigure = { kind: string; current: ProductionFigure | null; previous: ProductionFigure | null };
export type TypeChange = MissedType & { previousSpotting: MissedType["spotting"] | null };
export type TierMovements = { up: number; down: number; same: number; agents: number; from: Record<Tier, Record<Tier, number>> };

/** A month's figures over the teams, its flaw types by flaws missed and its production figure per suggestion kind (from the same sums). */
async function periodFigures({ db, teamIds, range, settings }: { db: Db; teamIds: readonly number[]; range: WeekRange; settings: BandSettings }) {
  const [sums, byKind] = await Promise.all([sumsOverTeams({ db, teamIds, range }), productionByKind({ db, teamIds, range })]);
  const tally = tallyForType({ rows: sums, flawType: null });
  const figures: Figures = figuresOf({ tally, settings });
  return {
    figures,
    production: productionFigure({ tally: productionTally([...byKind.values()], settings.lightEdit), settings }),
    types: missedTypesOf({ tally, flawType: null }),
    kinds: kindFigures({ counts: byKind, settings }),
  };
}

function kindChanges(current: ReadonlyMap<string, ProductionFigure>, previous: ReadonlyMap<string, ProductionFigure>): KindFigure[] {
  return [...new Set([...current.keys(), ...previous.keys()])]
    .map((kind) => ({ kind, current: current.get(kind) ?? null, previous: previous.get(kind) ?? null }))
    .sort((a, b) => (b.current?.override.of ?? 0) - (a.current?.override.of ?? 0) || a.kind.localeCompare(b.kind));
}

function emptyMatrix(): Record<Tier, Record<Tier, number>> {
  return Object.fromEntries(TIERS.map((from) => [from, Object.fromEntries(TIERS.map((to) => [to, 0]))])) as Record<Tier, Record<Tier, number>>;
}

/** Each agent's tier at the end of the previous month and at the end of this one. */
async function tierMovements({ db, userIds, review }: { db: Db; userIds: readonly number[]; review: ReviewMonth }): Promise<TierMovements> {
  const [before, after] = await Promise.all([tiersAt({ db, userIds, until: review.previous.range.until }), tiersAt({ db, userIds, until: review.range.until })]);
  const movements: TierMovements = { up: 0, down: 0, same: 0, agents: userIds.length, from: emptyMatrix() };
  for (const userId of userIds) {
    const from = before.get(userId) ?? FIRST_TIER;
    const to = after.get(userId) ?? FIRST_TIER;
    movements.from[from][to] += 1;
    const change = TIERS.indexOf(to) - TIERS.indexOf(from);
    if (change > 0) movements.up += 1;
    else if (change < 0) movements.down += 1;
    else movements.same += 1;
  }
  return movements;
}

/** The agents who reached proficiency within the month's weeks, with their time to get there. */
async function reachedProficiency({ db, userIds, range }: { db: Db; userIds: readonly number[]; range: WeekRange }): Promise<ProficiencySummary> {
  if (userIds.length === 0) return proficiencySummary([]);
  const rows = await db
    .select({ reachedAt: agentRatings.proficiencyReachedAt, days: agentRatings.proficiencyDays, drills: agentRatings.proficiencyDrills })
    .from(agentRatings)
    .where(and(inIds(agentRatings.userId, userIds), gte(agentRatings.proficiencyReachedAt, range.since), lt(agentRatings.proficiencyReachedAt, range.until)));
  return proficiencySummary(rows.flatMap(({ reachedAt, days, drills }) => (reachedAt !== null && days !== null && drills !== null ? [{ reachedAt, days, drills }] : [])));
}

/** The agents a review speaks of: current members of the teams, and anyone who practised in them in either month. */
async function reviewAgents({ db, teamIds, review }: { db: Db; teamIds: readonly number[]; review: ReviewMonth }): Promise<number[]> {
  const [current, previous] = await Promise.all([activeAgents({ db, teamIds, range: review.range }), activeAgents({ db, teamIds, range: review.previous.range })]);
  const practised = [...new Set([...current.values(), ...previous.values()].flat())];
  const [members] = await db
    .select({ ids: jsonDistinct<number>(users.id) })
    .from(users)
    .where(or(and(inArray(users.teamId, [...teamIds]), eq(users.role, "agent"), isNull(users.disabledAt)), practised.length > 0 ? inIds(users.id, practised) : undefined));
  return [...new Set([...(members?.ids ?? []), ...practised])].sort((a, b) => a - b);
}

/** `wholeOrganisation`: the teams are every team (filteredTeams), so the organisation's flaw and control rollups are read. */
export async function monthlyReview({ db, teamIds, wholeOrganisation = false, review, settings }: { db: Db; teamIds: readonly number[]; wholeOrganisation?: boolean; review: ReviewMonth; settings: BandSettings }) {
  if (teamIds.length === 0) return null;
  const agents = reviewAgents({ db, teamIds, review });
  const [{ types, kinds, ...current }, { types: previousTypes, kinds: previousKinds, ...previous }, drills, controls, tiers, proficiency, previousProficiency] = await Promise.all([
    periodFigures({ db, teamIds, range: review.range, settings }),
    periodFigures({ db, teamIds, range: review.previous.range, settings }),
    missedDrills({ db, teamIds, wholeOrganisation, range: review.range, flawType: null }),
    overriddenControls({ db, teamIds, wholeOrganisation, range: review.range }),
    agents.then((userIds) => tierMovements({ db, userIds, review })),
    agents.then((userIds) => reachedProficiency({ db, userIds, range: review.range })),
    agents.then((userIds) => reachedProficiency({ db, userIds, range: review.previous.range })),
  ]);
  const typeChanges: TypeChange[] = types.map((type) => ({ ...type, previousSpotting: previousTypes.find((row) => row.flawType === type.flawType)?.spotting ?? null }));
  return { current, previous, kinds: kindChanges(kinds, previousKinds), types: typeChanges, drills, controls, tiers, proficiency, previousProficiency };
}

export type MonthlyReview = NonNullable<Awaited<ReturnType<typeof monthlyReview>>>;

const TeamParams = z.array(z.coerce.number().int().positive()).catch([]);

/**
 * What `?month=YYYY-MM&team=…` asks of the review, in the viewer's scope (a team outside it is
 * refused, 404): the month, the teams and the thresholds (one team's own, several teams' the
 * organisation's). The page and its CSV exports read the same.
 */
export async function reviewRequest({ db, viewer, url, now = new Date() }: { db: Db; viewer: Viewer; url: URL; now?: Date }) {
  const review = parseReviewMonth(url.searchParams.get("month"), now);
  const { all, chosen, wholeOrganisation } = await filteredTeams({ db, viewer, teamIds: [...new Set(TeamParams.parse(url.searchParams.getAll("team")))] });
  const [single] = chosen;
  const bands = chosen.length === 1 && single ? await teamBands({ db, teamId: single.id }) : await organisationBands({ db });
  return { review, all, chosen, wholeOrganisation, bands };
}

const isCategory = (key: string): key is NearMissCategory => NEAR_MISS_CATEGORIES.some((category) => category === key);

/**
 * The month's near-miss reports from the channel's own published figures (one suppression for
 * every viewer), never joined with the drill figures: per category over the organisation, and per
 * team the reporter named, the chosen teams only. Nothing until the month is over.
 */
export async function reviewNearMisses({ db, viewer, review, chosen, now = new Date() }: { db: Db; viewer: Viewer; review: ReviewMonth; chosen: readonly ScopedTeam[]; now?: Date }) {
  const figures = await nearMissFigures({ db, viewer, now });
  const closed = isMonthClosed(review.month, now);
  const column = closed ? figures.months.indexOf(review.month) : -1;
  if (column < 0) return { k: figures.k, closed, categories: [], teams: [], total: null };
  return {
    k: figures.k,
    closed,
    categories: figures.categoryRows.map((row) => ({ key: row.key, label: isCategory(row.key) ? CATEGORY_SHORT_LABELS[row.key] : row.label, cell: row.cells[column] })),
    teams: figures.teamRows.filter((row) => chosen.some((team) => String(team.id) === row.key)).map((row) => ({ key: row.key, label: row.label, cell: row.cells[column] })),
    total: figures.totals[column] ?? null,
  };
}

export type ReviewNearMisses = Awaited<ReturnType<typeof reviewNearMisses>>;
