import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { teams, users } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { isPracticeLanguage, languageNames, PRACTICE_LANGUAGES, type PracticeLanguage, type Role } from "~/app/vocabulary";

export type PracticeLanguages = {
  /** What self-paced practice serves: the user's own choice, or the team's default. */
  languages: PracticeLanguage[];
  /** "user" when the user chose their own, "team" when they follow the team's default. */
  source: "user" | "team";
  teamLanguages: PracticeLanguage[];
};

/** Known languages only, in the library's order, each once; stored values the library no longer has are dropped. */
function known(values: readonly string[]): PracticeLanguage[] {
  return PRACTICE_LANGUAGES.filter((language) => values.includes(language));
}

/**
 * Checks a choice of practice languages: only languages the library has, at least one. Returns
 * them in the library's order without repeats; `field` is where the form shows the problem.
 */
export function validPracticeLanguages(values: readonly string[], field: string): PracticeLanguage[] {
  const unknown = values.filter((value) => !isPracticeLanguage(value));
  if (unknown.length > 0) throw new InputError(field, `The drill library has no drills in ${unknown.join(", ")}. Choose from ${languageNames(PRACTICE_LANGUAGES)}.`);
  const languages = known(values);
  if (languages.length === 0) throw new InputError(field, "Choose at least one language to practise in.");
  return languages;
}

/** The user's effective practice languages: their own when set, otherwise their team's default. */
export async function practiceLanguagesFor({ db, userId }: { db: Db; userId: number }): Promise<PracticeLanguages> {
  const [row] = await db
    .select({ own: users.practiceLanguages, team: teams.practiceLanguages })
    .from(users)
    .innerJoin(teams, eq(teams.id, users.teamId))
    .where(eq(users.id, userId));
  if (!row) throw new InputError(null, "This user no longer exists.", { status: 404 });
  const teamLanguages = known(row.team);
  const own = row.own === null ? [] : known(row.own);
  // A stored choice left with no language the library still has falls back to the team, never to nothing.
  if (own.length > 0) return { languages: own, source: "user", teamLanguages };
  return { languages: teamLanguages.length > 0 ? teamLanguages : ["en"], source: "team", teamLanguages };
}

/**
 * Sets a user's practice languages (null: follow the team's default). The user may change
 * their own, an admin anyone's; anyone else is told there is no such user, as for any user
 * they cannot see. Audited with before and after.
 */
export async function setUserPracticeLanguages({
  db,
  actor,
  userId,
  languages,
  field = "practiceLanguages",
}: {
  db: Db;
  actor: { id: number; role: Role };
  userId: number;
  languages: readonly string[] | null;
  field?: string;
}) {
  if (actor.id !== userId && actor.role !== "admin") throw new InputError(null, "No such user.", { status: 404 });
  const chosen = languages === null ? null : validPracticeLanguages(languages, field);
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ practiceLanguages: users.practiceLanguages }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new InputError(null, "No such user.", { status: 404 });
    await tx.update(users).set({ practiceLanguages: chosen }).where(eq(users.id, userId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.practice_languages",
      targetType: "user",
      targetId: userId,
      details: { before: before.practiceLanguages, after: chosen },
    });
  });
}
