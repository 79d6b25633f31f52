import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ACCOUNTS, DEMO_PASSWORD, type DemoRole } from "./fixtures";

type Who = "anonymous" | DemoRole;
type Expectation = Record<Who, number>;

/**
 * Every route × role → expected status. A route that exists in the build but
 * not here fails the first test: adding a page means deciding who may open it.
 * "302" for anonymous means the redirect to sign-in.
 */
const OPEN = { anonymous: 200, agent: 200, author: 200, leader: 200, admin: 200 };
const SIGNED_IN = { anonymous: 302, agent: 200, author: 200, leader: 200, admin: 200 };
const ADMIN_ONLY = { anonymous: 302, agent: 403, author: 403, leader: 403, admin: 200 };
// An empty form from an admin fails validation (400); nobody else reaches validation.
const ADMIN_POST = { anonymous: 302, agent: 403, author: 403, leader: 403, admin: 400 };

const AGENT_ONLY = { anonymous: 302, agent: 200, author: 403, leader: 403, admin: 403 };
const AGENT_OWN = { anonymous: 302, agent: 404, author: 403, leader: 403, admin: 403 };
// Serving a drill redirects the agent to it.
const AGENT_POST = { anonymous: 302, agent: 302, author: 403, leader: 403, admin: 403 };
// The agent's own settings: an empty form fails validation (400); nobody else reaches validation.
const AGENT_FORM_POST = { anonymous: 302, agent: 400, author: 403, leader: 403, admin: 403 };
// Authors, leaders and admins manage assignments; an empty form fails validation (400).
const ASSIGNERS = { anonymous: 302, agent: 403, author: 200, leader: 200, admin: 200 };
const ASSIGNERS_POST = { ...ASSIGNERS, author: 400, leader: 400, admin: 400 };
// Changing an assignment: its creator, authors and admins; the demo leader did not create the seed's (403). An empty form fails validation (400).
const CHANGERS = { anonymous: 302, agent: 403, author: 200, leader: 403, admin: 200 };
const CHANGERS_POST = { ...CHANGERS, author: 400, admin: 400 };
// Insights: leaders (for the teams they lead) and admins; an empty settings form fails validation (400).
const INSIGHTS = { anonymous: 302, agent: 403, author: 403, leader: 200, admin: 200 };
const INSIGHTS_POST = { ...INSIGHTS, leader: 400, admin: 400 };
// The studio: compliance (authors) and admins. A starter file drill opens read only; an empty form fails validation.
const STUDIO = { anonymous: 302, agent: 403, author: 200, leader: 403, admin: 200 };
const STUDIO_POST = { ...STUDIO, author: 400, admin: 400 };
const STUDIO_DRILL = "/studio/drills/refunds-day-31-espresso";
// Near-miss triage: compliance (authors) and admins.
const TRIAGE = { anonymous: 302, agent: 403, author: 200, leader: 403, admin: 200 };

const MATRIX: Record<string, { path: string; get: Expectation; post?: Expectation }> = {
  root: { path: "/", get: SIGNED_IN },
  "routes/_index": { path: "/", get: SIGNED_IN },
  "routes/healthz": { path: "/healthz", get: OPEN },
  "routes/login": {
    path: "/login",
    // Signed-in users are sent on to their home page.
    get: { anonymous: 200, agent: 302, author: 302, leader: 302, admin: 302 },
    post: { anonymous: 400, agent: 302, author: 302, leader: 302, admin: 302 },
  },
  "routes/logout": { path: "/logout", get: { ...OPEN, anonymous: 302, agent: 302, author: 302, leader: 302, admin: 302 } },
  "routes/admin.users._index": { path: "/admin/users", get: ADMIN_ONLY },
  "routes/admin.users.new": { path: "/admin/users/new", get: ADMIN_ONLY, post: ADMIN_POST },
  "routes/admin.users.$userId": { path: "/admin/users/1", get: ADMIN_ONLY, post: ADMIN_POST },
  "routes/admin.teams._index": { path: "/admin/teams", get: ADMIN_ONLY },
  "routes/admin.teams.new": { path: "/admin/teams/new", get: ADMIN_ONLY, post: ADMIN_POST },
  "routes/admin.teams.$teamId": { path: "/admin/teams/1", get: ADMIN_ONLY, post: ADMIN_POST },
  "routes/admin.audit": { path: "/admin/audit", get: ADMIN_ONLY },
  "routes/admin.tokens._index": { path: "/admin/tokens", get: ADMIN_ONLY },
  "routes/admin.tokens.new": { path: "/admin/tokens/new", get: ADMIN_ONLY, post: ADMIN_POST },
  // No such token: the admin gets a 404, everyone else never learns whether it exists.
  "routes/admin.tokens.$tokenId.revoke": { path: "/admin/tokens/999999/revoke", get: { ...ADMIN_ONLY, admin: 404 }, post: { ...ADMIN_POST, admin: 404 } },
  "routes/admin.events.upload": { path: "/admin/events/upload", get: ADMIN_ONLY, post: ADMIN_POST },
  // The events API takes bearer tokens only: GET is 405 for everyone, and a session cookie is no token (401).
  "routes/api.v1.override-events": {
    path: "/api/v1/override-events",
    get: { anonymous: 405, agent: 405, author: 405, leader: 405, admin: 405 },
    post: { anonymous: 401, agent: 401, author: 401, leader: 401, admin: 401 },
  },
  // Drill candidates take the same bearer tokens as the events API.
  "routes/api.v1.drill-candidates": {
    path: "/api/v1/drill-candidates",
    get: { anonymous: 405, agent: 405, author: 405, leader: 405, admin: 405 },
    post: { anonymous: 401, agent: 401, author: 401, leader: 401, admin: 401 },
  },
  "routes/policies._index": { path: "/policies", get: SIGNED_IN },
  "routes/policies.$policyId": { path: "/policies/refunds", get: SIGNED_IN },
  "routes/practice": { path: "/practice", get: { ...OPEN, anonymous: 302, agent: 302, author: 302, leader: 302, admin: 302 }, post: AGENT_POST },
  // Served drills and attempts are the agent's own: another agent's (or a missing) id is a 404.
  "routes/play.$servedId": { path: "/play/999999", get: AGENT_OWN, post: AGENT_OWN },
  "routes/attempts.$attemptId": { path: "/attempts/999999", get: AGENT_OWN },
  "routes/progress": { path: "/progress", get: AGENT_ONLY },
  "routes/settings": { path: "/settings", get: AGENT_ONLY, post: AGENT_FORM_POST },
  // The walkthrough's "seen" form: an agent's post without redirectTo (the page's script) gets 200; GET goes home.
  "routes/walkthrough": { path: "/walkthrough", get: { anonymous: 302, agent: 302, author: 302, leader: 302, admin: 302 }, post: { ...AGENT_POST, agent: 200 } },
  "routes/drills.needs-review": {
    path: "/drills/needs-review",
    get: { anonymous: 302, agent: 403, author: 200, leader: 403, admin: 200 },
    post: { anonymous: 302, agent: 403, author: 400, leader: 403, admin: 400 },
  },
  "routes/studio._index": { path: "/studio", get: STUDIO },
  "routes/studio.drills.new": { path: "/studio/drills/new", get: STUDIO, post: STUDIO_POST },
  "routes/studio.drills.$drillId._index": { path: STUDIO_DRILL, get: STUDIO, post: STUDIO_POST },
  "routes/studio.drills.$drillId.preview": { path: `${STUDIO_DRILL}/preview`, get: STUDIO },
  // Only a studio drill's working copy is calibrated: for the starter file drill authors and admins get a 404.
  "routes/studio.drills.$drillId.calibration": { path: `${STUDIO_DRILL}/calibration`, get: { ...STUDIO, author: 404, admin: 404 }, post: { ...STUDIO, author: 404, admin: 404 } },
  // A blind take opens only to a colleague invited to the round (tests/e2e/calibration.spec.ts); no round has this id.
  "routes/studio.calibration.$roundId": { path: "/studio/calibration/999999", get: { ...STUDIO, author: 404, admin: 404 }, post: { ...STUDIO, author: 404, admin: 404 } },
  "routes/studio.drills.$drillId.revisions": { path: `${STUDIO_DRILL}/revisions`, get: STUDIO },
  "routes/studio.drills.$drillId[.yaml]": { path: `${STUDIO_DRILL}.yaml`, get: STUDIO },
  // The candidate inbox is the studio's; no candidate has this id (404), and an empty form names no action (400).
  "routes/studio.candidates._index": { path: "/studio/candidates", get: STUDIO },
  "routes/studio.candidates.$candidateId": { path: "/studio/candidates/999999", get: { ...STUDIO, author: 404, admin: 404 }, post: STUDIO_POST },
  // An empty upload form fails validation (400).
  "routes/studio.policies._index": { path: "/studio/policies", get: STUDIO },
  "routes/studio.policies.upload": { path: "/studio/policies/upload", get: STUDIO, post: STUDIO_POST },
  "routes/assignments._index": { path: "/assignments", get: ASSIGNERS },
  "routes/assignments.new": { path: "/assignments/new", get: ASSIGNERS, post: ASSIGNERS_POST },
  // The demo seed's assignment for Returns & Refunds, a team the demo leader leads.
  "routes/assignments.$assignmentId": { path: "/assignments/1", get: ASSIGNERS },
  "routes/assignments.$assignmentId_.edit": { path: "/assignments/1/edit", get: CHANGERS, post: CHANGERS_POST },
  "routes/assignments.$assignmentId_.cancel": { path: "/assignments/1/cancel", get: CHANGERS, post: CHANGERS_POST },
  // Team 1 (Returns & Refunds) and its agent Dana Kim (user 6) are the demo leader's; other teams are a 404 (tests/e2e/insights.spec.ts).
  "routes/insights._index": { path: "/insights", get: INSIGHTS },
  "routes/insights.slips": { path: "/insights/slips", get: INSIGHTS },
  "routes/insights.review": { path: "/insights/review?month=2026-11", get: INSIGHTS },
  "routes/insights.export[.]csv": { path: "/insights/export.csv?table=teams", get: INSIGHTS },
  "routes/insights.teams.$teamId._index": { path: "/insights/teams/1", get: INSIGHTS },
  "routes/insights.teams.$teamId.agents.$userId": { path: "/insights/teams/1/agents/6", get: INSIGHTS },
  "routes/insights.near-misses": { path: "/insights/near-misses", get: INSIGHTS },
  "routes/insights.teams.$teamId.settings": { path: "/insights/teams/1/settings", get: INSIGHTS, post: INSIGHTS_POST },
  "routes/admin.settings": { path: "/admin/settings", get: ADMIN_ONLY, post: ADMIN_POST },
  // The near-miss channel: anyone signed in reports (an empty form fails validation, 400); the
  // status page needs only a receipt code, so it is open to everyone, and an empty form is a 400.
  "routes/report._index": { path: "/report?index", get: SIGNED_IN, post: { anonymous: 302, agent: 400, author: 400, leader: 400, admin: 400 } },
  // Compliance's inbox: authors and admins. No report has this id (a 404 for them); an empty form fails validation (400).
  "routes/near-misses._index": { path: "/near-misses", get: TRIAGE },
  "routes/near-misses.$reportId": { path: "/near-misses/00000000-0000-4000-8000-000000000000", get: { ...TRIAGE, author: 404, admin: 404 }, post: { ...TRIAGE, author: 400, admin: 400 } },
  // Turning a report into a drill: a GET goes back to the report; no report has this id (404).
  "routes/near-misses.$reportId_.drill": { path: "/near-misses/00000000-0000-4000-8000-000000000000/drill", get: { ...TRIAGE, author: 302, admin: 302 }, post: { ...TRIAGE, author: 404, admin: 404 } },
  "routes/report.status": { path: "/report/status", get: OPEN, post: { anonymous: 400, agent: 400, author: 400, leader: 400, admin: 400 } },
};

const WHO: Who[] = ["anonymous", "agent", "author", "leader", "admin"];

test("every route in the build is in the authorization matrix", async () => {
  const build: { routes: Record<string, unknown> } = await import(path.resolve("build/server/index.js"));
  const missing = Object.keys(build.routes).filter((id) => !(id in MATRIX));
  const stale = Object.keys(MATRIX).filter((id) => !(id in build.routes));
  expect(missing, "routes without an authorization expectation").toEqual([]);
  expect(stale, "matrix entries for routes that no longer exist").toEqual([]);
});

async function contextFor(who: Who, baseURL: string): Promise<APIRequestContext> {
  // Same-origin requests, as the app's own forms send them.
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  if (who !== "anonymous") {
    const response = await context.post("/login", { form: { email: ACCOUNTS[who], password: DEMO_PASSWORD }, maxRedirects: 0 });
    expect(response.status(), `sign in as ${who}`).toBe(302);
  }
  return context;
}

for (const who of WHO) {
  test(`authorization matrix for ${who}`, async ({ baseURL }) => {
    if (!baseURL) throw new Error("baseURL is not set");
    const context = await contextFor(who, baseURL);
    const failures: string[] = [];
    for (const [id, entry] of Object.entries(MATRIX)) {
      const get = await context.get(entry.path, { maxRedirects: 0 });
      if (get.status() !== entry.get[who]) failures.push(`GET ${entry.path} (${id}): expected ${entry.get[who]}, got ${get.status()}`);
      if (entry.post) {
        const post = await context.post(entry.path, { form: {}, maxRedirects: 0 });
        if (post.status() !== entry.post[who]) failures.push(`POST ${entry.path} (${id}): expected ${entry.post[who]}, got ${post.status()}`);
      }
    }
    await context.dispose();
    expect(failures).toEqual([]);
  });
}

test("a cross-origin form post is refused even with a valid session", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const context = await contextFor("admin", baseURL);
  const response = await context.post("/admin/teams/new", {
    form: { name: "Forged team" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("cross-site request forgery");
  const list = await context.get("/admin/teams");
  expect(await list.text()).not.toContain("Forged team");
  await context.dispose();
});

test("health check reports the database the app runs on", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  // The suite runs once on the embedded database and once on PostgreSQL (E2E_DATABASE_URL).
  expect(await response.json()).toEqual({ ok: true, db: process.env.E2E_DATABASE_URL ? "postgres" : "pglite" });
});
