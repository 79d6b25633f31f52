import type { Connection } from "~/db/client.server";
import { DEMO_PASSWORD, isEmpty, seedDemo, seedDemoAssignment, seedDemoNearMisses } from "~/db/seed";
import { hashPassword } from "~/app/auth/password.server";
import { formatContentError } from "~/app/content/errors";
import { formatSyncSummary, syncLibrary } from "~/app/content/sync.server";
import type { Env } from "~/app/env.server";
import { rebuildRollups, rollupsMissing } from "~/app/insights/rollups.server";
import { agentsWithoutTierHistory, rebuildTierHistory } from "~/app/practice/tier-history.server";

/**
 * Migrates, imports the content library, and seeds the demo organisation
 * into an empty database when it is the embedded default (or when --demo
 * asks for it). Production never gets demo accounts unless --demo is given.
 * An invalid library is reported and skipped: the app keeps serving the
 * content it imported last.
 */
export async function prepareDatabase({ connection, env, demo }: { connection: Connection; env: Env; demo: boolean }) {
  await connection.migrate();
  const summary: string[] = [];
  const sync = await syncLibrary({ db: connection.db, directories: { policiesDir: "policies", drillsDir: "drills" } });
  if (sync.ok) {
    summary.push(formatSyncSummary(sync.summary));
  } else {
    for (const error of sync.errors) console.error(formatContentError(error));
    summary.push(`content: NOT imported, ${sync.errors.length} errors in the library (run npm run content:check)`);
  }
  // A database migrated from before the rollups holds attempts they do not count yet.
  if (await rollupsMissing({ db: connection.db })) {
    const { attempts } = await rebuildRollups({ db: connection.db });
    summary.push(`Rolled up ${attempts} first attempts for the insights.`);
  }
  // Likewise the tier history, kept since migration 0017.
  const withoutTiers = await agentsWithoutTierHistory({ db: connection.db });
  if (withoutTiers.length > 0) {
    const { changes } = await rebuildTierHistory({ db: connection.db, userIds: withoutTiers });
    summary.push(`Recorded ${changes} tier changes for ${withoutTiers.length} agents.`);
  }
  const wantsDemo = demo || (connection.kind === "pglite" && env.NODE_ENV !== "production");
  if (wantsDemo && (await isEmpty(connection.db))) {
    await seedDemo({ db: connection.db, passwordHash: await hashPassword(DEMO_PASSWORD) });
    const assignment = await seedDemoAssignment({ db: connection.db });
    const nearMisses = await seedDemoNearMisses({ db: connection.db });
    summary.push(`Seeded the demo organisation${assignment ? " and an assignment for Returns & Refunds" : ""}, with ${nearMisses} near-miss reports of the last three months.`);
  }
  if (wantsDemo) summary.push(...demoSignInLines());
  return { summary };
}

function demoSignInLines() {
  return [
    `Sign in with any demo account, password "${DEMO_PASSWORD}":`,
    "  admin   admin@northwind.example",
    "  author  priya.author@northwind.example",
    "  leader  marcus.leader@northwind.example",
    "  agent   dana.agent@northwind.example",
    "  (all 12 accounts are listed in README.md)",
  ];
}
