import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { ACCOUNTS, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

/**
 * Leader insights against the running app: first attempts made over HTTP by agents of the demo
 * leader's teams (Returns & Refunds: Dana, Yuki; Billing & Payments: Omar, Grace), then the leader
 * reads them. Luis is left alone: scoring-integrity.spec.ts needs his assigned drills unanswered.
 */

const AGENTS = { returns: ["dana.agent@northwind.example", "yuki.agent@northwind.example"], billing: ["omar.agent@northwind.example", "grace.agent@northwind.example"] };
const OTHER_TEAM = "Northwind Cloud B2B";

async function signedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const response = await context.post("/login", { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(response.status(), `sign in as ${email}`).toBe(302);
  return context;
}

/** `count` first attempts, each escalating the served drill: every decision an override, so the override rate is 100 %. */
async function escalate(baseURL: string, email: string, count: number) {
  const agent = await signedIn(baseURL, email);
  for (let done = 0; done < count; done++) {
    const served = await agent.post("/practice", { form: {}, maxRedirects: 0 });
    expect(served.status()).toBe(302);
    const playPath = served.headers()["location"] ?? "";
    const page = await (await agent.get(playPath)).text();
    const revisionId = /name="revisionId" value="(\d+)"/.exec(page)?.[1] ?? "";
    const answer = await agent.post(playPath, { form: { clientId: randomUUID(), revisionId, marks: "[]", decision: "escalate", escalationReason: "Needs a specialist." }, maxRedirects: 0 });
    expect(answer.status()).toBe(302);
  }
  await agent.dispose();
}

/** The row of a table whose heading cell names `name`. */
function row(page: Page, tableHeading: string, name: string) {
  return page.getByRole("region", { name: tableHeading }).getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
}

async function bothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  for (const email of AGENTS.returns) await escalate(baseURL, email, 12);
  for (const email of AGENTS.billing) await escalate(baseURL, email, 3);
});

test("a leader sees only their teams with bands, drills down to an agent, moves a band with the settings and downloads the table", async ({ page }) => {
  await signIn(page, "leader");
  await page.goto("/insights");
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  const teams = page.getByRole("region", { name: "Teams: overrides and bands" });
  await expect(teams.getByRole("rowheader")).toHaveText([/Billing & Payments/, /Returns & Refunds/]);
  await expect(page.getByText(OTHER_TEAM)).toHaveCount(0);
  // Returns & Refunds has enough decisions for a band, nearly all of them overrides.
  const returns = row(page, "Teams: overrides and bands", "Returns & Refunds");
  await expect(returns.getByText("Drill band: Distrust (or a weak AI)")).toBeVisible();
  const override = /^(\d+) % of (\d+) decisions$/.exec((await returns.getByText(/ % of \d+ decisions$/).innerText()).trim());
  await expect(row(page, "Teams: overrides and bands", "Billing & Payments").getByText(/Not enough data \(\d+ of 20 decisions\)/)).toBeVisible();
  await expect(page.getByRole("img", { name: /^Override rate:/ })).toBeVisible();
  await bothWidths(page, "insights-leader");

  // The CSV holds the rows on screen.
  const firstAttempts = (await row(page, "Teams: spotting, fixing, escalating", "Returns & Refunds").getByRole("cell").first().innerText()).trim();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV of teams: overrides and bands" }).click();
  const file = await readFile(await (await download).path(), "utf8");
  const [header = "", ...lines] = file.replace(/^\uFEFF/, "").trim().split("\r\n");
  const columns = header.split(",");
  const rows = lines.map((line) => Object.fromEntries(line.split(",").map((value, index) => [columns[index], value])));
  expect(rows.map((r) => r["team"])).toEqual(["Billing & Payments", "Returns & Refunds"]);
  const returnsCsv = rows.find((r) => r["team"] === "Returns & Refunds");
  expect(returnsCsv?.["first_attempts"]).toBe(firstAttempts);
  expect([returnsCsv?.["override_pct"], returnsCsv?.["decisions"]]).toEqual([override?.[1], override?.[2]]);
  expect(returnsCsv?.["override_band"]).toBe("Distrust (or a weak AI)");

  // Team → agent.
  const teamHref = (await returns.getByRole("link", { name: "Returns & Refunds" }).getAttribute("href")) ?? "";
  await page.goto(teamHref);
  await expect(page.getByRole("heading", { level: 1, name: "Returns & Refunds" })).toBeVisible();
  await expect(row(page, "Agents: overrides and bands", "Dana Kim")).toBeVisible();
  await bothWidths(page, "insights-team");
  const danaHref = (await row(page, "Agents: overrides and bands", "Dana Kim").getByRole("link", { name: "Dana Kim" }).getAttribute("href")) ?? "";
  await page.goto(danaHref);
  await expect(page.getByRole("heading", { level: 1, name: "Dana Kim" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent first attempts" }).getByRole("row")).not.toHaveCount(0);
  await expect(page.getByRole("region", { name: "Recent first attempts" }).getByText(/Stopped a flawed draft|Overrode a clean draft/).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Weakest flaw types" })).toBeVisible();
  await bothWidths(page, "insights-agent");

  // Bad thresholds are refused at their field; good ones move the band.
  await page.goto(teamHref.replace(/\?.*$/, "") + "/settings");
  await page.getByLabel("Low threshold (%)").fill("40");
  await page.getByLabel("High threshold (%)").fill("30");
  await page.getByLabel("Light-edit threshold (%)").fill("12");
  await page.getByRole("button", { name: "Save for Returns & Refunds" }).click();
  await expect(page.getByText("The upper bound must be above the lower bound.")).toBeVisible();
  await expect(page.getByText("The light-edit threshold must be 0 to 100 % in steps of 5 % (production edits are counted in 5 % steps).")).toBeVisible();
  await bothWidths(page, "insights-team-settings-errors");
  await page.getByLabel("Low threshold (%)").fill("0");
  await page.getByLabel("High threshold (%)").fill("100");
  await page.getByLabel("Light-edit threshold (%)").fill("20");
  await page.getByRole("button", { name: "Save for Returns & Refunds" }).click();
  // The team page after the save (exactly: the settings page's heading names the team too).
  await expect(page.getByRole("heading", { level: 1, name: "Returns & Refunds", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/insights\/teams\/\d+$/);
  await page.goto("/insights");
  await expect(row(page, "Teams: overrides and bands", "Returns & Refunds").getByText("Drill band: Calibrated")).toBeVisible();
  await expect(row(page, "Teams: overrides and bands", "Returns & Refunds").getByText(/Bands 0 %–100 %.*team setting/)).toBeVisible();
  // The other team keeps the organisation's defaults.
  await expect(row(page, "Teams: overrides and bands", "Billing & Payments").getByText(/Bands 5 %–30 %/)).toBeVisible();

  // Back to the organisation's defaults, for the specs that read this team's bands after this one.
  await page.goto(teamHref.replace(/\?.*$/, "") + "/settings");
  await page.getByRole("button", { name: "Use the organisation's defaults again" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Returns & Refunds", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/insights\/teams\/\d+$/);
  await expect(page.getByText(/Bands 5 %–30 %.*(organisation|built-in) default/)).toBeVisible();

  await page.goto("/insights/slips");
  await expect(page.getByRole("heading", { level: 1, name: "Where errors slip through" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Drills missed most" }).getByRole("row")).not.toHaveCount(0);
  await bothWidths(page, "insights-slips");
});

/** The month that holds this ISO week's Thursday: the review month today's attempts count in. */
function reviewMonthOfToday(): string {
  const today = new Date();
  const thursday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7) + 3));
  return thursday.toISOString().slice(0, 7);
}

test("a leader opens the monthly review, picks a month, and prints it without the navigation", async ({ page }) => {
  await signIn(page, "leader");
  await page.goto("/insights");
  await page.getByRole("link", { name: "Monthly review" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Monthly review: / })).toBeVisible();
  // Last month's near-miss figures from the seeded reports (published once the month's weeks are over).
  const nearMisses = page.getByRole("region", { name: "Near-miss reports" });
  await expect(nearMisses.getByRole("rowheader", { name: "All reports" }).or(nearMisses.getByText("published once it is over"))).toBeVisible();
  await screenshot(page, "insights-review-last-month");

  const month = reviewMonthOfToday();
  await page.goto(`/insights/review?month=${month}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Monthly review: \w+ \d{4}$/);
  await expect(page.getByLabel("Month", { exact: true })).toHaveValue(month);
  const glance = page.getByRole("region", { name: "The month at a glance" });
  const attemptsThisMonth = Number((await glance.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "First attempts" }) }).getByRole("cell").first().innerText()).trim());
  // The beforeAll's 30 escalations by four agents of the leader's two teams, at least.
  expect(attemptsThisMonth).toBeGreaterThanOrEqual(30);
  await expect(glance.getByText(/Drill band: /).first()).toBeVisible();
  for (const heading of ["Where AI suggestions were overridden in production", "Where flaws slipped through in drills", "Clean controls most often overridden", "Tier movements", "Time to proficiency"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByText(OTHER_TEAM)).toHaveCount(0);

  // The summary's CSV holds the rows on screen, for the month shown.
  const glanceDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV of the month at a glance" }).click();
  const glanceFile = await glanceDownload;
  expect(glanceFile.suggestedFilename()).toBe(`redline-review-summary-${month}.csv`);
  const [glanceHeader = "", ...glanceLines] = (await readFile(await glanceFile.path(), "utf8")).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(glanceHeader.split(",")[0]).toBe("figure");
  const onScreen = (await glance.getByRole("rowheader").allInnerTexts()).map((text) => text.trim());
  expect(glanceLines.map((line) => line.split(",")[0])).toEqual(onScreen);
  expect(glanceLines[0]?.split(",")[1]).toBe(String(attemptsThisMonth));
  await bothWidths(page, "insights-review");
  // On a phone the page itself never scrolls sideways: wide tables scroll inside their panel.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll("body *")].filter((element) => element.getBoundingClientRect().right > 391 && !element.closest(".table-scroll")).map((element) => `${element.tagName}.${element.className}`),
  );
  expect(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  // One team, by its checkbox.
  await page.getByRole("checkbox", { name: "Returns & Refunds" }).check();
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText(/^Returns & Refunds · first attempts only/)).toBeVisible();

  // A month that is not one is refused in words, and last month is shown instead.
  await page.goto("/insights/review?month=2026-13");
  await expect(page.getByRole("alert")).toHaveText(/"2026-13" is not a month: use YYYY-MM/);

  await page.goto(`/insights/review?month=${month}`);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: /main/i })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("heading", { level: 2, name: "Tier movements" })).toBeVisible();
  await screenshot(page, "insights-review-print");
  await page.emulateMedia({ media: "screen" });
});

test("a leader cannot read a team they do not lead, by URL, by filter or by CSV", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const admin = await signedIn(baseURL, ACCOUNTS.admin);
  const page = await (await admin.get("/insights")).text();
  const otherTeam = new RegExp(`href="/insights/teams/(\\d+)\\?[^"]*">${OTHER_TEAM}<`).exec(page)?.[1];
  expect(otherTeam, "the admin sees the other team").toBeTruthy();
  const teamPage = await (await admin.get(`/insights/teams/${otherTeam}`)).text();
  const otherAgent = /href="\/insights\/teams\/\d+\/agents\/(\d+)/.exec(teamPage)?.[1];
  expect(otherAgent, "the other team has agents").toBeTruthy();
  await admin.dispose();

  const leader = await signedIn(baseURL, ACCOUNTS.leader);
  for (const path of [
    `/insights/teams/${otherTeam}`,
    `/insights/teams/${otherTeam}/agents/${otherAgent}`,
    `/insights/teams/${otherTeam}/settings`,
    `/insights?team=${otherTeam}`,
    `/insights/slips?team=${otherTeam}`,
    `/insights/export.csv?table=teams&team=${otherTeam}`,
    `/insights/export.csv?table=attempts&team=${otherTeam}`,
    `/insights/export.csv?table=agents&team=${otherTeam}&agent=${otherAgent}`,
    `/insights/review?team=${otherTeam}`,
    `/insights/export.csv?table=review-summary&team=${otherTeam}`,
    `/insights/export.csv?table=review-drills&team=${otherTeam}`,
  ]) {
    expect((await leader.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
  const post = await leader.post(`/insights/teams/${otherTeam}/settings`, { form: { intent: "save", low: "1", high: "2", minDecisions: "1", lightEdit: "0" }, maxRedirects: 0 });
  expect(post.status()).toBe(404);
  // Every export of the leader's own scope names only their teams.
  const attempts = await (await leader.get("/insights/export.csv?table=attempts")).text();
  expect(attempts).toContain("Returns & Refunds");
  expect(attempts).not.toContain(OTHER_TEAM);
  await leader.dispose();
});

test("an agent gets 403 on every insights page and export", async ({ baseURL, page }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const agent = await signedIn(baseURL, ACCOUNTS.agent);
  const paths = [
    "/insights",
    "/insights/slips",
    "/insights/review",
    "/insights/teams/1",
    "/insights/teams/1/agents/6",
    "/insights/teams/1/settings",
    "/admin/settings",
    ...["teams", "agents", "trend", "missed-types", "missed-flaws", "attempts", "review-summary", "review-kinds", "review-types", "review-drills", "review-controls", "review-tiers", "review-near-miss-categories", "review-near-miss-teams"].map((table) => `/insights/export.csv?table=${table}&team=1`),
  ];
  for (const path of paths) expect((await agent.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  expect((await agent.post("/insights/teams/1/settings", { form: { intent: "clear" }, maxRedirects: 0 })).status()).toBe(403);
  await agent.dispose();

  await signIn(page, "agent");
  const response = await page.goto("/insights");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

test("an admin sets the organisation's defaults, and teams without their own settings follow them", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  await page.getByLabel("Minimum decisions").fill("5");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await bothWidths(page, "admin-settings");
  await page.goto("/insights");
  await expect(row(page, "Teams: overrides and bands", OTHER_TEAM)).toBeVisible();
  // Billing & Payments has 6 decisions: enough for a band at a minimum of 5.
  await expect(row(page, "Teams: overrides and bands", "Billing & Payments").getByText("Drill band: Distrust (or a weak AI)")).toBeVisible();
  await page.goto("/admin/settings");
  await page.getByLabel("Minimum decisions").fill("20");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
});
