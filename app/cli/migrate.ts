import { getConnection } from "~/app/db.server";

const connection = await getConnection();
await connection.migrate();
console.log(`Migrations applied (${connection.kind}).`);
await connection.close();
