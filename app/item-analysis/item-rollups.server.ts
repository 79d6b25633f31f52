import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillItemRollups } from "~/db/schema";
import { RATING_CENTRE, RIGHT_DECISION, ratingBefore } from "./attempt-figures.server";

/**
 * drill_item_rollups (db/insights-schema.ts): per drill, what its counted attempts add to the drill
 * list's item analysis. Computed in SQL from the stored attempt, with the same expressions as the
 * list and the drill page (attempt-figures.server.ts), so an attempt counted as it is made and one
 * counted by a rebuild add the same numbers.
 */

function perDrill(where: SQL) {
  return sql`
    select drill_id, count(*)::int, sum(r)::int, sum(y), sum(y * y), sum(r * y), min(y), max(y)
    from (select drill_id, ${RIGHT_DECISION} as r, ${ratingBefore} - ${sql.raw(String(RATING_CENTRE))} as y from attempts where counted and ${where}) counted
    group by drill_id`;
}

const COLUMNS = sql`(drill_id, attempts, right_decisions, rating_sum, rating_square_sum, right_rating_sum, lowest_rating, highest_rating)`;

/** Adds one counted attempt to its drill's row; called in the attempt's own transaction. */
export async function countIntoItemRollup({ tx, attemptId }: { tx: Db; attemptId: number }) {
  await tx.execute(sql`
    insert into drill_item_rollups ${COLUMNS} ${perDrill(sql`id = ${attemptId}`)}
    on conflict (drill_id) do update set
      attempts = drill_item_rollups.attempts + excluded.attempts,
      right_decisions = drill_item_rollups.right_decisions + excluded.right_decisions,
      rating_sum = drill_item_rollups.rating_sum + excluded.rating_sum,
      rating_square_sum = drill_item_rollups.rating_square_sum + excluded.rating_square_sum,
      right_rating_sum = drill_item_rollups.right_rating_sum + excluded.right_rating_sum,
      lowest_rating = least(drill_item_rollups.lowest_rating, excluded.lowest_rating),
      highest_rating = greatest(drill_item_rollups.highest_rating, excluded.highest_rating)`);
}

/** Recomputes every drill's row from the counted attempts (inside the rebuild's transaction). */
export async function rebuildItemRollups({ tx }: { tx: Db }) {
  await tx.delete(drillItemRollups);
  await tx.execute(sql`insert into drill_item_rollups ${COLUMNS} ${perDrill(sql`true`)}`);
}
