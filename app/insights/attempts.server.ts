import { and, asc, desc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions, teams, users } from "~/db/schema";
import type { FlawType } from "~/app/vocabulary";
import type { WeekRange } from "./filters";

/**
 * First attempts themselves, for the two things rollups cannot give: an agent's recent attempts
 * with their outcome, and the export of every first attempt. Both are scoped to teams in the
 * viewer's scope and the window, read only counted attempts, and never the agent's rewrite.
 */

const count = (field: string) => sql<number>`(${attempts.score}->'counts'->>${field})::int`.mapWith(Number);

const COLUMNS = {
  id: attempts.id,
  at: attempts.createdAt,
  teamName: teams.name,
  agentName: users.name,
  agentEmail: users.email,
  drillId: attempts.drillId,
  drillTitle: drillRevisions.title,
  flawed: attempts.flawed,
  decision: attempts.decision,
  expected: sql<string>`${attempts.score}->>'expected'`,
  outcome: attempts.outcome,
  planted: count("planted"),
  caught: count("caught"),
  correctlyTyped: count("correctlyTyped"),
  missed: count("missed"),
  marks: count("marks"),
  falseFlags: count("falseFlags"),
  points: attempts.points,
  timeOnTaskMs: attempts.timeOnTaskMs,
};

type Filter = { teamIds: readonly number[]; range: WeekRange; flawType: FlawType | null; userId?: number };

function where({ teamIds, range, flawType, userId }: Filter) {
  return and(
    inArray(attempts.teamId, [...teamIds]),
    eq(attempts.counted, true),
    gte(attempts.createdAt, range.since),
    lt(attempts.createdAt, range.until),
    userId === undefined ? undefined : eq(attempts.userId, userId),
    // A flaw type narrows to the drafts that plant it, as the rollups' type rows do.
    flawType === null ? undefined : sql`${drillRevisions.flawTypes} @> ${JSON.stringify([flawType])}::jsonb`,
  );
}

function select(db: Db) {
  return db
    .select(COLUMNS)
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .innerJoin(users, eq(users.id, attempts.userId))
    .innerJoin(teams, eq(teams.id, attempts.teamId));
}

type FirstAttempt = Awaited<ReturnType<typeof recentFirstAttempts>>[number];

/** One agent's latest first attempts in a team over the window (the `(user_id, created_at)` index). */
export async function recentFirstAttempts({ db, teamId, userId, range, flawType, limit = 20 }: { db: Db; teamId: number; userId: number; range: WeekRange; flawType: FlawType | null; limit?: number }) {
  return select(db)
    .where(where({ teamIds: [teamId], range, flawType, userId }))
    .orderBy(desc(attempts.createdAt), desc(attempts.id))
    .limit(limit);
}

const EXPORT_PAGE = 1_000;

/** Every first attempt matching the filter, a page at a time in id order (keyset), so an export holds one page in memory. */
export async function* firstAttemptPages({ db, pageSize = EXPORT_PAGE, ...filter }: Filter & { db: Db; pageSize?: number }): AsyncGenerator<FirstAttempt[]> {
  if (filter.teamIds.length === 0) return;
  let after = 0;
  for (;;) {
    const page = await select(db)
      .where(and(where(filter), gt(attempts.id, after)))
      .orderBy(asc(attempts.id))
      .limit(pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.id;
  }
}
