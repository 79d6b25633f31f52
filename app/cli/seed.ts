import { DEMO_PASSWORD, isEmpty, seedDemo } from "~/db/seed";
import { hashPassword } from "~/app/auth/password.server";
import { getConnection } from "~/app/db.server";

const connection = await getConnection();
await connection.migrate();
if (await isEmpty(connection.db)) {
  const accounts = await seedDemo({ db: connection.db, passwordHash: await hashPassword(DEMO_PASSWORD) });
  console.log(`Seeded ${accounts.length} demo accounts (password "${DEMO_PASSWORD}").`);
} else {
  console.log("The database already has users; the demo seed only runs on an empty database.");
}
await connection.close();
