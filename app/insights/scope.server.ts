import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { insightRollups, teamLeaders, teams, users } from "~/db/schema";
import { InputError } from "~/app/input-error";
import type { Role } from "~/app/vocabulary";

/**
 * Whose insights a viewer may read: an admin every team, a leader the teams they lead, anyone else
 * none. Every insights query takes its teams from here, so the scope is in its `where` clause.
 */

export type Viewer = { id: number; role: Role };
export type ScopedTeam = { id: number; name: string };

/** The teams the viewer may read, by name; `teamId` narrows to one (empty when it is not theirs). */
export async function teamsInScope({ db, viewer, teamId }: { db: Db; viewer: Viewer; teamId?: number }): Promise<ScopedTeam[]> {
  const only = teamId === undefined ? undefined : eq(teams.id, teamId);
  if (viewer.role === "admin") return db.select({ id: teams.id, name: teams.name }).from(teams).where(only).orderBy(asc(teams.name));
  if (viewer.role !== "leader") return [];
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .innerJoin(teamLeaders, eq(teamLeaders.teamId, teams.id))
    .where(and(eq(teamLeaders.userId, viewer.id), only))
    .orderBy(asc(teams.name));
}

const notYours = (what: string) => new InputError(null, `No ${what} you can see has this id.`, { status: 404, problem: "out_of_scope" });

/** One team the viewer may read; a team they may not read is refused as if it did not exist (404). */
export async function scopedTeam({ db, viewer, teamId }: { db: Db; viewer: Viewer; teamId: number }): Promise<ScopedTeam> {
  const [team] = await teamsInScope({ db, viewer, teamId });
  if (!team) throw notYours("team");
  return team;
}

/**
 * The teams a filter asks for, all of them in scope (none asked = every team in scope). Asking for
 * a team outside the scope is refused (404), never quietly dropped. `wholeOrganisation`: the
 * chosen teams are every team there is (an admin's), so the organisation's rollups may stand in for
 * the sum of the teams'.
 */
export async function filteredTeams({ db, viewer, teamIds }: { db: Db; viewer: Viewer; teamIds: readonly number[] }): Promise<{ all: ScopedTeam[]; chosen: ScopedTeam[]; wholeOrganisation: boolean }> {
  const all = await teamsInScope({ db, viewer });
  const outside = teamIds.filter((id) => !all.some((team) => team.id === id));
  if (outside.length > 0) throw notYours("team");
  const chosen = teamIds.length === 0 ? all : all.filter((team) => teamIds.includes(team.id));
  return { all, chosen, wholeOrganisation: viewer.role === "admin" && chosen.length > 0 && chosen.length === all.length };
}

/**
 * An agent of a team the viewer may read: a current member, or someone whose first attempts were
 * counted in that team. Anyone else is refused (404).
 */
export async function scopedAgent({ db, viewer, teamId, userId }: { db: Db; viewer: Viewer; teamId: number; userId: number }) {
  const team = await scopedTeam({ db, viewer, teamId });
  const [agent] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        eq(users.role, "agent"),
        or(eq(users.teamId, team.id), inArray(users.id, db.select({ id: insightRollups.userId }).from(insightRollups).where(and(eq(insightRollups.teamId, team.id), eq(insightRollups.userId, userId))))),
      ),
    );
  if (!agent) throw notYours("agent");
  return { team, agent };
}
