import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { teams } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { passwordField, UserFieldsSchema } from "~/app/admin/user-schema";
import { createUser } from "~/app/admin/users.server";
import { getConnection } from "~/app/db.server";

const usage = `Usage: npm run user:create -- --email EMAIL --role agent|author|leader|admin [--name NAME] [--team TEAM]
The password is read from standard input (typed at a prompt, or piped: echo "$PASSWORD" | npm run user:create -- ...).
The team is created when it does not exist (default "Administrators").`;

async function readPassword() {
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Hide the typed characters: readline echoes through _writeToOutput.
    const muted = rl as unknown as { _writeToOutput: (s: string) => void };
    rl.write("Password: ");
    muted._writeToOutput = () => {};
    const answer = await rl.question("");
    rl.close();
    process.stdout.write("\n");
    return answer;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      team: { type: "string", default: "Administrators" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const args = UserFieldsSchema.omit({ teamId: true })
    .extend({ team: z.string().trim().min(1, "Enter a team name.") })
    .safeParse({ email: values.email, role: values.role, name: values.name ?? values.email?.split("@")[0], team: values.team });
  if (!args.success) {
    for (const issue of args.error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
    console.error(usage);
    return 2;
  }
  const password = passwordField.safeParse(await readPassword());
  if (!password.success) {
    console.error(`password: ${password.error.issues[0]?.message ?? "invalid"}`);
    return 2;
  }

  const connection = await getConnection();
  try {
    await connection.migrate();
    const { db } = connection;
    const [existing] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, args.data.team));
    const teamId = existing?.id ?? (await db.insert(teams).values({ name: args.data.team }).returning({ id: teams.id }))[0]?.id;
    if (teamId === undefined) throw new Error("could not create the team");
    const user = await createUser({
      db,
      actorId: null,
      input: { email: args.data.email, name: args.data.name, role: args.data.role, teamId },
      password: password.data,
    });
    console.log(`Created ${args.data.role} ${user.email} (user #${user.id}) in team "${args.data.team}".`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`${error.field === "password" ? "password" : `--${error.field}`}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await connection.close();
  }
}

process.exitCode = await main();
