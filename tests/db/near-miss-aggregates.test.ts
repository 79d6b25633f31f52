import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { seedDemo, seedDemoNearMisses } from "~/db/seed";
import { nearMissReports, teams, users } from "~/db/schema";
import { nearMissFigures } from "~/app/near-miss/aggregates.server";
import { fileReport } from "~/app/near-miss/reports.server";
import { saveSmallCellK } from "~/app/near-miss/settings.server";
import { disclosedCounts } from "~/app/near-miss/suppression";
import { monthlyFigures } from "~/app/near-miss/aggregates";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

const NOW = new Date("2027-01-15T10:00:00Z");

describe("the leaders' near-miss figures", () => {
  it("by category for the organisation, by team for the viewer's teams; small cells hidden; the same cells for every viewer", async () => {
    await seedDemo({ db: connection.db, passwordHash: "x" });
    const seeded = await seedDemoNearMisses({ db: connection.db, now: NOW });
    expect(seeded).toBeGreaterThan(60);
    const everyone = await connection.db.select().from(users);
    const admin = everyone.find((u) => u.role === "admin");
    const marcus = everyone.find((u) => u.email.startsWith("marcus"));
    if (!admin || !marcus) throw new Error("demo users missing");
    const forAdmin = await nearMissFigures({ db: connection.db, viewer: admin, now: NOW });
    const forLeader = await nearMissFigures({ db: connection.db, viewer: marcus, now: NOW });
    expect(forAdmin.months.slice(-3)).toEqual(["2026-10", "2026-11", "2026-12"]);
    // The empty months before the first report are left out.
    expect(forAdmin.months).toEqual(["2026-10", "2026-11", "2026-12"]);
    // December (the newest of the seed's months): 9 hallucinations shown, 2 restricted-data reports as "< 5".
    const december = (rows: typeof forAdmin.categoryRows, key: string) => rows.find((r) => r.key === key)?.cells.at(-1);
    expect(december(forAdmin.categoryRows, "hallucination")).toEqual({ text: "9", status: "shown" });
    expect(december(forAdmin.categoryRows, "restricted_data")).toEqual({ text: "< 5", status: "small" });
    expect(forLeader.categoryRows).toEqual(forAdmin.categoryRows);
    expect(forLeader.totals).toEqual(forAdmin.totals);
    // The leader sees the rows of the two teams they lead, exactly as the admin sees them.
    const allTeams = await connection.db.select().from(teams);
    expect(forLeader.teamRows.map((r) => r.label).sort()).toEqual(["Billing & Payments", "Returns & Refunds"]);
    expect(forAdmin.teamRows.map((r) => r.label)).toEqual([...allTeams.map((t) => t.name).sort(), "No team given"]);
    for (const row of forLeader.teamRows) expect(forAdmin.teamRows.find((r) => r.key === row.key)).toEqual(row);
    // Some cell is suppressed, and none of the months gives a hidden count away.
    expect(forAdmin.categoryRows.flatMap((r) => r.cells).some((c) => c.status !== "shown")).toBe(true);
    const reports = await connection.db.select({ week: nearMissReports.week, category: nearMissReports.category, teamId: nearMissReports.teamId }).from(nearMissReports);
    for (const { period } of monthlyFigures({ reports, teams: allTeams, now: NOW, k: 5 })) expect(disclosedCounts(period, 5)).toEqual([]);
  });

  it("leave out the month still running, follow k, and show an agent's leader nothing about drill results", async () => {
    const team = await makeTeam(connection.db, { name: "Solo" });
    const leader = await makeUser(connection.db, { teamId: team.id, passwordHash: "x", role: "leader", leads: [team.id] });
    const agent = await makeUser(connection.db, { teamId: team.id, passwordHash: "x" });
    for (let i = 0; i < 3; i++) await fileReport({ db: connection.db, reporterId: agent.id, input: { whatHappened: "x", tool: "t", category: "tone", severity: "low", sections: [], teamId: team.id }, secret: "s".repeat(20), now: new Date("2027-01-12T10:00:00Z") });
    const figures = await nearMissFigures({ db: connection.db, viewer: leader, now: NOW });
    expect(figures.months.at(-1)).toBe("2026-12");
    expect(figures.totals).toEqual([{ text: "0", status: "shown" }]);
    const february = await nearMissFigures({ db: connection.db, viewer: leader, now: new Date("2027-02-10T10:00:00Z") });
    expect(february.months.at(-1)).toBe("2027-01");
    expect(february.teamRows[0]?.cells.at(-1)).toEqual({ text: "< 5", status: "small" });
    await saveSmallCellK({ db: connection.db, actorId: leader.id, k: 3 });
    const smallerK = await nearMissFigures({ db: connection.db, viewer: leader, now: new Date("2027-02-10T10:00:00Z") });
    expect(smallerK.k).toBe(3);
    expect(smallerK.teamRows[0]?.cells.at(-1)).toEqual({ text: "3", status: "shown" });
    expect(Object.keys(smallerK).sort()).toEqual(["admin", "categoryRows", "k", "months", "teamRows", "totals"]);
  });
});
