import { getDatabase } from "~/app/db.server";

const database = await getDatabase();
await database.migrate();
console.log(`Migrations applied (${database.kind}).`);
await database.close();
