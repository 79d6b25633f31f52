import { parseArgs } from "node:util";
import { getConnection } from "~/app/db.server";
import { exportStudioDrills } from "~/app/studio/export.server";

const USAGE = `Usage: npm run content:export -- --out <dir>

Writes every studio drill's latest published revision as a drill file, <dir>/<theme>/<id>.yaml,
from the database (DATABASE_URL, or the embedded database in DATA_DIR). content:check accepts the
files, and content:sync of them adds no revision: the files then take the drills over.`;

const { values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean", short: "h", default: false } } });

if (values.help) {
  console.log(USAGE);
} else if (!values.out) {
  console.error(`content:export: say where to write the files with --out <dir>\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  const connection = await getConnection();
  try {
    await connection.migrate();
    const summary = await exportStudioDrills({ db: connection.db, outDir: values.out });
    for (const file of summary.written) console.log(`wrote ${file}`);
    for (const { id, reason } of summary.skipped) console.log(`skipped ${id} (${reason})`);
    console.log(`content:export: ${summary.written.length} studio drill${summary.written.length === 1 ? "" : "s"} written to ${values.out}`);
  } finally {
    await connection.close();
  }
}
