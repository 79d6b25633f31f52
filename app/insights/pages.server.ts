import { z } from "zod";
import type { Db } from "~/db/client.server";
import { teamBands } from "~/app/settings/band-settings.server";
import { toPercent } from "~/app/settings/band-settings";
import { recentFirstAttempts } from "./attempts.server";
import { weakestTypes } from "./figures";
import { parseFilters } from "./filters";
import { scopedAgent, scopedTeam, type Viewer } from "./scope.server";
import { agentTable } from "./team-insights.server";
import { weeklyTrend } from "./trend.server";
import { InputError } from "~/app/input-error";

/**
 * What the team and agent drill-down pages show, scoped before anything is read: the team must be
 * one the viewer may read, the agent one of that team's. The page's own `team` filter is ignored:
 * the team is in the path.
 */

const Id = z.coerce.number().int().positive();

function idOf(value: string | undefined, what: string): number {
  const parsed = Id.safeParse(value);
  if (!parsed.success) throw new InputError(null, `No ${what} you can see has this id.`, { status: 404 });
  return parsed.data;
}

function pathFilters(url: URL, now: Date) {
  const params = new URLSearchParams(url.searchParams);
  params.delete("team");
  return parseFilters(params, now);
}

export async function teamPage({ db, viewer, teamId, url, now = new Date() }: { db: Db; viewer: Viewer; teamId: string | undefined; url: URL; now?: Date }) {
  const team = await scopedTeam({ db, viewer, teamId: idOf(teamId, "team") });
  const { filters, range, problem } = pathFilters(url, now);
  const { rows, bands } = await agentTable({ db, team, range, flawType: filters.flawType });
  const trend = await weeklyTrend({ db, teamIds: [team.id], range, flawType: filters.flawType, settings: bands.settings });
  return { team, filters, range, problem, rows, bands, trend };
}

export async function agentPage({ db, viewer, teamId, userId, url, now = new Date() }: { db: Db; viewer: Viewer; teamId: string | undefined; userId: string | undefined; url: URL; now?: Date }) {
  const { team, agent } = await scopedAgent({ db, viewer, teamId: idOf(teamId, "team"), userId: idOf(userId, "agent") });
  const { filters, range, problem } = pathFilters(url, now);
  const [{ rows, bands }, recent] = await Promise.all([
    agentTable({ db, team, range, flawType: filters.flawType, userId: agent.id }),
    recentFirstAttempts({ db, teamId: team.id, userId: agent.id, range, flawType: filters.flawType }),
  ]);
  const trend = await weeklyTrend({ db, teamIds: [team.id], range, flawType: filters.flawType, settings: bands.settings, userId: agent.id });
  const [row] = rows;
  if (!row) throw new InputError(null, "No agent you can see has this id.", { status: 404 });
  return { team, agent, filters, range, problem, row, bands, trend, weakest: weakestTypes(row.figures), recent };
}

export async function teamSettingsPage({ db, viewer, teamId }: { db: Db; viewer: Viewer; teamId: string | undefined }) {
  const team = await scopedTeam({ db, viewer, teamId: idOf(teamId, "team") });
  const bands = await teamBands({ db, teamId: team.id });
  return { team, bands, values: toPercent(bands.settings) };
}
