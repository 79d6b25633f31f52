import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { BenchTeam } from "./bench-submit-setup";
import { attemptsWithJsonAsText, intArray, type Param } from "./bench-submit-pool";
import { timeWorkers } from "./bench-submit-workers";

// ── the first floor: bare postgres.js inserting the same attempt rows ──

/** An attempt the app stored, every column as the floor pool reads it. */
export type StoredAttempt = Record<string, unknown>;

const INSERT_CHUNK = 5000;

/** The attempts the given agents stored, in the order they were stored. */
export function storedAttempts(sql: postgres.Sql, userIds: number[]) {
  return sql<StoredAttempt[]>`select * from attempts where user_id = any(${intArray(userIds)}::int[]) order by id`;
}

/** A stored value as the app sent it: JSON as its text (timestamps already read as text). */
function asSent(value: unknown): Param {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object") return JSON.stringify(value);
  throw new Error(`a stored attempt has a ${typeof value} column the floor cannot send`);
}

/** Every column of a stored attempt but its id, and the ones that are each attempt's own. */
function copyOf(stored: StoredAttempt, own: { client_id: string; user_id: number; served_id: number; created_at: string }) {
  const row: Record<string, Param> = {};
  for (const [column, value] of Object.entries(stored)) if (column !== "id") row[column] = asSent(value);
  return { ...row, ...own };
}

/**
 * `warmupCount` untimed, then `count` timed inserts of copies of `templates`, one statement
 * each, at `connections` concurrency. Each row is a first attempt of an agent of its own at
 * its own open served drill (a copy of the one the template answered), as in the app (one
 * attempt per served drill, one counted attempt per agent and drill): the agents and served
 * drills are made beforehand, outside the timing. Every column is copied, whatever the schema
 * holds. Fails unless every insert stored its row with its JSON as JSON.
 */
export async function runInsertFloor({ sql, team, templates, warmupCount, count, connections, remainingMs }: { sql: postgres.Sql; team: BenchTeam; templates: StoredAttempt[]; warmupCount: number; count: number; connections: number; remainingMs: () => number }) {
  const total = warmupCount + count;
  const templateOf = (i: number) => {
    const template = templates[i % templates.length];
    if (!template || typeof template.served_id !== "number") throw new Error("no stored attempt to copy");
    return { template, servedId: template.served_id };
  };
  const agents = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash, role, team_id)
    select 'bench.floor.' || n || '@bench.example', 'Bench floor ' || n, ${team.passwordHash}, 'agent', ${team.teamId}
    from generate_series(1, ${total}::int) as n
    returning id`;
  const servedOf = new Map<number, number>();
  for (let from = 0; from < total; from += INSERT_CHUNK) {
    const chunk = agents.slice(from, from + INSERT_CHUNK);
    const served = await sql<{ id: number; user_id: number }[]>`
      insert into served_drills (user_id, drill_id, revision_id, reason, is_control, assignment_id)
      select f.user_id, s.drill_id, s.revision_id, s.reason, s.is_control, s.assignment_id
      from unnest(${intArray(chunk.map((a) => a.id))}::int[], ${intArray(chunk.map((_, k) => templateOf(from + k).servedId))}::int[]) as f(user_id, served_id)
      join served_drills s on s.id = f.served_id
      returning id, user_id`;
    for (const row of served) servedOf.set(row.user_id, row.id);
  }

  const insert = (i: number) => {
    const userId = agents[i]?.id;
    const servedId = userId === undefined ? undefined : servedOf.get(userId);
    if (userId === undefined || servedId === undefined) throw new Error(`floor row ${i} has no agent or served drill`);
    const row = copyOf(templateOf(i).template, { client_id: randomUUID(), user_id: userId, served_id: servedId, created_at: new Date().toISOString() });
    return sql`insert into attempts ${sql(row)} returning id`;
  };
  const timing = await timeWorkers({ warmup: warmupCount, count, width: connections, remainingMs, job: insert });

  const userIds = agents.map((agent) => agent.id);
  const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from attempts where user_id = any(${intArray(userIds)}::int[])`;
  const jsonAsText = await attemptsWithJsonAsText(sql, userIds);
  if (stored?.n !== total || jsonAsText > 0) {
    throw new Error(`the insert floor did not write the app's rows: ${total} inserts stored ${stored?.n ?? 0} attempts, ${jsonAsText} with JSON stored as a string`);
  }
  return timing;
}
