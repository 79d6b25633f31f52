import { parseArgs } from "node:util";
import { formatContentError } from "~/app/content/errors";
import { formatSyncSummary, syncLibrary } from "~/app/content/sync.server";
import { getConnection } from "~/app/db.server";

const USAGE = `Usage: npm run content:sync -- [--policies <dir>] [--drills <dir>]

Imports the policy sources and drill library into the database (DATABASE_URL, or the embedded
database in DATA_DIR). All or nothing: a library with any error imports nothing.`;

const { values } = parseArgs({
  options: {
    policies: { type: "string", default: "policies" },
    drills: { type: "string", default: "drills" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(USAGE);
} else {
  const connection = await getConnection();
  try {
    await connection.migrate();
    const result = await syncLibrary({ db: connection.db, directories: { policiesDir: values.policies, drillsDir: values.drills } });
    if (result.ok) {
      console.log(formatSyncSummary(result.summary));
    } else {
      for (const error of result.errors) console.error(formatContentError(error));
      console.error(`content:sync: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"}; nothing was imported`);
      process.exitCode = 1;
    }
  } finally {
    await connection.close();
  }
}
