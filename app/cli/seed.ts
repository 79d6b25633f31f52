import { DEMO_PASSWORD, isEmpty, seedDemo } from "~/db/seed";
import { hashPassword } from "~/app/auth/password.server";
import { getDatabase } from "~/app/db.server";

const database = await getDatabase();
await database.migrate();
if (await isEmpty(database.db)) {
  const accounts = await seedDemo({ db: database.db, passwordHash: await hashPassword(DEMO_PASSWORD) });
  console.log(`Seeded ${accounts.length} demo accounts (password "${DEMO_PASSWORD}").`);
} else {
  console.log("The database already has users; the demo seed only runs on an empty database.");
}
await database.close();
