import type { Organisation } from "./bench-insights-load";

/**
 * The URLs `bench:insights` times, as the routes in app/routes/ define them (insights._index,
 * insights.teams.$teamId._index, insights.teams.$teamId.agents.$userId, insights.slips,
 * insights.review, insights.export[.]csv). A URL that answers 404 is reported as "not measured:
 * route missing" rather than failing the run. `core` pages are the (the whole
 * organisation, one team, the monthly review): the headline figures and goals are over them; the
 * others are timed and reported beside them.
 */

export type Sessions = { admin: string; leader: string; agent50: string; agent5000: string };
export type InsightsPage = { name: string; path: string; cookie: string; core: boolean };

export function insightsPages({ org, sessions, month }: { org: Organisation; sessions: Sessions; month: string }): InsightsPage[] {
  const team = org.team1Id;
  return [
    { name: "organisation, 30 days (admin)", path: "/insights", cookie: sessions.admin, core: true },
    { name: "the leader's teams (leader)", path: "/insights", cookie: sessions.leader, core: true },
    { name: "team 1's agents (leader)", path: `/insights/teams/${team}`, cookie: sessions.leader, core: true },
    { name: `monthly review ${month} (admin)`, path: `/insights/review?month=${month}`, cookie: sessions.admin, core: true },
    { name: `monthly review ${month} (leader)`, path: `/insights/review?month=${month}`, cookie: sessions.leader, core: true },
    { name: "organisation, 90 days (admin)", path: "/insights?window=90", cookie: sessions.admin, core: false },
    { name: "agent drill-down (leader)", path: `/insights/teams/${team}/agents/${org.teamAgentId}`, cookie: sessions.leader, core: false },
    { name: "errors slip through, all (admin)", path: "/insights/slips", cookie: sessions.admin, core: false },
    { name: "errors slip through, team 1 (leader)", path: "/insights/slips", cookie: sessions.leader, core: false },
    // Not a leader's page: the studio's drill list, whose item analysis reads rollups too.
    { name: "studio drill list, most attempts first (admin)", path: "/studio?sort=attempts", cookie: sessions.admin, core: false },
  ];
}

export function agentPages({ sessions }: { sessions: Sessions }) {
  return [
    { name: "agent home /", path: "/", small: sessions.agent50, large: sessions.agent5000 },
    { name: "agent /progress", path: "/progress", small: sessions.agent50, large: sessions.agent5000 },
  ];
}

/** Every attempt, no filters but the window (custom: the whole span loaded, YYYY-MM-DD both included): the largest export there is. */
export function csvExportPath({ from, to }: { from: string; to: string }) {
  return `/insights/export.csv?table=attempts&window=custom&from=${from}&to=${to}`;
}
