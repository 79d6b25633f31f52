import AxeBuilder from "@axe-core/playwright";
import { expect, screenshot, signIn, test } from "./fixtures";

const TITLE = "Returns refresher: espresso and toasters";
const DRILLS = ["Day-31 leak on an espresso machine", "Dented toaster and a lecture about signing for parcels"];

test("an author assigns two drills to Returns & Refunds and a leader follows its completion", async ({ page }) => {
  await signIn(page, "author");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assignments" }).click();
  await expect(page.getByRole("heading", { name: "Assignments", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New assignment" }).click();
  await expect(page.getByRole("heading", { name: "New assignment" })).toBeVisible();

  await page.getByLabel("Title").fill(TITLE);
  await page.getByRole("checkbox", { name: "Returns & Refunds" }).check();
  await expect(page.getByRole("radio", { name: "Pick drills" })).toBeChecked();
  // The search box narrows the list; checked drills stay checked while hidden.
  await page.getByRole("searchbox", { name: "Search drills" }).fill("espresso");
  await expect(page.getByText(/^\d+ of \d+ drills match · 0 picked$/)).toBeVisible();
  await page.getByRole("checkbox", { name: new RegExp(`^${DRILLS[0]}`) }).check();
  await page.getByRole("searchbox", { name: "Search drills" }).fill("toaster");
  await page.getByRole("checkbox", { name: new RegExp(`^${DRILLS[1]}`) }).check();
  await page.getByRole("searchbox", { name: "Search drills" }).fill("");
  await expect(page.getByText(/^\d+ active drills · 2 picked$/)).toBeVisible();

  // A due date in the past is refused by the server, next to the field, and nothing is created.
  const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Due date").fill(yesterday);
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/assignments/new"));
  await page.getByRole("button", { name: "Create assignment" }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByText("The due date is in the past.")).toBeVisible();
  await expect(page.getByLabel("Due date")).toHaveAttribute("aria-invalid", "true");
  for (const title of DRILLS) await expect(page.getByRole("checkbox", { name: new RegExp(`^${title}`) })).toBeChecked();

  const inAWeek = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Due date").fill(inAWeek);
  await expect(page.getByText("The due date is in the past.")).toHaveCount(0);
  await screenshot(page, "assignment-new");
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  await page.getByRole("button", { name: "Create assignment" }).click();

  await expect(page).toHaveURL(/\/assignments$/);
  const row = page.getByRole("row").filter({ hasText: TITLE });
  await expect(row).toContainText("Returns & Refunds");
  await expect(row).toContainText(inAWeek);
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");
  await expect(row.getByRole("cell").nth(4)).toHaveText("0 %");
  await screenshot(page, "assignments-list");

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "leader");
  await page.goto("/assignments");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  const byTeam = page.getByRole("region", { name: "By team" });
  await expect(byTeam.getByRole("row", { name: /Returns & Refunds/ })).toContainText("0 / 6");
  const byAgent = page.getByRole("region", { name: "By agent" });
  for (const agent of ["Dana Kim", "Luis García", "Yuki Tanaka"]) {
    await expect(byAgent.getByRole("row", { name: new RegExp(agent) })).toContainText("0 / 2");
  }
  for (const title of DRILLS) await expect(page.getByRole("region", { name: "Drills" })).toContainText(title);
  await screenshot(page, "assignment-progress");
});

test("a filter that matches too few drills says how many match", async ({ page }) => {
  await signIn(page, "leader");
  await page.goto("/assignments/new");
  await page.getByLabel("Title").fill("Japanese restricted data");
  await page.getByRole("checkbox", { name: "Returns & Refunds" }).check();
  // A leader is offered only the teams they lead.
  await expect(page.getByRole("checkbox", { name: "Northwind Cloud B2B" })).toHaveCount(0);
  await page.getByRole("radio", { name: "By filter" }).check();
  await expect(page.getByRole("searchbox", { name: "Search drills" })).toBeHidden();
  await page.getByRole("checkbox", { name: "Restricted data" }).check();
  await page.getByLabel("Locale").selectOption("ja");
  await page.getByLabel("Number of drills").fill("50");
  await page.getByRole("button", { name: "Create assignment" }).click();
  await expect(page.getByText(/Only \d+ active drills? match(es)? this filter; lower the count to \d+/)).toBeVisible();
  await expect(page).toHaveURL(/\/assignments\/new$/);
  await screenshot(page, "assignment-filter-error");
});

test("an agent cannot open assignments", async ({ page }) => {
  await signIn(page, "agent");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assignments" })).toHaveCount(0);
  const response = await page.goto("/assignments");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});
