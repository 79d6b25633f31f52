import type { Db } from "./client.server";
import { teamLeaders, teams, users } from "./schema";
import type { Role } from "~/app/vocabulary";

let sequence = 0;

/** A team; `practiceLanguages` defaults to the column's default (English). */
export async function makeTeam(db: Db, overrides: { name?: string; practiceLanguages?: string[] } = {}) {
  sequence += 1;
  const [team] = await db
    .insert(teams)
    .values({ name: overrides.name ?? `Team ${sequence}`, ...(overrides.practiceLanguages ? { practiceLanguages: overrides.practiceLanguages } : {}) })
    .returning();
  if (!team) throw new Error("team insert returned nothing");
  return team;
}

/** A user with a real argon2 hash passed in, so tests can sign in as them; a first-time agent unless `walkthroughSeenAt` says otherwise. */
export async function makeUser(
  db: Db,
  {
    teamId,
    passwordHash,
    role = "agent",
    email,
    name,
    leads = [],
    walkthroughSeenAt = null,
  }: { teamId: number; passwordHash: string; role?: Role; email?: string; name?: string; leads?: number[]; walkthroughSeenAt?: Date | null },
) {
  sequence += 1;
  const [user] = await db
    .insert(users)
    .values({ email: email ?? `user${sequence}@example.test`, name: name ?? `User ${sequence}`, role, teamId, passwordHash, walkthroughSeenAt })
    .returning();
  if (!user) throw new Error("user insert returned nothing");
  for (const teamId of leads) await db.insert(teamLeaders).values({ teamId, userId: user.id });
  return user;
}
