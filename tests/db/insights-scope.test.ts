import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTeam, makeUser } from "~/db/factories";
import { users } from "~/db/schema";
import { exportCsv } from "~/app/insights/csv-export.server";
import { insightsRequest } from "~/app/insights/request.server";
import { filteredTeams, scopedAgent, scopedTeam, teamsInScope } from "~/app/insights/scope.server";
import { missedDrills, overriddenControls } from "~/app/insights/slips.server";
import { agentPage } from "~/app/insights/pages.server";
import { teamTable } from "~/app/insights/team-insights.server";
import { InputError } from "~/app/input-error";
import { submitAttempt } from "~/app/practice/attempts.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import type { Decision, Role } from "~/app/vocabulary";
import { useTestDatabase } from "./test-database";

const connection = useTestDatabase({ fixtureLibrary: true });

const NOW = new Date("2026-11-25T12:00:00Z");

/** A leader of Alpha and Bravo, an admin, an author, and an agent in each of Alpha, Bravo and Charlie. */
async function organisation() {
  const db = connection.db;
  // Both languages: agents practise the whole fixture library, its Japanese drill included.
  const both = ["en", "ja"];
  const [alpha, bravo, charlie] = [
    await makeTeam(db, { name: "Alpha", practiceLanguages: both }),
    await makeTeam(db, { name: "Bravo", practiceLanguages: both }),
    await makeTeam(db, { name: "Charlie", practiceLanguages: both }),
  ];
  const person = async (teamId: number, role: Role, name: string, leads: number[] = []) => {
    const user = await makeUser(db, { teamId, passwordHash: "x", role, name, leads });
    return { id: user.id, role: user.role, teamId };
  };
  return {
    alpha,
    bravo,
    charlie,
    leader: await person(alpha.id, "leader", "Lena Leader", [alpha.id, bravo.id]),
    admin: await person(charlie.id, "admin", "Ada Admin"),
    author: await person(alpha.id, "author", "Otto Author"),
    ann: await person(alpha.id, "agent", "Ann Alpha"),
    bob: await person(bravo.id, "agent", "Bob Bravo"),
    cleo: await person(charlie.id, "agent", "Cleo Charlie"),
  };
}

/** `count` first attempts by an agent with one decision and no marks, an hour apart from `from`. */
async function practise(agent: { id: number; teamId: number }, { count, decision, from = new Date("2026-11-24T08:00:00Z") }: { count: number; decision: Decision; from?: Date }) {
  for (let index = 0; index < count; index++) {
    const now = new Date(from.getTime() + index * 3_600_000);
    const served = await serveNextDrill({ db: connection.db, userId: agent.id, teamId: agent.teamId, now, random: () => 0.5 });
    if (!served) throw new Error("nothing to serve");
    const reason = decision === "escalate" ? { escalationReason: "Needs a specialist." } : {};
    await submitAttempt({ db: connection.db, userId: agent.id, servedId: served.id, now, form: { clientId: randomUUID(), revisionId: served.revisionId, marks: [], decision, timeOnTaskMs: 1_000, ...reason } });
  }
}

const url = (query: string) => new URL(`http://redline.test/insights/export.csv?${query}`);
const csv = async (viewer: { id: number; role: Role }, query: string) => new Response((await exportCsv({ db: connection.db, viewer, url: url(query), now: NOW })).body).text();

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  return error instanceof InputError ? error.status : error;
}

describe("insights scope", () => {
  it("gives a leader the teams they lead, an admin every team, anyone else none", async () => {
    const org = await organisation();
    const names = async (viewer: { id: number; role: Role }) => (await teamsInScope({ db: connection.db, viewer })).map((team) => team.name);
    expect(await names(org.leader)).toEqual(["Alpha", "Bravo"]);
    expect(await names(org.admin)).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(await names(org.author)).toEqual([]);
    expect(await names(org.ann)).toEqual([]);
  });

  it("refuses a team the leader does not lead, by id and by filter, as if it did not exist", async () => {
    const org = await organisation();
    const db = connection.db;
    expect(await refusal(scopedTeam({ db, viewer: org.leader, teamId: org.charlie.id }))).toBe(404);
    expect(await refusal(scopedTeam({ db, viewer: org.leader, teamId: 999_999 }))).toBe(404);
    expect(await refusal(filteredTeams({ db, viewer: org.leader, teamIds: [org.alpha.id, org.charlie.id] }))).toBe(404);
    expect(await refusal(insightsRequest({ db, viewer: org.leader, url: url(`team=${org.charlie.id}`), now: NOW }))).toBe(404);
    expect((await filteredTeams({ db, viewer: org.leader, teamIds: [org.bravo.id] })).chosen.map((team) => team.name)).toEqual(["Bravo"]);
    expect((await scopedTeam({ db, viewer: org.admin, teamId: org.charlie.id })).name).toBe("Charlie");
  });

  it("opens an agent only under a team of theirs the viewer may read", async () => {
    const org = await organisation();
    const db = connection.db;
    expect((await scopedAgent({ db, viewer: org.leader, teamId: org.alpha.id, userId: org.ann.id })).agent.name).toBe("Ann Alpha");
    expect(await refusal(scopedAgent({ db, viewer: org.leader, teamId: org.alpha.id, userId: org.cleo.id }))).toBe(404);
    expect(await refusal(scopedAgent({ db, viewer: org.leader, teamId: org.charlie.id, userId: org.cleo.id }))).toBe(404);
    expect(await refusal(scopedAgent({ db, viewer: org.leader, teamId: org.alpha.id, userId: org.leader.id }))).toBe(404);
    expect(await refusal(agentPage({ db, viewer: org.leader, teamId: String(org.alpha.id), userId: "not-a-number", url: url(""), now: NOW }))).toBe(404);

    // Ann's first attempts in Alpha stay readable there after she moves to Charlie, and only there.
    await practise(org.ann, { count: 2, decision: "send" });
    await db.update(users).set({ teamId: org.charlie.id }).where(eq(users.id, org.ann.id));
    const page = await agentPage({ db, viewer: org.leader, teamId: String(org.alpha.id), userId: String(org.ann.id), url: url(""), now: NOW });
    expect(page.row.figures.attempts).toBe(2);
    expect(page.recent).toHaveLength(2);
    expect(await refusal(scopedAgent({ db, viewer: org.leader, teamId: org.bravo.id, userId: org.ann.id }))).toBe(404);
  });

  it("exports only the teams in scope, and refuses the rest by CSV too", async () => {
    const org = await organisation();
    await practise(org.ann, { count: 3, decision: "send" });
    await practise(org.bob, { count: 2, decision: "escalate" });
    await practise(org.cleo, { count: 4, decision: "send" });

    const attempts = (await csv(org.leader, "table=attempts")).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(attempts[0]).toMatch(/^attempt_id,at,team,agent,/);
    expect(attempts.slice(1).map((line) => line.split(",")[2]).sort()).toEqual(["Alpha", "Alpha", "Alpha", "Bravo", "Bravo"]);
    expect(attempts.join("\n")).not.toContain("Charlie");
    expect((await csv(org.admin, "table=attempts")).trim().split("\r\n")).toHaveLength(1 + 9);

    for (const query of [`table=teams&team=${org.charlie.id}`, `table=attempts&team=${org.charlie.id}`, `table=agents&team=${org.charlie.id}`, `table=agents&team=${org.alpha.id}&agent=${org.cleo.id}`, `table=trend&team=${org.alpha.id}&agent=${org.cleo.id}`]) {
      expect(await refusal(csv(org.leader, query)), query).toBe(404);
    }
    expect(await refusal(csv(org.leader, "table=nonsense"))).toBe(400);
    expect(await refusal(csv(org.leader, "table=agents"))).toBe(400);

    const teams = (await csv(org.leader, "table=teams")).trim().split("\r\n");
    expect(teams.slice(1).map((line) => line.split(",").slice(0, 4))).toEqual([
      ["Alpha", "1", "1", "3"],
      ["Bravo", "1", "1", "2"],
    ]);
  });

  it("pages through every first attempt, never the repeats", async () => {
    const org = await organisation();
    await practise(org.ann, { count: 5, decision: "send" });
    const body = (await exportCsv({ db: connection.db, viewer: org.leader, url: url("table=attempts"), now: NOW })).body;
    const rows = (await new Response(body).text()).trim().split("\r\n").slice(1);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.split(",")[0])).size).toBe(5);
  });
});

describe("where errors slip through", () => {
  it("lists the drills missed most with the missed text and the policy section, in scope only", async () => {
    const org = await organisation();
    await practise(org.ann, { count: 5, decision: "send" });
    await practise(org.cleo, { count: 5, decision: "send" });
    const { range } = await insightsRequest({ db: connection.db, viewer: org.leader, url: url(""), now: NOW });
    const [first] = await teamTable({ db: connection.db, teams: [org.alpha], range, flawType: null });
    const slips = await missedDrills({ db: connection.db, teamIds: [org.alpha.id], range, flawType: null });
    // Every flawed draft Ann sent went out with all its flaws missed; the control did not.
    expect(slips.reduce((sum, drill) => sum + drill.attempts, 0)).toBe(first?.figures.appropriate.of);
    expect(slips.reduce((sum, drill) => sum + drill.missed, 0)).toBe(first?.figures.spotting.of);
    expect(slips.every((drill) => drill.missed === drill.flaws.reduce((sum, flaw) => sum + flaw.missed, 0))).toBe(true);
    const day31 = slips.find((drill) => drill.drillId === "refunds-day-31");
    expect(day31?.flaws).toEqual([
      expect.objectContaining({ flawType: "hallucination", quote: "our return window is 45 days [refunds.window]", planted: 1, missed: 1, policy: expect.objectContaining({ anchor: "refunds.window", policyId: "refunds" }) }),
    ]);
    const tone = await missedDrills({ db: connection.db, teamIds: [org.alpha.id], range, flawType: "tone" });
    expect(tone.flatMap((drill) => drill.flaws.map((flaw) => [drill.drillId, flaw.flawType, flaw.quote]))).toEqual([["refunds-fabricated-gift-card", "tone", "Calm down"]]);
    // With the filter a drill's missed count is that type's only; its first attempts are all of them.
    expect(tone[0]?.missed).toBe(1);
    expect(tone[0]?.attempts).toBe(slips.find((drill) => drill.drillId === "refunds-fabricated-gift-card")?.attempts);
    const outside = await missedDrills({ db: connection.db, teamIds: [org.alpha.id], range: { ...range, firstWeek: "2020-01-06", lastWeek: "2020-01-27" }, flawType: null });
    expect(outside).toEqual([]);
  });

  it("reads the organisation's rollups over every team, with the same result as the teams' summed", async () => {
    const org = await organisation();
    await practise(org.ann, { count: 6, decision: "send" });
    await practise(org.bob, { count: 6, decision: "rewrite" });
    await practise(org.cleo, { count: 6, decision: "send" });
    const every = await filteredTeams({ db: connection.db, viewer: org.admin, teamIds: [] });
    expect(every.wholeOrganisation).toBe(true);
    // Only an admin's choice of every team is the whole organisation: not some teams, not a leader's.
    expect((await filteredTeams({ db: connection.db, viewer: org.admin, teamIds: [org.alpha.id, org.bravo.id] })).wholeOrganisation).toBe(false);
    expect((await filteredTeams({ db: connection.db, viewer: org.leader, teamIds: [] })).wholeOrganisation).toBe(false);
    const { range } = await insightsRequest({ db: connection.db, viewer: org.admin, url: url(""), now: NOW });
    const teamIds = every.chosen.map((team) => team.id);
    for (const flawType of [null, "hallucination"] as const) {
      const summed = await missedDrills({ db: connection.db, teamIds, range, flawType });
      expect(summed.length).toBeGreaterThan(0);
      expect(await missedDrills({ db: connection.db, teamIds, wholeOrganisation: true, range, flawType })).toEqual(summed);
    }
    const controls = await overriddenControls({ db: connection.db, teamIds, range, minAttempts: 1 });
    expect(controls.length).toBeGreaterThan(0);
    expect(await overriddenControls({ db: connection.db, teamIds, wholeOrganisation: true, range, minAttempts: 1 })).toEqual(controls);
  });
});
