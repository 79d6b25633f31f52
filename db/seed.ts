import { count } from "drizzle-orm";
import type { Db } from "./client.server";
import { makeTeam, makeUser } from "./factories";
import { users, type Role } from "./schema";

export const DEMO_PASSWORD = "redline-demo";

type DemoUser = { email: string; name: string; role: Role; team: string; leads?: string[] };

const DEMO_TEAMS = ["Returns & Refunds", "Billing & Payments", "Northwind Cloud B2B"] as const;

export const DEMO_USERS: readonly DemoUser[] = [
  { email: "admin@northwind.example", name: "Ada Okafor", role: "admin", team: "Billing & Payments" },
  { email: "priya.author@northwind.example", name: "Priya Shah", role: "author", team: "Returns & Refunds" },
  { email: "kenji.author@northwind.example", name: "Kenji Watanabe", role: "author", team: "Northwind Cloud B2B" },
  { email: "marcus.leader@northwind.example", name: "Marcus Lee", role: "leader", team: "Returns & Refunds", leads: ["Returns & Refunds", "Billing & Payments"] },
  { email: "sofia.leader@northwind.example", name: "Sofia Rossi", role: "leader", team: "Northwind Cloud B2B", leads: ["Northwind Cloud B2B"] },
  { email: "dana.agent@northwind.example", name: "Dana Kim", role: "agent", team: "Returns & Refunds" },
  { email: "luis.agent@northwind.example", name: "Luis García", role: "agent", team: "Returns & Refunds" },
  { email: "yuki.agent@northwind.example", name: "Yuki Tanaka", role: "agent", team: "Returns & Refunds" },
  { email: "omar.agent@northwind.example", name: "Omar Haddad", role: "agent", team: "Billing & Payments" },
  { email: "grace.agent@northwind.example", name: "Grace Chen", role: "agent", team: "Billing & Payments" },
  { email: "felix.agent@northwind.example", name: "Felix Braun", role: "agent", team: "Northwind Cloud B2B" },
  { email: "amara.agent@northwind.example", name: "Amara Diallo", role: "agent", team: "Northwind Cloud B2B" },
];

export async function isEmpty(db: Db) {
  const [row] = await db.select({ users: count() }).from(users);
  return (row?.users ?? 0) === 0;
}

/** Seeds the demo organisation; `passwordHash` is the hash of DEMO_PASSWORD. */
export async function seedDemo({ db, passwordHash }: { db: Db; passwordHash: string }) {
  await db.transaction(async (tx) => {
    const teamIds = new Map<string, number>();
    for (const name of DEMO_TEAMS) teamIds.set(name, (await makeTeam(tx, { name })).id);
    const idOf = (name: string) => {
      const id = teamIds.get(name);
      if (id === undefined) throw new Error(`demo team ${name} missing`);
      return id;
    };
    for (const demo of DEMO_USERS) {
      await makeUser(tx, { ...demo, teamId: idOf(demo.team), passwordHash, leads: (demo.leads ?? []).map(idOf) });
    }
  });
  return DEMO_USERS;
}
