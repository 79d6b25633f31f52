import { getConnection } from "~/app/db.server";
import { rebuildRollups } from "~/app/insights/rollups.server";
import { rebuildTierHistory } from "~/app/practice/tier-history.server";

/** `npm run insights:rebuild`: recomputes the insight rollups and the tier history from the counted attempts (DATABASE_URL, or the embedded database). */
const connection = await getConnection();
try {
  await connection.migrate();
  const started = performance.now();
  const { attempts } = await rebuildRollups({ db: connection.db });
  const tiers = await rebuildTierHistory({ db: connection.db });
  console.log(`insights:rebuild: ${attempts} first attempts rolled up, ${tiers.changes} tier changes for ${tiers.agents} agents, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await connection.close();
}
