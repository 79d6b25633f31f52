import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { ACCOUNTS, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

/*
 * An author edits an assignment's due date and teams, an agent of the new team starts it (so its
 * drills are fixed), a second editor's stale save is refused, and the author cancels it: the
 * agent's home no longer shows it. Felix (Northwind Cloud B2B) is the agent: the admin spec disables Amara, and scoring-integrity only asks Felix for a practice drill later.
 */

const TITLE = "Cloud desk: espresso and IBANs";
const DRILLS = ["Day-31 leak on an espresso machine", "Dented toaster and a lecture about signing for parcels"];
const FELIX = "felix.agent@northwind.example";
const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

async function checkPage(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), `${name} at ${width} px`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px is wider than the screen`).toBeLessThanOrEqual(width);
    await screenshot(page, `${name}-${width}`);
  }
}

async function signInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("an author edits an assignment's due date and teams, then cancels it, and the agent's home no longer shows it", async ({ page, browser }) => {
  // Two people, three pages, axe at two widths on four pages.
  test.setTimeout(120_000);
  await signIn(page, "author");
  await page.goto("/assignments/new");
  await page.getByLabel("Title").fill(TITLE);
  await page.getByRole("checkbox", { name: "Billing & Payments" }).check();
  for (const [search, title] of [
    ["espresso", DRILLS[0]],
    ["toaster", DRILLS[1]],
  ] as const) {
    await page.getByRole("searchbox", { name: "Search drills" }).fill(search);
    await page.getByRole("checkbox", { name: new RegExp(`^${title}`) }).check();
  }
  await page.getByRole("button", { name: "Create assignment" }).click();
  await expect(page).toHaveURL(/\/assignments$/);
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  const assignmentUrl = page.url();

  // Edit: a new due date, and Northwind Cloud B2B instead of Billing & Payments.
  await page.getByRole("link", { name: "Edit assignment" }).click();
  await expect(page.getByRole("heading", { name: "Edit assignment", level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Title")).toHaveValue(TITLE);
  await expect(page.getByRole("checkbox", { name: "Billing & Payments" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Keep the current 2 drills" })).toBeChecked();
  // A date in the past is refused next to the field.
  await page.getByLabel("Due date").fill(day(-1));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The due date is in the past.")).toBeVisible();
  await expect(page.getByLabel("Due date")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Due date").fill(day(14));
  await page.getByRole("checkbox", { name: "Billing & Payments" }).uncheck();
  await page.getByRole("checkbox", { name: "Northwind Cloud B2B" }).check();
  await checkPage(page, "assignment-edit");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(assignmentUrl);
  await expect(page.getByText(`due ${day(14)}`)).toBeVisible();
  const byTeam = page.getByRole("region", { name: "By team" });
  await expect(byTeam.getByRole("rowheader")).toHaveText(["Northwind Cloud B2B"]);

  // Felix, of the new team, sees it and opens its first drill: the assignment has started.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signInAs(agent, FELIX);
  const assigned = agent.getByRole("region", { name: "Assigned to you" });
  await expect(assigned.getByText(`${TITLE} · due ${day(14)}`)).toHaveCount(2);
  await assigned.getByRole("listitem").filter({ hasText: TITLE }).first().getByRole("button").click();
  await expect(agent).toHaveURL(/\/play\/\d+$/);
  const openDrill = agent.url();

  // The drills are now shown read-only, with the reason; a second editor opens the form too.
  await page.goto(`${assignmentUrl}/edit`);
  const drills = page.getByRole("region", { name: "Drills" });
  await expect(drills.getByText("The drills can no longer change: 1 agent has started this assignment")).toBeVisible();
  await expect(drills.getByRole("listitem")).toHaveText([new RegExp(DRILLS[0] ?? ""), new RegExp(DRILLS[1] ?? "")]);
  await expect(page.getByRole("radio", { name: "Pick drills" })).toHaveCount(0);
  await checkPage(page, "assignment-edit-started");
  const second = await page.context().newPage();
  await second.goto(`${assignmentUrl}/edit`);
  await page.getByLabel("Title").fill(`${TITLE} (week 2)`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: `${TITLE} (week 2)`, level: 1 })).toBeVisible();
  // The stale form is refused, not saved over the first.
  await second.getByLabel("Due date").fill(day(21));
  await second.getByRole("button", { name: "Save changes" }).click();
  await expect(second.getByRole("alert")).toContainText("You changed this assignment in another window after this form was opened, so these changes were not saved.");
  await screenshot(second, "assignment-edit-conflict");
  await second.close();
  await page.reload();
  await expect(page.getByText(`due ${day(14)}`)).toBeVisible();

  // Cancel: a confirmation page first, then the assignment is marked cancelled with its figures.
  await page.getByRole("link", { name: "Cancel assignment…" }).click();
  await expect(page.getByRole("heading", { name: `Cancel “${TITLE} (week 2)”?`, level: 1 })).toBeVisible();
  await expect(page.getByText(/The (agent|\d+ agents) of Northwind Cloud B2B will no longer see it/)).toBeVisible();
  await checkPage(page, "assignment-cancel");
  await page.getByRole("button", { name: "Cancel assignment" }).click();
  await expect(page).toHaveURL(assignmentUrl);
  await expect(page.getByRole("heading", { name: /cancelled/, level: 1 })).toBeVisible();
  await expect(page.getByText(/^Cancelled on \d{4}-\d{2}-\d{2} by Priya Shah: agents no longer see it\./)).toBeVisible();
  // Two drills for each of the team's active agents: two, or one once the admin spec has disabled Amara.
  const b2b = byTeam.getByRole("row", { name: /Northwind Cloud B2B/ }).getByRole("cell");
  await expect(b2b.nth(0)).toHaveText(/^(2|1)$/);
  await expect(b2b.nth(1)).toHaveText(/^0 \/ (4|2)$/);
  await expect(page.getByRole("link", { name: "Edit assignment" })).toHaveCount(0);
  await checkPage(page, "assignment-cancelled");
  await page.goto("/assignments");
  await expect(page.getByRole("row").filter({ hasText: TITLE })).toContainText("cancelled");

  // Felix's home no longer shows it, and his open drill of it is closed with the reason.
  await agent.goto("/");
  await expect(agent.getByRole("heading", { name: "Assigned to you" })).toBeVisible();
  await expect(agent.getByRole("region", { name: "Assigned to you" })).not.toContainText(TITLE);
  await screenshot(agent, "assignment-cancelled-agent-home");
  const closed = await agent.goto(openDrill);
  expect(closed?.status()).toBe(409);
  await expect(agent.getByText("This drill's assignment was cancelled after it was served")).toBeVisible();
  await agentContext.close();

  // The audit log has the edit and the cancel, with who and what.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "admin");
  await page.goto("/admin/audit");
  await expect(page.getByRole("row").filter({ hasText: "assignment.edit" }).first()).toContainText("priya.author@northwind.example");
  await expect(page.getByRole("row").filter({ hasText: "assignment.cancel" }).first()).toContainText("priya.author@northwind.example");
});

async function contextFor(email: string, baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const response = await context.post("/login", { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(response.status(), `sign in as ${email}`).toBe(302);
  return context;
}

test("changing an assignment: each role, someone else's and missing ids, malformed bodies", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  // The demo seed's assignment 1 was created by the first author (Priya) for Returns & Refunds.
  const valid = { title: "Taken over", teamIds: "1", dueAt: day(10), mode: "keep", version: "1" };
  const leader = await contextFor(ACCOUNTS.leader, baseURL);
  const agent = await contextFor(ACCOUNTS.agent, baseURL);
  const admin = await contextFor(ACCOUNTS.admin, baseURL);
  for (const [who, context] of [
    ["leader", leader],
    ["agent", agent],
  ] as const) {
    expect((await context.post("/assignments/1/edit", { form: valid, maxRedirects: 0 })).status(), `${who} edits the author's assignment`).toBe(403);
    expect((await context.post("/assignments/1/cancel", { form: { version: "1", confirm: "yes" }, maxRedirects: 0 })).status(), `${who} cancels it`).toBe(403);
  }
  expect((await admin.post("/assignments/999999/edit", { form: valid, maxRedirects: 0 })).status()).toBe(404);
  expect((await admin.post("/assignments/abc/cancel", { form: { version: "1", confirm: "yes" }, maxRedirects: 0 })).status()).toBe(404);

  // Malformed bodies are field errors (400), never a 500, and change nothing.
  const malformed = await admin.post("/assignments/1/edit", { form: { title: "", teamIds: "abc", dueAt: "31/12/2026", mode: "keep", version: "x" }, maxRedirects: 0 });
  expect(malformed.status()).toBe(400);
  const body = await malformed.text();
  for (const message of ["Enter a title.", "Choose a due date.", "This form has no version; reload the page."]) expect(body).toContain(message);
  const badMode = await admin.post("/assignments/1/edit", { form: { ...valid, mode: "everything" }, maxRedirects: 0 });
  expect(badMode.status()).toBe(400);
  expect(await badMode.text()).toContain("Choose how to pick the drills.");
  const unknownTeam = await admin.post("/assignments/1/edit", { form: { ...valid, teamIds: "999999" }, maxRedirects: 0 });
  expect(unknownTeam.status()).toBe(400);
  expect(await unknownTeam.text()).toContain("Unknown team id 999999.");
  const unconfirmed = await admin.post("/assignments/1/cancel", { form: { version: "1" }, maxRedirects: 0 });
  expect(unconfirmed.status()).toBe(400);
  expect(await unconfirmed.text()).toContain("Confirm that the assignment is to be cancelled.");
  const page = await admin.get("/assignments/1");
  expect(await page.text()).not.toContain("Taken over");
  expect(await page.text()).not.toContain("Cancelled on");
  for (const context of [leader, agent, admin]) await context.dispose();
});
