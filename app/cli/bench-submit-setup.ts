import { createCookie } from "@remix-run/node";
import type { Connection } from "~/db/client.server";
import { makeTeam } from "~/db/factories";
import { users, type servedDrills } from "~/db/schema";
import { DEMO_PASSWORD } from "~/db/seed";
import { hashPassword } from "~/app/auth/password.server";
import { createSession, SESSION_ABSOLUTE_MS } from "~/app/auth/sessions.server";
import type { Drill } from "~/app/content/drill";
import { loadRevision } from "~/app/drills/drills.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { answerFor, formBody, seededRandom } from "./bench-submit-answers";
import type { Submission } from "./bench-submit-load";
import { runWorkers } from "./bench-submit-workers";

// ── seeding: agents in bulk, one open served drill each, sessions ──

type ServedRow = typeof servedDrills.$inferSelect;
/** A bench agent with its one open served drill and the form it will post to answer it. */
export type PreServed = { userId: number; served: ServedRow; body: string };
export type BenchTeam = { teamId: number; passwordHash: string };

/** The seeding pool's size, the app's own: seeding runs this many statements at a time. */
export const SEEDING_POOL = 10;
/** Rows per multi-row insert: well under PostgreSQL's 65,535 parameters per statement. */
const INSERT_CHUNK = 1000;

export async function createBenchTeam(connection: Connection): Promise<BenchTeam> {
  const team = await makeTeam(connection.db, { name: "Bench agents" });
  // One real argon2 hash for every agent: they could sign in, but the benchmark creates their sessions directly.
  return { teamId: team.id, passwordHash: await hashPassword(DEMO_PASSWORD) };
}

/** `count` new agents of the bench team, in multi-row inserts; their ids in order. */
export async function createAgents({ connection, team, count, label }: { connection: Connection; team: BenchTeam; count: number; label: string }) {
  const ids: number[] = [];
  for (let from = 0; from < count; from += INSERT_CHUNK) {
    const rows = Array.from({ length: Math.min(INSERT_CHUNK, count - from) }, (_, i) => ({
      email: `bench.${label}.${from + i + 1}@bench.example`,
      name: `Bench ${label} ${from + i + 1}`,
      role: "agent" as const,
      teamId: team.teamId,
      passwordHash: team.passwordHash,
    }));
    const inserted = await connection.db.insert(users).values(rows).returning({ id: users.id, email: users.email });
    const idOf = new Map(inserted.map((user) => [user.email, user.id]));
    for (const row of rows) {
      const id = idOf.get(row.email);
      if (id === undefined) throw new Error(`inserting ${row.email} returned no id`);
      ids.push(id);
    }
  }
  return ids;
}

/**
 * Serves every agent its one open drill through the app's own serveNextDrill, and writes the
 * answer it will post. Agent i draws with seed 1000 + i and answers as agent i, so two sets
 * of fresh agents served from the same state get the same drills and answers.
 */
export async function preServe({ connection, team, userIds, remainingMs }: { connection: Connection; team: BenchTeam; userIds: number[]; remainingMs: () => number }) {
  const drillOf = revisionCache(connection);
  const agents: PreServed[] = [];
  await runWorkers({
    count: userIds.length,
    width: SEEDING_POOL,
    job: async (i) => {
      const userId = userIds[i];
      if (userId === undefined) throw new Error(`no agent ${i}`);
      if (remainingMs() < 0) throw new Error("ran out of time while serving drills");
      const served = await serveNextDrill({ db: connection.db, userId, teamId: team.teamId, random: seededRandom(1000 + i) });
      if (!served) throw new Error(`nothing to serve to agent ${userId}: is the drill library imported?`);
      const drill = await drillOf(served.revisionId);
      agents[i] = { userId, served, body: formBody({ revisionId: served.revisionId, answer: answerFor(drill, i), n: i }) };
    },
  });
  return agents;
}

function revisionCache(connection: Connection) {
  const drills = new Map<number, Promise<Drill>>();
  return (revisionId: number) => {
    let drill = drills.get(revisionId);
    if (!drill) {
      drill = loadRevision({ db: connection.db, revisionId }).then((revision) => {
        if (!revision) throw new Error(`revision ${revisionId} vanished`);
        return revision.drill;
      });
      drills.set(revisionId, drill);
    }
    return drill;
  };
}

/** A session for every agent, made by the app's own createSession (signing in is not what is measured). */
export async function createSessions<T extends { userId: number }>({ connection, agents }: { connection: Connection; agents: T[] }) {
  const signedIn: (T & { token: string })[] = [];
  await runWorkers({
    count: agents.length,
    width: SEEDING_POOL,
    job: async (i) => {
      const agent = agents[i];
      if (!agent) throw new Error(`no agent ${i}`);
      signedIn[i] = { ...agent, token: await createSession({ db: connection.db, userId: agent.userId }) };
    },
  });
  return signedIn;
}

/**
 * The Cookie header for a session token, signed as app/auth/cookie.server.ts signs it for
 * the app under NODE_ENV=production (the attributes do not change the value; the secret does).
 */
export function sessionCookieHeader(secret: string) {
  const cookie = createCookie("redline_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: true,
    path: "/",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
    secrets: [secret],
  });
  return async (token: string) => {
    const header = (await cookie.serialize(token)).split(";")[0] ?? "";
    if ((await cookie.parse(header)) !== token) throw new Error("the signed session cookie does not read back as its token");
    return header;
  };
}

/** Signs every pre-served agent in (createSessions) and gives the request its answer makes: cookie signed with `secret`, served drill, form. */
export async function signedInSubmissions({ connection, agents, secret }: { connection: Connection; agents: PreServed[]; secret: string }): Promise<Submission[]> {
  const cookieFor = sessionCookieHeader(secret);
  return Promise.all((await createSessions({ connection, agents })).map(async (agent) => ({ cookie: await cookieFor(agent.token), servedId: agent.served.id, body: agent.body })));
}
