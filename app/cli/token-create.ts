import { parseArgs } from "node:util";
import { getConnection } from "~/app/db.server";
import { tokenNameField } from "~/app/production/token-schema";
import { createApiToken } from "~/app/production/tokens.server";

const usage = `Usage: npm run token:create -- --name NAME
Creates a bearer token for POST /api/v1/override-events and /api/v1/drill-candidates and prints it once, on standard output
(the note around it goes to standard error, so TOKEN=$(npm run -s token:create -- --name X) works).
Only its hash is stored; revoke it on the admin page /admin/tokens.`;

async function main() {
  const { values } = parseArgs({ options: { name: { type: "string" }, help: { type: "boolean", default: false } } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const name = tokenNameField.safeParse(values.name);
  if (!name.success) {
    console.error(`--name: ${name.error.issues[0]?.message ?? "invalid"}`);
    console.error(usage);
    return 2;
  }
  const connection = await getConnection();
  try {
    await connection.migrate();
    const created = await createApiToken({ db: connection.db, actorId: null, name: name.data });
    process.stderr.write(`Created API token #${created.id} "${created.name}". Copy it now: it is not shown again.\n`);
    process.stdout.write(`${created.token}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}

process.exitCode = await main();
