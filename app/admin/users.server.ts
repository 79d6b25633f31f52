import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { teams, users } from "~/db/schema";
import { hashPassword } from "~/app/auth/password.server";
import { assertStrongPassword } from "~/app/auth/password-strength.server";
import { revokeUserSessions } from "~/app/auth/sessions.server";
import { normalizeEmail } from "~/app/auth/sign-in.server";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { violatedUniqueConstraint } from "~/db/errors";
import type { Role } from "~/app/vocabulary";
import { validPracticeLanguages } from "~/app/practice/languages.server";

export type UserInput = {
  email: string;
  name: string;
  role: Role;
  teamId: number;
};

export async function listUsers({ db }: { db: Db }) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      teamName: teams.name,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .innerJoin(teams, eq(teams.id, users.teamId))
    .orderBy(asc(users.name));
}

export async function getUser({ db, userId }: { db: Db; userId: number }) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      teamId: users.teamId,
      disabledAt: users.disabledAt,
      agentRef: users.agentRef,
      practiceLanguages: users.practiceLanguages,
    })
    .from(users)
    .where(eq(users.id, userId));
  return user ?? null;
}

async function assertEmailFree(db: Db, email: string, exceptId?: number) {
  const [clash] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email));
  if (clash && clash.id !== exceptId)
    throw new InputError("email", `${email} already has an account.`);
}

async function assertAgentRefFree(db: Db, agentRef: string, exceptId: number) {
  const [clash] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.agentRef, agentRef));
  if (clash && clash.id !== exceptId)
    throw new InputError(
      "agentRef",
      `${clash.name} already has the agent reference ${agentRef}.`
    );
}

/** A unique email or agent reference taken by a concurrent request after the checks above passed: the same answer as the check. */
function refuseTaken({
  email,
  agentRef,
}: {
  email: string;
  agentRef?: string | null;
}) {
  return (error: unknown): never => {
    const constraint = violatedUniqueConstraint(error);
    if (constraint === "users_email_unique")
      throw new InputError("email", `${email} already has an account.`);
    if (constraint === "users_agent_ref_unique")
      throw new InputError(
        "agentRef",
        `Another user already has the agent reference ${agentRef ?? ""}.`
      );
    throw error;
  };
}

async function assertTeamExists(db: Db, teamId: number) {
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(eq(teams.id, teamId));
  if (!team) throw new InputError("teamId", "Choose an existing team.");
}

export async function createUser({
  db,
  actorId,
  input,
  password,
}: {
  db: Db;
  actorId: number | null;
  input: UserInput;
  password: string;
}) {
  const email = normalizeEmail(input.email);
  assertStrongPassword({
    password,
    field: "password",
    userInputs: [email, input.name],
  });
  const passwordHash = await hashPassword(password);
  return db
    .transaction(async (tx) => {
      await assertEmailFree(tx, email);
      await assertTeamExists(tx, input.teamId);
      const [user] = await tx
        .insert(users)
        .values({ ...input, email, passwordHash })
        .returning({ id: users.id, email: users.email });
      if (!user) throw new Error("user insert returned nothing");
      await recordAudit(tx, {
        actorId,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        details: {
          email,
          name: input.name,
          role: input.role,
          teamId: input.teamId,
        },
      });
      return user;
    })
    .catch(refuseTaken({ email }));
}

/** Locks the other active admins so two concurrent demotions cannot both pass the check. */
async function assertAnotherActiveAdmin(
  db: Db,
  userId: number,
  field: string,
  message: string
) {
  const others = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.role, "admin"),
        isNull(users.disabledAt),
        ne(users.id, userId)
      )
    )
    .for("update");
  if (others.length === 0) throw new InputError(field, message);
}

export async function updateUser({
  db,
  actorId,
  userId,
  input,
  disabled,
  newPassword,
  agentRef,
  practiceLanguages,
}: {
  db: Db;
  actorId: number | null;
  userId: number;
  input: UserInput;
  disabled: boolean;
  newPassword?: string;
  /** The agent's id in the live AI assistant: null removes it, undefined leaves it as it is. */
  agentRef?: string | null;
  /** The user's practice languages: null follows the team's default, undefined leaves them as they are. */
  practiceLanguages?: readonly string[] | null;
}) {
  const languages = practiceLanguages ? validPracticeLanguages(practiceLanguages, "practiceLanguages") : practiceLanguages;
  const email = normalizeEmail(input.email);
  if (newPassword)
    assertStrongPassword({
      password: newPassword,
      field: "newPassword",
      userInputs: [email, input.name],
    });
  const passwordHash = newPassword
    ? await hashPassword(newPassword)
    : undefined;
  await db
    .transaction(async (tx) => {
      const before = await getUser({ db: tx, userId });
      if (!before) throw new InputError("email", "This user no longer exists.");
      await assertEmailFree(tx, email, userId);
      await assertTeamExists(tx, input.teamId);
      if (agentRef) await assertAgentRefFree(tx, agentRef, userId);
      const wasActiveAdmin = before.role === "admin" && !before.disabledAt;
      if (wasActiveAdmin && input.role !== "admin") {
        await assertAnotherActiveAdmin(
          tx,
          userId,
          "role",
          "This is the last active admin; make someone else an admin first."
        );
      }
      if (wasActiveAdmin && disabled) {
        await assertAnotherActiveAdmin(
          tx,
          userId,
          "disabled",
          "The last active admin cannot be disabled."
        );
      }
      const disabledAt = disabled ? before.disabledAt ?? new Date() : null;
      await tx
        .update(users)
        .set({
          ...input,
          email,
          disabledAt,
          ...(passwordHash ? { passwordHash } : {}),
          ...(agentRef !== undefined ? { agentRef } : {}),
          ...(languages !== undefined ? { practiceLanguages: languages } : {}),
        })
        .where(eq(users.id, userId));
      if (disabled || passwordHash)
        await revokeUserSessions({ db: tx, userId });
      await recordAudit(tx, {
        actorId,
        action: "user.update",
        targetType: "user",
        targetId: userId,
        details: {
          before: {
            email: before.email,
            name: before.name,
            role: before.role,
            teamId: before.teamId,
            disabled: Boolean(before.disabledAt),
            agentRef: before.agentRef,
            practiceLanguages: before.practiceLanguages,
          },
          after: {
            email,
            name: input.name,
            role: input.role,
            teamId: input.teamId,
            disabled,
            agentRef: agentRef === undefined ? before.agentRef : agentRef,
            practiceLanguages: languages === undefined ? before.practiceLanguages : languages,
          },
          passwordReset: Boolean(passwordHash),
        },
      });
    })
    .catch(refuseTaken({ email, agentRef }));
}

export async function listLeaders({ db }: { db: Db }) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, "leader"), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}
