import { count, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills, policies, teamLeaders, teams, users } from "~/db/schema";
import type { SessionUser } from "~/app/auth/sessions.server";
import { currentRevision, isLive } from "~/app/drills/drills.server";

/** What the home page shows each role, limited to what the role may see. */
export async function homeSummary({ db, user }: { db: Db; user: SessionUser }) {
  const [team] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, user.teamId));
  const base = { teamName: team?.name ?? "—" };
  if (user.role === "admin") {
    const [userCount] = await db.select({ n: count() }).from(users).where(isNull(users.disabledAt));
    const [teamCount] = await db.select({ n: count() }).from(teams);
    return { ...base, role: user.role, activeUsers: userCount?.n ?? 0, teams: teamCount?.n ?? 0 };
  }
  if (user.role === "leader") {
    const led = await db
      .select({ id: teams.id, name: teams.name })
      .from(teamLeaders)
      .innerJoin(teams, eq(teams.id, teamLeaders.teamId))
      .where(eq(teamLeaders.userId, user.id));
    const sizes =
      led.length === 0
        ? []
        : await db
            .select({ teamId: users.teamId, n: count() })
            .from(users)
            .where(inArray(users.teamId, led.map((t) => t.id)))
            .groupBy(users.teamId);
    return {
      ...base,
      role: user.role,
      ledTeams: led.map((t) => ({ id: t.id, name: t.name, members: sizes.find((s) => s.teamId === t.id)?.n ?? 0 })),
    };
  }
  if (user.role === "author") {
    const live = await db
      .select({ flawTypes: drillRevisions.flawTypes })
      .from(drills)
      .innerJoin(drillRevisions, currentRevision)
      .where(isLive);
    const [review] = await db.select({ n: count() }).from(drills).where(eq(drills.status, "needs_review"));
    const [policyCount] = await db.select({ n: count() }).from(policies).where(isNull(policies.retiredAt));
    const controls = live.filter((d) => d.flawTypes.length === 0).length;
    return { ...base, role: user.role, drills: live.length, controls, policies: policyCount?.n ?? 0, needsReview: review?.n ?? 0 };
  }
  return { ...base, role: user.role };
}
