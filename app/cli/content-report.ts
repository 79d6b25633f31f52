import { parseArgs } from "node:util";
import { getConnection } from "~/app/db.server";
import { formatContentReport } from "~/app/item-analysis/content-report";
import { contentReport } from "~/app/item-analysis/content-report.server";

const USAGE = `Usage: npm run content:report -- [--json]

The ground-truth report, from the database (DATABASE_URL, or the embedded database in DATA_DIR):
the published library's mix (flaw types, controls, locales, difficulties) and, for every drill with
enough first attempts (the item-analysis minimum, an admin setting), its facility, discrimination
and open hints, the drills with the most hints first. --json prints one JSON object instead.`;

function parseOptions() {
  try {
    return parseArgs({ options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const options = parseOptions();
if (options.help) {
  console.log(USAGE);
} else {
  const connection = await getConnection();
  try {
    await connection.migrate();
    const report = await contentReport({ db: connection.db });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatContentReport(report));
  } finally {
    await connection.close();
  }
}
