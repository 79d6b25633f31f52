import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import { sql as drizzleSql, type Logger } from "drizzle-orm";
import type postgres from "postgres";
import { openPostgres, type Connection } from "~/db/client.server";
import { servedDrills } from "~/db/schema";
import { findSessionUser, hashToken } from "~/app/auth/sessions.server";
import { AttemptFormSchema } from "~/app/practice/attempt-form";
import { submitAttempt } from "~/app/practice/attempts.server";
import { knownAnchors } from "~/app/policies/anchors.server";
import { restrictedDetectors } from "~/app/policies/restricted.server";
import { attemptsWithJsonAsText, intArray, type Param } from "./bench-submit-pool";
import { createAgents, createSessions, type BenchTeam, type PreServed } from "./bench-submit-setup";
import { timeWorkers } from "./bench-submit-workers";

// ── the second floor: the statements of one submission, replayed through bare postgres.js ──

type Statement = { text: string; params: Param[] };
type SignedIn = PreServed & { token: string };

/** What one submission of a drill sent to the database, and the values in it that were that submission's own. */
export type Recording = { statements: Statement[]; own: { userId: number; servedId: number; clientId: string; tokenHash: string } };

// Far above every other number a submission's statements carry (revision ids, times, points,
// ratings), so that in a recording these ids are unambiguous and can be swapped by value.
const RECORDED_USER_IDS_FROM = 7_000_000;
const RECORDED_SERVED_IDS_FROM = 8_000_000;

function asParam(value: unknown): Param {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new Error(`a recorded statement has a ${typeof value} parameter, which the replay cannot send as drizzle did`);
}

/** A drizzle logger that keeps the statements (SQL and parameters) issued while recording. */
class StatementLog implements Logger {
  private statements: Statement[] | null = null;

  logQuery(text: string, params: unknown[]) {
    this.statements?.push({ text, params: params.map(asParam) });
  }

  start() {
    this.statements = [];
  }

  stop() {
    const statements = this.statements ?? [];
    this.statements = null;
    return statements;
  }
}

/**
 * Records, in this process, the statements of one submission of every drill the replay agents
 * were served: a fresh agent of its own (with distinctive ids) gets a copy of the first such
 * agent's served drill (inserted directly) and submits that agent's answer, through the app's own
 * findSessionUser (what signing the request in issues) and submitAttempt, on a database opened
 * with a statement log. One recording per drill, because every submission locks its drill's
 * rating row: replaying one drill's statements for every agent would queue all of them on that
 * one lock, which the app's mix of drills does not.
 */
export async function recordSubmissions({ benchUrl, connection, team, replayAgents }: { benchUrl: string; connection: Connection; team: BenchTeam; replayAgents: PreServed[] }) {
  const models = new Map<string, PreServed>();
  for (const agent of replayAgents) if (!models.has(agent.served.drillId)) models.set(agent.served.drillId, agent);

  await connection.db.execute(
    drizzleSql`select setval(pg_get_serial_sequence('users', 'id'), ${RECORDED_USER_IDS_FROM}), setval(pg_get_serial_sequence('served_drills', 'id'), ${RECORDED_SERVED_IDS_FROM})`,
  );
  const userIds = await createAgents({ connection, team, count: models.size, label: "recorded" });
  const recorders: PreServed[] = [];
  for (const [i, model] of [...models.values()].entries()) {
    const userId = userIds[i];
    if (userId === undefined) throw new Error(`no recording agent ${i}`);
    const { drillId, revisionId, reason, isControl, assignmentId } = model.served;
    const [served] = await connection.db.insert(servedDrills).values({ userId, drillId, revisionId, reason, isControl, assignmentId }).returning();
    if (!served) throw new Error("inserting a served drill returned nothing");
    const form = new URLSearchParams(model.body);
    form.set("clientId", randomUUID());
    recorders.push({ userId, served, body: form.toString() });
  }

  const log = new StatementLog();
  const logging = openPostgres(benchUrl, { max: 1, logger: log });
  const recordings = new Map<string, Recording>();
  try {
    for (const agent of await createSessions({ connection, agents: recorders })) {
      // The app caches these for 10 s, so a submission in a steady state does not query them.
      await restrictedDetectors({ db: logging.db });
      await knownAnchors({ db: logging.db });
      log.start();
      const user = await findSessionUser({ db: logging.db, token: agent.token });
      if (!user) throw new Error(`recording agent ${agent.userId} has no session`);
      const submission = parseWithZod(new URLSearchParams(agent.body), { schema: AttemptFormSchema });
      if (submission.status !== "success") throw new Error(`recording agent ${agent.userId}'s answer does not parse: ${JSON.stringify(submission.error)}`);
      const result = await submitAttempt({ db: logging.db, userId: user.id, servedId: agent.served.id, form: submission.value });
      const statements = log.stop();
      if (result.duplicate) throw new Error(`recording agent ${agent.userId}'s submission was taken for a duplicate`);
      const own = { userId: agent.userId, servedId: agent.served.id, clientId: submission.value.clientId, tokenHash: hashToken(agent.token) };
      for (const [name, value] of Object.entries(own)) {
        if (!statements.some((s) => s.params.includes(value))) throw new Error(`the recorded statements never carry the submission's ${name}, so a replay could not swap it`);
      }
      recordings.set(agent.served.drillId, { statements, own });
    }
  } finally {
    await logging.close();
  }
  return recordings;
}

/** The recording's statements with its own ids, client id and session swapped for this agent's. */
function statementsFor(recording: Recording, agent: SignedIn): Statement[] {
  const { own } = recording;
  const swap = new Map<Param, Param>([
    [own.userId, agent.userId],
    [own.servedId, agent.served.id],
    [own.clientId, randomUUID()],
    [own.tokenHash, hashToken(agent.token)],
  ]);
  return recording.statements.map(({ text, params }) => ({ text, params: params.map((p) => swap.get(p) ?? p) }));
}

/**
 * `warmupCount` untimed, then `count` timed replays at `connections` concurrency: for each
 * replay agent, the recording of its drill with the agent's own values, statement by statement
 * in one transaction, sent as drizzle sends them (unnamed statements, the same parameters).
 * Fails unless every replay stored its attempt (its JSON as JSON) and closed its served drill.
 */
export async function runReplayFloor({ sql, recordings, agents, warmupCount, count, connections, remainingMs }: { sql: postgres.Sql; recordings: Map<string, Recording>; agents: SignedIn[]; warmupCount: number; count: number; connections: number; remainingMs: () => number }) {
  const replayed = agents.slice(0, warmupCount + count);
  const replays = replayed.map((agent) => {
    const recording = recordings.get(agent.served.drillId);
    if (!recording) throw new Error(`no recording for drill ${agent.served.drillId}`);
    return statementsFor(recording, agent);
  });
  const timing = await timeWorkers({
    warmup: warmupCount,
    count,
    width: connections,
    remainingMs,
    job: (i) => {
      const statements = replays[i];
      if (!statements) throw new Error(`no replay ${i}`);
      return sql.begin(async (tx) => {
        for (const { text, params } of statements) await tx.unsafe(text, params);
      });
    },
  });

  const servedIds = replayed.map((agent) => agent.served.id);
  const [stored] = await sql<{ attempts: number; closed: number }[]>`
    select count(a.id)::int as attempts, count(*) filter (where s.closed_at is not null)::int as closed
    from served_drills s left join attempts a on a.served_id = s.id
    where s.id = any(${intArray(servedIds)}::int[])`;
  const jsonAsText = await attemptsWithJsonAsText(sql, replayed.map((agent) => agent.userId));
  const expected = replayed.length;
  if (stored?.attempts !== expected || stored.closed !== expected || jsonAsText > 0) {
    throw new Error(`the replay did not write what the app writes: ${expected} replays stored ${stored?.attempts ?? 0} attempts (${jsonAsText} with JSON stored as a string) and closed ${stored?.closed ?? 0} served drills`);
  }
  const statements = replays.reduce((sum, r) => sum + r.length, 0) / Math.max(1, replays.length);
  return { ...timing, statementsPerSubmission: statements };
}
