import { count, inArray } from "drizzle-orm";
import type { Db } from "./client.server";
import { makeTeam, makeUser } from "./factories";
import { assignmentDrills, assignments, assignmentTeams, drills, nearMissReports, teams, users } from "./schema";
import { randomUUID } from "node:crypto";
import { closedMonths } from "~/app/near-miss/aggregates";
import { weeksOfMonth } from "~/app/near-miss/clocks";
import { receiptHash } from "~/app/near-miss/keys.server";
import { newReceiptCode } from "~/app/near-miss/receipt-code";
import { NEAR_MISS_CATEGORIES, type NearMissCategory } from "~/app/vocabulary";
import type { Role } from "~/app/vocabulary";

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

/**
 * Seeds the demo organisation; `passwordHash` is the hash of DEMO_PASSWORD. The demo people have
 * worked here a while, so they have seen the drill page's walkthrough; an agent an admin adds
 * meets it on their first drill.
 */
export async function seedDemo({ db, passwordHash, now = new Date() }: { db: Db; passwordHash: string; now?: Date }) {
  await db.transaction(async (tx) => {
    const teamIds = new Map<string, number>();
    for (const name of DEMO_TEAMS) teamIds.set(name, (await makeTeam(tx, { name })).id);
    const idOf = (name: string) => {
      const id = teamIds.get(name);
      if (id === undefined) throw new Error(`demo team ${name} missing`);
      return id;
    };
    for (const demo of DEMO_USERS) {
      await makeUser(tx, { ...demo, teamId: idOf(demo.team), passwordHash, leads: (demo.leads ?? []).map(idOf), walkthroughSeenAt: now });
    }
  });
  return DEMO_USERS;
}

export const DEMO_ASSIGNMENT = {
  title: "Week 48 refresher: fees, windows and tone",
  team: "Returns & Refunds",
  drillIds: ["shipping-freight-calm-down", "refunds-day-30-boundary", "refunds-day-31-espresso"],
};

/** A demo assignment from the first author, due in a week, over drills the library has. */
export async function seedDemoAssignment({ db, now = new Date() }: { db: Db; now?: Date }) {
  const present = await db.select({ id: drills.id }).from(drills).where(inArray(drills.id, DEMO_ASSIGNMENT.drillIds));
  const [author] = await db.select({ id: users.id }).from(users).where(inArray(users.role, ["author"])).orderBy(users.id).limit(1);
  const [team] = await db.select({ id: teams.id }).from(teams).where(inArray(teams.name, [DEMO_ASSIGNMENT.team]));
  if (present.length === 0 || !author || !team) return null;
  const ordered = DEMO_ASSIGNMENT.drillIds.filter((id) => present.some((p) => p.id === id));
  return db.transaction(async (tx) => {
    const [assignment] = await tx
      .insert(assignments)
      .values({ title: DEMO_ASSIGNMENT.title, createdBy: author.id, dueAt: new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000), filter: null, createdAt: now })
      .returning({ id: assignments.id });
    if (!assignment) throw new Error("assignment insert returned nothing");
    await tx.insert(assignmentTeams).values({ assignmentId: assignment.id, teamId: team.id });
    await tx.insert(assignmentDrills).values(ordered.map((drillId, position) => ({ assignmentId: assignment.id, drillId, position })));
    return assignment;
  });
}

/**
 * Demo near-miss reports in the last three finished months, so the leaders' figures show both
 * shown and hidden counts. Their receipt codes are thrown away: nobody can follow them up.
 */
const DEMO_NEAR_MISSES: readonly Partial<Record<NearMissCategory, number>>[] = [
  { hallucination: 9, citation: 6, restricted_data: 2, tone: 5, other: 1 },
  { hallucination: 7, citation: 3, restricted_data: 6, unsafe_action: 1, tone: 5 },
  { hallucination: 11, citation: 5, bias: 2, restricted_data: 5, tone: 6 },
];

export async function seedDemoNearMisses({ db, now = new Date() }: { db: Db; now?: Date }) {
  const teamIds = (await db.select({ id: teams.id }).from(teams).orderBy(teams.id)).map((team) => team.id);
  const months = closedMonths({ now, count: DEMO_NEAR_MISSES.length });
  const rows: (typeof nearMissReports.$inferInsert)[] = [];
  months.forEach((month, index) => {
    const weeks = weeksOfMonth(month);
    let n = 0;
    for (const category of NEAR_MISS_CATEGORIES) {
      for (let i = 0; i < (DEMO_NEAR_MISSES[index]?.[category] ?? 0); i++, n++) {
        // Every fourth report names no team; the rest are spread over the teams.
        const teamId = n % 4 === 3 ? null : (teamIds[n % teamIds.length] ?? null);
        rows.push({ id: randomUUID(), receiptHash: receiptHash(newReceiptCode()), week: weeks[n % weeks.length] ?? weeks[0] ?? "", category, severity: n % 3 === 0 ? "high" : "medium", tool: "reply assistant", whatHappened: `A demo report (${category.replace("_", " ")}).`, redactions: {}, teamId, status: "closed", acknowledgedWeek: weeks[0] ?? null, feedbackWeek: weeks[0] ?? null });
      }
    }
  });
  if (rows.length > 0) await db.insert(nearMissReports).values(rows);
  return rows.length;
}
