import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

/**
 * An author reads a drill's item analysis. Six new agents of a team of their own (so no other
 * spec's attempts mix in) take a warm-up drill, three rightly and three not, so their ratings
 * differ; then a fresh studio drill, where the same three catch its planted flaw and the other
 * three send it after marking a sentence no flaw declares.
 */

const RUN = Date.now();
const TEAM = `Item analysis trial ${RUN}`;
const DRILL_ID = `item-analysis-gift-card-${RUN}`;
const TITLE = `Item analysis: a 45-day window and a gift card (${RUN})`;
const WARM_UP = "refunds-day-31-espresso";
const WINDOW = "Our return window is 45 days from delivery [refunds.window].";
const GIFT = "As a thank-you we add a free gift card to every return.";
const DRAFT = ["Hi Sam,", WINDOW, GIFT, "Kind regards,", "Northwind Home Support"].join("\n");

async function signedIn(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  expect((await context.post("/login", { form: { email, password }, maxRedirects: 0 })).status(), `sign in as ${email}`).toBe(302);
  return context;
}

/** A new team and six agents in it, each past the walkthrough. */
async function newTeamOfAgents(baseURL: string) {
  const admin = await signedIn(baseURL, "admin@northwind.example");
  expect((await admin.post("/admin/teams/new", { form: { name: TEAM }, maxRedirects: 0 })).status()).toBe(302);
  const options = await (await admin.get("/admin/users/new")).text();
  const teamId = new RegExp(`<option value="(\\d+)">${TEAM}</option>`).exec(options)?.[1];
  if (!teamId) throw new Error(`${TEAM} is not offered`);
  const password = "item analysis pass phrase 2026";
  const agents: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const email = `item.analysis.${RUN}.${i}@northwind.example`;
    expect((await admin.post("/admin/users/new", { form: { email, name: `Trial Agent ${i}`, role: "agent", teamId, password }, maxRedirects: 0 })).status()).toBe(302);
    const agent = await signedIn(baseURL, email, password);
    expect((await agent.post("/walkthrough", { form: { redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(302);
    await agent.dispose();
    agents.push(email);
  }
  await admin.dispose();
  return { teamId, agents, password };
}

async function assign(author: APIRequestContext, teamId: string, drillId: string, title: string) {
  const due = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const created = await author.post("/assignments/new", { form: { title, mode: "list", teamIds: teamId, drillIds: drillId, dueAt: due }, maxRedirects: 0 });
  expect(created.status(), await created.text()).toBe(302);
}

/** Serves the agent's assigned drill and answers it; `answer` gets the drill page's HTML to decide. */
async function answerAssigned(agent: APIRequestContext, answer: (page: string) => Partial<Record<string, string>>) {
  const served = await agent.post("/practice", { form: {}, maxRedirects: 0 });
  expect(served.status()).toBe(302);
  const playPath = served.headers()["location"] ?? "";
  const page = await (await agent.get(playPath)).text();
  const revisionId = /name="revisionId" value="(\d+)"/.exec(page)?.[1] ?? "";
  const reply = await agent.post(playPath, { form: { clientId: randomUUID(), revisionId, timeOnTaskMs: "30000", marks: "[]", ...(answer(page) as Record<string, string>) }, maxRedirects: 0 });
  expect(reply.status()).toBe(302);
}

const markOf = (text: string, type: string) => {
  const start = DRAFT.indexOf(text);
  return { start, end: start + text.length, type };
};

async function publishStudioDrill(author: APIRequestContext) {
  expect((await author.post("/studio/drills/new", { form: { id: DRILL_ID, title: TITLE, locale: "en" }, maxRedirects: 0 })).status()).toBe(302);
  const published = await author.post(`/studio/drills/${DRILL_ID}`, {
    form: {
      intent: "publish",
      version: "1",
      title: TITLE,
      locale: "en",
      channel: "email",
      skills: "return-window",
      difficulty: "2",
      customer: "Hello, the kettle I ordered leaks. Can I still send it back? It arrived 20 days ago.\nSam",
      draft: DRAFT,
      expected: "",
      escalation: "",
      "flaws.0.type": "hallucination",
      "flaws.0.quote": "Our return window is 45 days from delivery",
      "flaws.0.occurrence": "",
      "flaws.0.explanation": "The return window is 30 days from delivery, not 45.",
      "flaws.0.policy": "refunds.window",
      "flaws.0.accept": "",
    },
  });
  expect(published.status()).toBe(200);
  expect(await published.text()).toContain("Published as revision 1");
}

async function expectNoSeriousAxeIssue(page: Page, what: string) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), what).toEqual([]);
}

async function noHorizontalScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

async function setMinimum(page: Page, value: string) {
  await page.goto("/admin/settings");
  const form = page.locator("#item-analysis-settings");
  await form.getByLabel("Minimum first attempts").fill(value);
  await form.getByRole("button", { name: "Save minimum" }).click();
}

test("an author reads a drill's item analysis on its studio page, with a hint, and the list's discrimination; the minimum is an admin's setting", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  if (!baseURL) throw new Error("baseURL is not set");

  // The admin lowers the minimum to five attempts; fewer than five is refused at the field.
  await signIn(page, "admin");
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { name: "Item analysis" })).toBeVisible();
  await setMinimum(page, "3");
  await expect(page.locator("#item-analysis-settings").getByText("The minimum must be at least 5 attempts")).toBeVisible();
  await setMinimum(page, "5");
  await expect(page.getByRole("status").filter({ hasText: "Item analysis shows from 5 first attempts." })).toBeVisible();
  await page.reload();
  await expect(page.locator("#item-analysis-settings").getByLabel("Minimum first attempts")).toHaveValue("5");
  await page.getByRole("button", { name: "Sign out" }).click();

  const { teamId, agents, password } = await newTeamOfAgents(baseURL);
  const author = await signedIn(baseURL, "priya.author@northwind.example");
  await publishStudioDrill(author);

  // The warm-up: three escalate its flawed draft (a hit), three send it (a miss), so their ratings part.
  await assign(author, teamId, WARM_UP, `Item analysis warm-up ${RUN}`);
  for (const [i, email] of agents.entries()) {
    const agent = await signedIn(baseURL, email, password);
    await answerAssigned(agent, () => (i < 3 ? { decision: "escalate", escalationReason: "The draft promises what the policy does not." } : { decision: "send" }));
    await agent.dispose();
  }
  // The drill under analysis: the stronger three mark the planted flaw and escalate; the others mark the gift-card sentence and send.
  await assign(author, teamId, DRILL_ID, `Item analysis trial ${RUN}`);
  for (const [i, email] of agents.entries()) {
    const agent = await signedIn(baseURL, email, password);
    await answerAssigned(agent, (page) => {
      expect(page).toContain("free gift card");
      return i < 3
        ? { decision: "escalate", escalationReason: "The window is 30 days.", marks: JSON.stringify([markOf("Our return window is 45 days", "hallucination")]) }
        : { decision: "send", marks: JSON.stringify([markOf(GIFT, "hallucination")]) };
    });
    await agent.dispose();
  }
  await author.dispose();

  await signIn(page, "author");
  await page.goto(`/studio/drills/${DRILL_ID}`);
  const section = page.getByRole("region", { name: "Item analysis", exact: true });
  await expect(section.getByRole("heading", { name: "Item analysis", level: 2 })).toBeVisible();
  const figures = section.getByRole("table", { name: "Figures for all revisions" });
  await expect(figures.getByRole("row", { name: /First attempts/ })).toContainText("6");
  await expect(figures.getByRole("row", { name: /Facility \(right decisions\)/ })).toContainText("3 of 6 (50 %)");
  await expect(figures.getByRole("row", { name: /Median time on task/ })).toContainText("30 s");
  // Upper and lower 27 % of six: two each; the two highest-rated were right, the two lowest not.
  await expect(figures.getByRole("row", { name: /Discrimination/ })).toContainText("1.00, discriminates (0.3 or more)");
  await expect(figures.getByRole("row", { name: /Discrimination/ })).toContainText("upper minus lower 27 %, 2 attempts in each group");
  const flaws = section.getByRole("table", { name: "Planted flaws" });
  await expect(flaws.getByRole("row", { name: /Flaw 1: Hallucination/ })).toContainText("3 of 6 (50 %)");
  await expect(section.getByRole("listitem").filter({ hasText: "Marks cluster on a span no flaw declares" })).toContainText(`“${GIFT}”, marked by 3 of 6`);
  await expect(section).toContainText("below 0.3 likely to need revision, below 0.2 very likely");
  await screenshot(page, "item-analysis-drill-1280");
  await expectNoSeriousAxeIssue(page, "the drill's studio page");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(section.getByRole("heading", { name: "Item analysis", level: 2 })).toBeVisible();
  await noHorizontalScroll(page, "the drill's studio page");
  await expectNoSeriousAxeIssue(page, "the drill's studio page at 390 px");
  await screenshot(page, "item-analysis-drill-390");
  await section.screenshot({ path: "test-results/screenshots/item-analysis-section-390.png" });

  // The drill list shows its discrimination and hints beside the facility.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/studio?q=${DRILL_ID}`);
  const row = page.getByRole("row", { name: new RegExp(TITLE.replace(/[()]/g, "\\$&")) });
  await expect(row).toContainText("50 %");
  await expect(row).toContainText("1.00");
  await expect(row).toContainText("discriminates (0.3 or more)");
  await expect(page.getByText("Item analysis, from 5 first attempts")).toBeVisible();
  await screenshot(page, "item-analysis-list-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await noHorizontalScroll(page, "the studio's drill list");
  await expectNoSeriousAxeIssue(page, "the studio's drill list at 390 px");
  await screenshot(page, "item-analysis-list-390");
  await page.getByRole("button", { name: "Sign out" }).click();

  // Back to the default, so the specs after this one see the organisation as it was.
  await signIn(page, "admin");
  await setMinimum(page, "20");
  await expect(page.getByRole("status").filter({ hasText: "Item analysis shows from 20 first attempts." })).toBeVisible();
});
