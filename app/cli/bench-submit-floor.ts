import { randomUUID } from "node:crypto";
import postgres from "postgres";

// ── the floor: bare postgres.js inserting the same rows ──

export type FloorResult = { inserts: number; seconds: number; latencies: number[] };

export type Template = {
  user_id: number;
  drill_id: string;
  revision_id: number;
  assignment_id: number | null;
  decision: string;
  marks: unknown;
  rewrite: string | null;
  escalation_reason: string | null;
  time_on_task_ms: number;
  result: unknown;
  flawed: boolean;
  outcome: string;
  points: number;
  game_score: number;
  agent_rating: number;
  agent_rating_delta: number;
};

export async function runFloor({ sql, templates, warmupCount, count, connections, remainingMs }: { sql: postgres.Sql; templates: Template[]; warmupCount: number; count: number; connections: number; remainingMs: () => number }): Promise<FloorResult> {
  // Each insert needs its own served drill, as in the app: created beforehand, outside the timing.
  const total = warmupCount + count;
  const servedIds: number[] = new Array<number>(total);
  let prepared = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = prepared++; i < total; i = prepared++) {
        const t = templates[i % templates.length];
        if (!t) throw new Error("no template attempt");
        const [row] = await sql<{ id: number }[]>`
          insert into served_drills (user_id, drill_id, revision_id, reason, is_control, assignment_id)
          values (${t.user_id}, ${t.drill_id}, ${t.revision_id}, 'practice', ${!t.flawed}, ${t.assignment_id})
          returning id`;
        if (!row) throw new Error("served insert returned nothing");
        servedIds[i] = row.id;
      }
    }),
  );

  const insert = (i: number) => {
    const t = templates[i % templates.length];
    const servedId = servedIds[i];
    if (!t || servedId === undefined) throw new Error(`floor row ${i} has no template or served drill`);
    return sql`
      insert into attempts (client_id, user_id, drill_id, revision_id, served_id, assignment_id, decision, marks, rewrite,
        escalation_reason, time_on_task_ms, result, flawed, outcome, points, game_score, agent_rating, agent_rating_delta, created_at)
      values (${randomUUID()}, ${t.user_id}, ${t.drill_id}, ${t.revision_id}, ${servedId}, ${t.assignment_id}, ${t.decision},
        ${JSON.stringify(t.marks)}::jsonb, ${t.rewrite}, ${t.escalation_reason}, ${t.time_on_task_ms}, ${JSON.stringify(t.result)}::jsonb,
        ${t.flawed}, ${t.outcome}, ${t.points}, ${t.game_score}, ${t.agent_rating}, ${t.agent_rating_delta}, ${new Date()})
      returning id`;
  };

  const run = async (from: number, to: number, latencies: number[] | null) => {
    let next = from;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        for (let i = next++; i < to; i = next++) {
          if (remainingMs() < 5_000) throw new Error("ran out of time during the floor");
          const began = performance.now();
          await insert(i);
          latencies?.push(performance.now() - began);
        }
      }),
    );
  };

  await run(0, warmupCount, null);
  const latencies: number[] = [];
  const began = performance.now();
  await run(warmupCount, total, latencies);
  const seconds = (performance.now() - began) / 1000;
  return { inserts: latencies.length, seconds, latencies: latencies.sort((a, b) => a - b) };
}

