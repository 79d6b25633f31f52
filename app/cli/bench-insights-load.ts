import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type postgres from "postgres";
import { flawRollups, insightRollups } from "~/db/schema";
import { FLAW_ROLLUP_COUNTS } from "~/app/insights/flaw-rollup-rows";
import { ROLLUP_COUNTS } from "~/app/insights/rollup-rows";
import { progress, seconds } from "./bench-insights-run";
import { SLOTS, type Slot, type Starter, type Template } from "./bench-insights-templates";

/**
 * Bulk loading for `bench:insights`, all of it generated in SQL (INSERT … SELECT from
 * generate_series, in chunks): no row makes a round trip. Helper tables live in a schema of
 * their own, `bench`, dropped when loading is done; the app's tables get no extra index.
 */

type Sql = postgres.Sql;

export const TEAMS = 50;
export const AGENTS = 2_000;
/** Agent indexes of the two special agents (after the 2,000 regular ones), both in team 1. */
export const AGENT_50 = AGENTS;
export const AGENT_5000 = AGENTS + 1;
/** Each agent's j-th attempt is at drill (agent × 37 + j) mod DRILLS: distinct drills while j < DRILLS. */
export const DRILLS = 5_500;
const ATTEMPT_CHUNK = 25_000;
const EVENT_CHUNK = 100_000;
const KINDS = ["reply_draft", "summary", "next_step", "knowledge_article", "translation"];

/** JSON goes over as text and is cast in SQL: postgres.js would encode a string parameter typed jsonb a second time. */
const json = (value: unknown) => JSON.stringify(value);

const COUNT_COLUMNS = ROLLUP_COUNTS.map((field) => insightRollups[field].name);
const FLAW_COUNT_COLUMNS = FLAW_ROLLUP_COUNTS.map((field) => flawRollups[field].name);

export async function createHelpers(sql: Sql, { starters, templates, slots }: { starters: Starter[]; templates: Template[]; slots: Slot[] }) {
  await sql.unsafe("create schema bench");
  await sql.unsafe(`
    create table bench.starters as select * from jsonb_to_recordset($1::text::jsonb) as x(starter int, drill_id text, revision_id int)`, [
    json(starters.map((s) => ({ starter: s.starter, drill_id: s.drillId, revision_id: s.revisionId }))),
  ]);
  await sql.unsafe(`
    create table bench.templates as select * from jsonb_to_recordset($1::text::jsonb) as x(
      template int, starter int, decision text, marks jsonb, rewrite text, escalation_reason text, score jsonb,
      flawed boolean, outcome text, points int, game_score real, got_wrong boolean)`, [
    json(templates.map((t) => ({ template: t.template, starter: t.starter, decision: t.decision, marks: t.marks, rewrite: t.rewrite, escalation_reason: t.escalationReason, score: t.score, flawed: t.score.flawed, outcome: t.score.outcome, points: t.score.points, game_score: t.score.gameScore, got_wrong: t.gotWrong }))),
  ]);
  await sql.unsafe(`create table bench.slots as select * from jsonb_to_recordset($1::text::jsonb) as x(starter int, slot int, template int)`, [json(slots)]);
  const rows = templates.flatMap((t) => t.rows.map((row) => ({ template: t.template, flaw_type: row.flawType, ...Object.fromEntries(ROLLUP_COUNTS.map((field) => [insightRollups[field].name, row.counts[field]])) })));
  await sql.unsafe(`create table bench.template_rows as select * from jsonb_to_recordset($1::text::jsonb) as x(template int, flaw_type text, ${COUNT_COLUMNS.map((c) => `${c} int`).join(", ")})`, [json(rows)]);
  const flawRows = templates.flatMap((t) => t.flawRows.map((row) => ({ template: t.template, flaw_index: row.flawIndex, flaw_type: row.flawType, ...Object.fromEntries(FLAW_ROLLUP_COUNTS.map((field) => [flawRollups[field].name, row.counts[field]])) })));
  await sql.unsafe(`create table bench.template_flaws as select * from jsonb_to_recordset($1::text::jsonb) as x(template int, flaw_index int, flaw_type text, ${FLAW_COUNT_COLUMNS.map((c) => `${c} int`).join(", ")})`, [json(flawRows)]);
  const missing = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from generate_series(0, ${SLOTS - 1}) slot cross join bench.starters s where not exists (select 1 from bench.slots x where x.starter = s.starter and x.slot = slot)`);
  if ((missing[0]?.n ?? 0) > 0) throw new Error("a starter drill has an empty answer slot");
}

export async function dropHelpers(sql: Sql) {
  await sql.unsafe("drop schema if exists bench cascade");
}

/** `teamAgentId`: a regular agent of team 1 (5 attempts at 10,000, about 500 at 1,000,000). */
export type Organisation = { leaderId: number; adminId: number; agent50Id: number; agent5000Id: number; teamAgentId: number; team1Id: number; teamIds: number[] };

/** 50 teams, 2,000 agents (40 a team), the two special agents in team 1, a leader of team 1, an admin; ratings for all. */
export async function loadOrganisation(sql: Sql, passwordHash: string): Promise<Organisation> {
  await sql.unsafe(`insert into teams (name) select 'Team ' || lpad(n::text, 2, '0') from generate_series(1, ${TEAMS}) n`);
  const teams = await sql.unsafe<{ id: number }[]>("select id from teams order by name");
  const team1 = teams[0];
  if (!team1) throw new Error("no teams were created");
  await sql.unsafe(
    `insert into users (email, name, password_hash, role, team_id)
     select 'agent' || lpad(i::text, 4, '0') || '@bench.example', 'Agent ' || lpad(i::text, 4, '0'), $1, 'agent', t.id
     from generate_series(0, ${AGENTS - 1}) i join teams t on t.name = 'Team ' || lpad((i % ${TEAMS} + 1)::text, 2, '0')
     order by i`,
    [passwordHash],
  );
  const people = [
    { email: "agent.50@bench.example", name: "Agent With 50", role: "agent" },
    { email: "agent.5000@bench.example", name: "Agent With 5000", role: "agent" },
    { email: "leader@bench.example", name: "Bench Leader", role: "leader" },
    { email: "admin@bench.example", name: "Bench Admin", role: "admin" },
  ];
  const ids = new Map<string, number>();
  for (const person of people) {
    const [row] = await sql.unsafe<{ id: number }[]>("insert into users (email, name, password_hash, role, team_id) values ($1, $2, $3, $4, $5) returning id", [person.email, person.name, passwordHash, person.role, team1.id]);
    if (!row) throw new Error(`inserting ${person.email} returned no id`);
    ids.set(person.email, row.id);
  }
  const idOf = (email: string) => {
    const id = ids.get(email);
    if (id === undefined) throw new Error(`no user ${email}`);
    return id;
  };
  await sql.unsafe("insert into team_leaders (team_id, user_id) values ($1, $2)", [team1.id, idOf("leader@bench.example")]);
  // Per agent: a skill skew (power of the slot draw: above 1 better answers) and production habits, by team.
  await sql.unsafe(`
    create table bench.agents as
    select i as idx, u.id as user_id, u.team_id, (i % ${TEAMS}) + 1 as team_no,
           (0.6 + ((i % ${TEAMS}) % 5) * 0.25)::float8 as skew, (0.35 + ((i % ${TEAMS}) % 5) * 0.1)::float8 as accept_p
    from generate_series(0, ${AGENTS - 1}) i join users u on u.email = 'agent' || lpad(i::text, 4, '0') || '@bench.example'`);
  await sql.unsafe("insert into bench.agents values ($1, $2, $3, 1, 1.3, 0.5), ($4, $5, $3, 1, 1.0, 0.5)", [AGENT_50, idOf("agent.50@bench.example"), team1.id, AGENT_5000, idOf("agent.5000@bench.example")]);
  const [count] = await sql.unsafe<{ n: number }[]>("select count(*)::int as n from bench.agents");
  if (count?.n !== AGENTS + 2) throw new Error(`expected ${AGENTS + 2} bench agents, found ${count?.n}`);
  await sql.unsafe("insert into agent_ratings (user_id, rating, rd, volatility) select user_id, 1350 + random() * 300, 60 + random() * 40, 0.06 from bench.agents");
  const [first] = await sql.unsafe<{ user_id: number; team_id: number }[]>("select user_id, team_id from bench.agents where idx = 0");
  if (!first || first.team_id !== team1.id) throw new Error("agent 0 is not in team 1");
  return { teamAgentId: first.user_id, leaderId: idOf("leader@bench.example"), adminId: idOf("admin@bench.example"), agent50Id: idOf("agent.50@bench.example"), agent5000Id: idOf("agent.5000@bench.example"), team1Id: team1.id, teamIds: teams.map((t) => t.id) };
}

/** DRILLS synthetic drills, each a copy (new id, title numbered) of a starter's current revision. */
export async function loadDrills(sql: Sql) {
  await sql.unsafe(`
    create table bench.drills as
    select n as idx, s.starter, s.drill_id || '-bench-' || lpad(n::text, 4, '0') as drill_id, s.revision_id as source_revision_id, null::int as revision_id
    from generate_series(0, ${DRILLS - 1}) n join bench.starters s on s.starter = n % (select count(*) from bench.starters)`);
  await sql.unsafe(`insert into drills (id, file, status) select b.drill_id, d.file, 'active' from bench.drills b join drill_revisions r on r.id = b.source_revision_id join drills d on d.id = r.drill_id`);
  await sql.unsafe(`
    insert into drill_revisions (drill_id, revision, hash, title, locale, channel, difficulty, skills, flaw_types, content)
    select b.drill_id, 1, r.hash, r.title || ' · ' || b.idx, r.locale, r.channel, r.difficulty, r.skills, r.flaw_types,
           jsonb_set(jsonb_set(r.content, '{id}', to_jsonb(b.drill_id)), '{title}', to_jsonb(r.title || ' · ' || b.idx))
    from bench.drills b join drill_revisions r on r.id = b.source_revision_id`);
  await sql.unsafe("update bench.drills b set revision_id = r.id from drill_revisions r where r.drill_id = b.drill_id");
  await sql.unsafe("update drills d set current_revision_id = b.revision_id from bench.drills b where b.drill_id = d.id");
  await sql.unsafe("insert into drill_ratings (drill_id, rating, rd, volatility) select drill_id, 1350 + random() * 300, 80, 0.06 from bench.drills");
}

/** The span the attempts and events fall in: the last 26 ISO weeks (UTC), up to now. */
export type Span = { from: string; to: string };

type AttemptRun = {
  /** Attempt and served-drill ids are `firstId + s`, s from `from` to `to - 1`. */
  firstId: number;
  from: number;
  to: number;
  /** SQL over the series value s: the agent's index, and which of its attempts this is (j). */
  agent: string;
  j: string;
  label: string;
  remainingMs: () => number;
};

/** Attempts (each with its own closed served drill), their drill review cards and their rollups (agents', teams', controls', flaws'), chunk by chunk. */
export async function loadAttempts(sql: Sql, span: Span, cards: { drill: unknown }, run: AttemptRun) {
  const started = performance.now();
  const total = run.to - run.from;
  for (let lo = run.from; lo < run.to; lo += ATTEMPT_CHUNK) {
    if (run.remainingMs() < 30_000) throw new Error(`ran out of time loading ${run.label}`);
    const hi = Math.min(run.to, lo + ATTEMPT_CHUNK);
    await sql.unsafe(attemptChunkSql(run, lo, hi), [span.from, span.to, json(cards.drill)]);
    const done = hi - run.from;
    const rate = Math.round(done / Math.max(0.001, (performance.now() - started) / 1000));
    if (done === total || (done / ATTEMPT_CHUNK) % 4 === 0) progress(`${run.label}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")} attempts (${rate.toLocaleString("en")}/s)`);
  }
  return seconds(started);
}

function attemptChunkSql(run: AttemptRun, lo: number, hi: number) {
  const sums = COUNT_COLUMNS.map((c) => (c === "time_on_task_ms" ? `sum(tr.${c}::bigint * src.tot)` : `sum(tr.${c})`)).join(", ");
  return `
    with base as materialized (
      select s, ${run.agent} as a, ${run.j} as j, random() as r_slot, random() as r_time, random() as r_tot, random() as r_rating
      from generate_series(${lo}, ${hi - 1}) s
    ), src as materialized (
      select ${run.firstId} + base.s as id, ag.user_id, ag.team_id, d.drill_id, d.revision_id, t.*,
             $1::text::timestamptz + base.r_time * ($2::text::timestamptz - $1::text::timestamptz) as at,
             15000 + floor(base.r_tot * 90000)::int as tot, 1300 + base.r_rating * 400 as rating
      from base
      join bench.agents ag on ag.idx = base.a
      join bench.drills d on d.idx = (base.a * 37 + base.j) % ${DRILLS}
      join bench.slots sl on sl.starter = d.starter and sl.slot = least(${SLOTS - 1}, floor(power(base.r_slot, ag.skew) * ${SLOTS})::int)
      join bench.templates t on t.template = sl.template
    ), served as (
      insert into served_drills (id, user_id, drill_id, revision_id, reason, is_control, served_at, closed_at)
      select id, user_id, drill_id, revision_id, 'practice', not flawed, at - tot * interval '1 millisecond', at from src
    ), inserted as (
      insert into attempts (id, client_id, user_id, drill_id, revision_id, served_id, team_id, decision, marks, rewrite, escalation_reason,
                            time_on_task_ms, score, flawed, outcome, points, game_score, agent_rating, agent_rating_delta, counted, created_at)
      select id, 'bench-' || id, user_id, drill_id, revision_id, id, team_id, decision, marks, rewrite, escalation_reason,
             tot, score, flawed, outcome, points, game_score, rating, (game_score - 0.5) * 20, true, at from src
    ), cards as (
      insert into review_cards (user_id, kind, key, card, due)
      select user_id, 'drill', drill_id, jsonb_set($3::text::jsonb, '{due}', to_jsonb(at + interval '3 days')), at + interval '3 days' from src where got_wrong
    ), team_rollups as (
      insert into team_insight_rollups (team_id, week, flaw_type, ${COUNT_COLUMNS.join(", ")})
      select src.team_id, date_trunc('week', src.at at time zone 'UTC')::date, tr.flaw_type, ${sums}
      from src join bench.template_rows tr on tr.template = src.template
      group by 1, 2, 3
      on conflict (team_id, week, flaw_type) do update set ${COUNT_COLUMNS.map((c) => `${c} = team_insight_rollups.${c} + excluded.${c}`).join(", ")}
    ), controls as (
      insert into control_rollups (team_id, week, revision_id, drill_id, attempts, overridden)
      select team_id, date_trunc('week', at at time zone 'UTC')::date, revision_id, min(drill_id), count(*), count(*) filter (where decision <> 'send')
      from src where not flawed
      group by 1, 2, 3
      on conflict (team_id, week, revision_id) do update set attempts = control_rollups.attempts + excluded.attempts, overridden = control_rollups.overridden + excluded.overridden
    ), flaws as (
      insert into flaw_rollups (team_id, week, revision_id, flaw_index, drill_id, flaw_type, ${FLAW_COUNT_COLUMNS.join(", ")})
      select src.team_id, date_trunc('week', src.at at time zone 'UTC')::date, src.revision_id, tf.flaw_index, min(src.drill_id), min(tf.flaw_type), ${FLAW_COUNT_COLUMNS.map((c) => `sum(tf.${c})`).join(", ")}
      from src join bench.template_flaws tf on tf.template = src.template
      group by 1, 2, 3, 4
      on conflict (team_id, week, revision_id, flaw_index) do update set ${FLAW_COUNT_COLUMNS.map((c) => `${c} = flaw_rollups.${c} + excluded.${c}`).join(", ")}
    ), organisation_controls as (
      insert into organisation_control_rollups (week, revision_id, drill_id, attempts, overridden)
      select date_trunc('week', at at time zone 'UTC')::date, revision_id, min(drill_id), count(*), count(*) filter (where decision <> 'send')
      from src where not flawed
      group by 1, 2
      on conflict (week, revision_id) do update set attempts = organisation_control_rollups.attempts + excluded.attempts, overridden = organisation_control_rollups.overridden + excluded.overridden
    ), organisation_flaws as (
      insert into organisation_flaw_rollups (week, revision_id, flaw_index, drill_id, flaw_type, ${FLAW_COUNT_COLUMNS.join(", ")})
      select date_trunc('week', src.at at time zone 'UTC')::date, src.revision_id, tf.flaw_index, min(src.drill_id), min(tf.flaw_type), ${FLAW_COUNT_COLUMNS.map((c) => `sum(tf.${c})`).join(", ")}
      from src join bench.template_flaws tf on tf.template = src.template
      group by 1, 2, 3
      on conflict (week, revision_id, flaw_index) do update set ${FLAW_COUNT_COLUMNS.map((c) => `${c} = organisation_flaw_rollups.${c} + excluded.${c}`).join(", ")}
    )
    insert into insight_rollups (team_id, user_id, week, flaw_type, ${COUNT_COLUMNS.join(", ")})
    select src.team_id, src.user_id, date_trunc('week', src.at at time zone 'UTC')::date, tr.flaw_type, ${sums}
    from src join bench.template_rows tr on tr.template = src.template
    group by 1, 2, 3, 4
    on conflict (team_id, user_id, week, flaw_type) do update set ${COUNT_COLUMNS.map((c) => `${c} = insight_rollups.${c} + excluded.${c}`).join(", ")}`;
}

/** Moves the id sequences past the explicit ids the loads used, so that the app's own inserts do not collide. */
export async function syncSequences(sql: Sql) {
  for (const table of ["attempts", "served_drills"]) {
    await sql.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})))`);
  }
}

/** One flaw-type review card per agent and type (as an agent who practised every type has). */
export async function loadFlawTypeCards(sql: Sql, card: unknown) {
  await sql.unsafe(
    `insert into review_cards (user_id, kind, key, card, due)
     select a.user_id, 'flaw_type', t.type, $1::text::jsonb, now() + interval '2 days'
     from bench.agents a cross join unnest(array['hallucination', 'missing_citation', 'fabricated_citation', 'restricted_data', 'tone']) as t(type)
     on conflict do nothing`,
    [json(card)],
  );
}

export async function createApiToken(sql: Sql, adminId: number) {
  const [row] = await sql.unsafe<{ id: number }[]>("insert into api_tokens (name, token_hash, created_by) values ('bench', md5(random()::text), $1) returning id", [adminId]);
  if (!row) throw new Error("creating the API token returned no id");
  return row.id;
}

/** Production AI-assist events of the regular agents, ids `bench-<s>`; edit ratios never on a 5 % bucket edge. */
export async function loadEvents(sql: Sql, span: Span, { from, to, tokenId, remainingMs }: { from: number; to: number; tokenId: number; remainingMs: () => number }) {
  const started = performance.now();
  for (let lo = from; lo < to; lo += EVENT_CHUNK) {
    if (remainingMs() < 30_000) throw new Error("ran out of time loading events");
    const hi = Math.min(to, lo + EVENT_CHUNK);
    await sql.unsafe(
      `with base as materialized (
         select s, floor(random() * ${AGENTS})::int as a, random() as r_act, random() as r_time, random() as r_kind, random() as r_ratio, random() as r_null
         from generate_series(${lo}, ${hi - 1}) s
       )
       insert into assist_events (external_id, user_id, team_id, occurred_at, action, suggestion_kind, edit_ratio, token_id, received_at)
       select 'bench-' || base.s, ag.user_id, ag.team_id, x.at, x.action,
              case when base.r_null < 0.05 then null else ($3::text[])[1 + floor(base.r_kind * ${KINDS.length})::int] end,
              case when x.action = 'edited' and base.r_null >= 0.1 then (floor(base.r_ratio * 100) + 0.5) / 100 end,
              $4, x.at + interval '2 seconds'
       from base join bench.agents ag on ag.idx = base.a
       cross join lateral (
         select $1::text::timestamptz + base.r_time * ($2::text::timestamptz - $1::text::timestamptz) as at,
                case when base.r_act < ag.accept_p then 'accepted' when base.r_act < ag.accept_p + 0.3 then 'edited' else 'rejected' end as action
       ) x`,
      [span.from, span.to, `{${KINDS.join(",")}}`, tokenId],
    );
    const done = hi - from;
    if (done === to - from || (done / EVENT_CHUNK) % 3 === 0) progress(`events: ${done.toLocaleString("en")} / ${(to - from).toLocaleString("en")}`);
  }
  return seconds(started);
}

/** Recomputes the assist rollups from every event (team × agent × ISO week × kind), then the teams' from them. */
export async function rebuildAssistRollups(sql: Sql) {
  const started = performance.now();
  const buckets = Array.from({ length: 20 }, (_, i) => `count(*) filter (where action = 'edited' and edit_ratio is not null and least(19, floor(edit_ratio * 20)::int) = ${i})::int`).join(", ");
  await sql.unsafe("delete from assist_rollups");
  await sql.unsafe(`
    insert into assist_rollups (team_id, user_id, week, suggestion_kind, accepted, rejected, edited_unknown_ratio, edited_by_ratio)
    select team_id, user_id, date_trunc('week', occurred_at at time zone 'UTC')::date, coalesce(suggestion_kind, ''),
           count(*) filter (where action = 'accepted'), count(*) filter (where action = 'rejected'),
           count(*) filter (where action = 'edited' and edit_ratio is null), array[${buckets}]
    from assist_events group by 1, 2, 3, 4`);
  await sql.unsafe("delete from team_assist_rollups");
  await sql.unsafe(`
    insert into team_assist_rollups (team_id, week, suggestion_kind, accepted, rejected, edited_unknown_ratio, edited_by_ratio)
    select team_id, week, suggestion_kind, sum(accepted), sum(rejected), sum(edited_unknown_ratio),
           array[${Array.from({ length: 20 }, (_, i) => `sum(edited_by_ratio[${i + 1}])`).join(", ")}]::int[]
    from assist_rollups group by 1, 2, 3`);
  return seconds(started);
}

/**
 * What the attempts' transactions keep beside the rollups (agent_ratings' time to proficiency and
 * day streak, so far) is filled in by the data migrations that backfill it for agents with
 * history: `<n>_backfill_<what>.sql`, each filling only what is still empty. They are re-run here,
 * in order, over the loaded attempts; returns the files run.
 */
export async function rerunBackfills(sql: Sql) {
  const files = readdirSync("db/migrations")
    .filter((name) => /^\d+_backfill_[\w-]*\.sql$/.test(name))
    .sort();
  for (const file of files) {
    for (const statement of readFileSync(path.join("db/migrations", file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim() !== "") await sql.unsafe(statement);
    }
  }
  return files;
}

/** The synthetic drills' ids: a start-up sync of the app retires them (they have no files), so they are made live again after one. */
export async function reviveDrills(sql: Sql) {
  await sql.unsafe(`update drills set status = 'active' where id like '%-bench-%' and status <> 'active'`);
}

export async function vacuumAnalyze(sql: Sql) {
  const started = performance.now();
  await sql.unsafe("vacuum (analyze)");
  // Written out now, so the checkpointer is not flushing the bulk load's pages during the timed requests.
  await sql.unsafe("checkpoint").catch((error: unknown) => progress(`no checkpoint before timing (${error instanceof Error ? error.message : String(error)}): needs a superuser or pg_checkpoint`));
  return seconds(started);
}
