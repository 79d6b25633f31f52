import { inArray, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { assistEvents, assistRollups, teamAssistRollups, users } from "~/db/schema";
import { normalizeEmail } from "~/app/auth/sign-in.server";
import { isoWeekStart } from "~/app/insights/rollup-rows";
import type { AssistEvent, ItemError, ValidatedBatch } from "./events";
import { addAssistCounts, countsOfEvent, type AssistCounts } from "./tally";

/** What a batch came to: every item is exactly one of accepted, duplicate or rejected. */
export type IngestResult = { accepted: number; duplicates: number; rejected: number; errors: ItemError[] };

// Keeps each statement's parameters well under PostgreSQL's 65,535.
const CHUNK = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

type Agent = { id: number; teamId: number; role: string };

/** The agents a batch names, by normalised email and by agentRef, in two queries. */
async function resolveAgents(tx: Db, events: readonly AssistEvent[]) {
  const emails = [...new Set(events.flatMap((event) => ("email" in event.agent ? [normalizeEmail(event.agent.email)] : [])))];
  const refs = [...new Set(events.flatMap((event) => ("ref" in event.agent ? [event.agent.ref] : [])))];
  const byEmail = new Map<string, Agent>();
  const byRef = new Map<string, Agent>();
  const columns = { id: users.id, teamId: users.teamId, role: users.role, email: users.email, agentRef: users.agentRef };
  for (const part of chunks(emails)) {
    for (const user of await tx.select(columns).from(users).where(inArray(users.email, part))) byEmail.set(user.email, user);
  }
  for (const part of chunks(refs)) {
    for (const user of await tx.select(columns).from(users).where(inArray(users.agentRef, part))) if (user.agentRef !== null) byRef.set(user.agentRef, user);
  }
  return (event: AssistEvent): Agent | string => {
    const field = "email" in event.agent ? "agentEmail" : "agentRef";
    const agent = "email" in event.agent ? byEmail.get(normalizeEmail(event.agent.email)) : byRef.get(event.agent.ref);
    if (!agent) return `${field}: no user has this ${field === "agentEmail" ? "email" : "agent reference"}`;
    // Leaders' production figures are about agents; an admin's or author's clicks would blur them.
    if (agent.role !== "agent") return `${field}: this user is not an agent`;
    return agent;
  };
}

type StoredEvent = { teamId: number; userId: number; occurredAt: Date; action: AssistEvent["action"]; suggestionKind: string | null; editRatio: number | null };

/** The events' counts summed per key, in key order (so concurrent batches lock rows in the same order). */
function countsBy<K extends Record<string, unknown>>(stored: readonly StoredEvent[], keyOf: (event: StoredEvent, week: string, suggestionKind: string) => K) {
  const rows = new Map<string, K & { counts: AssistCounts }>();
  for (const event of stored) {
    const key = keyOf(event, isoWeekStart(event.occurredAt), event.suggestionKind ?? "");
    const id = JSON.stringify(Object.values(key));
    const row = rows.get(id);
    const counts = countsOfEvent(event);
    if (row) row.counts = addAssistCounts(row.counts, counts);
    else rows.set(id, { ...key, counts });
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

const add = (column: AnyPgColumn) => sql`${column} + excluded.${sql.identifier(column.name)}`;
const addBuckets = (column: AnyPgColumn) => sql`array(select stored + added from unnest(${column}, excluded.edited_by_ratio) with ordinality as bucket(stored, added, i) order by i)`;

/** Adds newly stored events to the rollups: one upsert per team × agent × week × kind, then per team × week × kind. */
async function addToRollups(tx: Db, stored: readonly StoredEvent[]) {
  const agentRows = countsBy(stored, (event, week, suggestionKind) => ({ teamId: event.teamId, userId: event.userId, week, suggestionKind }));
  for (const part of chunks(agentRows)) {
    await tx
      .insert(assistRollups)
      .values(part.map(({ counts, ...key }) => ({ ...key, ...counts, editedByRatio: [...counts.editedByRatio] })))
      .onConflictDoUpdate({
        target: [assistRollups.teamId, assistRollups.userId, assistRollups.week, assistRollups.suggestionKind],
        set: { accepted: add(assistRollups.accepted), rejected: add(assistRollups.rejected), editedUnknownRatio: add(assistRollups.editedUnknownRatio), editedByRatio: addBuckets(assistRollups.editedByRatio) },
      });
  }
  const teamRows = countsBy(stored, (event, week, suggestionKind) => ({ teamId: event.teamId, week, suggestionKind }));
  for (const part of chunks(teamRows)) {
    await tx
      .insert(teamAssistRollups)
      .values(part.map(({ counts, ...key }) => ({ ...key, ...counts, editedByRatio: [...counts.editedByRatio] })))
      .onConflictDoUpdate({
        target: [teamAssistRollups.teamId, teamAssistRollups.week, teamAssistRollups.suggestionKind],
        set: { accepted: add(teamAssistRollups.accepted), rejected: add(teamAssistRollups.rejected), editedUnknownRatio: add(teamAssistRollups.editedUnknownRatio), editedByRatio: addBuckets(teamAssistRollups.editedByRatio) },
      });
  }
}

/**
 * Stores the valid events of a batch and counts them into `assist_rollups`, in one transaction.
 * Agents are found by email or agentRef and never created: an unknown one rejects its item. An
 * external id seen before (in an earlier batch or earlier in this one) is a duplicate and changes
 * nothing, so a client may resend a batch after a timeout. The team is the agent's team now.
 */
export async function ingestEvents({ db, batch, tokenId = null }: { db: Db; batch: ValidatedBatch; tokenId?: number | null }): Promise<IngestResult> {
  const errors = [...batch.errors];
  let duplicates = 0;
  const stored = await db.transaction(async (tx) => {
    const agentOf = await resolveAgents(tx, batch.valid.map(({ event }) => event));
    const seen = new Set<string>();
    const rows: (typeof assistEvents.$inferInsert)[] = [];
    for (const { index, event } of batch.valid) {
      const agent = agentOf(event);
      if (typeof agent === "string") {
        errors.push({ index, reason: agent });
        continue;
      }
      if (seen.has(event.externalId)) {
        duplicates += 1;
        continue;
      }
      seen.add(event.externalId);
      rows.push({
        externalId: event.externalId,
        userId: agent.id,
        teamId: agent.teamId,
        occurredAt: event.occurredAt,
        action: event.action,
        suggestionKind: event.suggestionKind,
        editRatio: event.editRatio,
        tokenId,
      });
    }
    // In external-id order, so two batches sharing ids wait for each other instead of deadlocking.
    rows.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
    const inserted: StoredEvent[] = [];
    for (const part of chunks(rows)) {
      inserted.push(
        ...(await tx
          .insert(assistEvents)
          .values(part)
          .onConflictDoNothing({ target: assistEvents.externalId })
          .returning({
            teamId: assistEvents.teamId,
            userId: assistEvents.userId,
            occurredAt: assistEvents.occurredAt,
            action: assistEvents.action,
            suggestionKind: assistEvents.suggestionKind,
            editRatio: assistEvents.editRatio,
          })),
      );
    }
    duplicates += rows.length - inserted.length;
    await addToRollups(tx, inserted);
    return inserted.length;
  });
  errors.sort((a, b) => a.index - b.index);
  return { accepted: stored, duplicates, rejected: errors.length, errors };
}
