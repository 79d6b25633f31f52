import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, test } from "./fixtures";

/**
 * Issue 16, item 11, "The first visit": a new agent meets the drill page's walkthrough on their
 * first drill (a Japanese one, to show the English walkthrough keeps its layout), steps through
 * it by keyboard, does not see it again after a reload or on another device, reopens it with
 * "How this works" and skips it. At a desk (1280 px) and on a phone (390 px), and without
 * JavaScript. Each gets its own team and agent, made by the admin and an author through the app.
 */
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const DRILLS = ["ja-my-number-echo", "shipping-freight-calm-down"];
const PASSWORD = "walkthrough-agent-password-1";
const STEPS = ["Mark what is wrong", "Give each mark a type", "Decide", "Submit and learn"];

async function formPost(baseURL: string, email: string, password: string, posts: [string, [string, string][]][]) {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  expect((await context.post("/login", { form: { email, password }, maxRedirects: 0 })).status()).toBe(302);
  for (const [path, fields] of posts) {
    const response = await context.post(path, { data: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
    expect(response.status(), `${path}: ${(await response.text()).slice(0, 300)}`).toBe(302);
  }
  return context;
}

/** A team with one new agent and an assignment of a Japanese and an English drill. */
async function setUp(baseURL: string, label: string) {
  const team = `Walkthrough ${label}`;
  const email = `walkthrough.${label}@northwind.example`;
  const admin = await formPost(baseURL, "admin@northwind.example", DEMO_PASSWORD, [["/admin/teams/new", [["name", team]]]]);
  const teamId = new RegExp(`<option value="(\\d+)">${team}</option>`).exec(await (await admin.get("/admin/users/new")).text())?.[1];
  if (!teamId) throw new Error("the new team is not offered");
  const created = await admin.post("/admin/users/new", { form: { email, name: `Walkthrough ${label}`, role: "agent", teamId, password: PASSWORD }, maxRedirects: 0 });
  expect(created.status()).toBe(302);
  await admin.dispose();
  const due = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const author = await formPost(baseURL, "priya.author@northwind.example", DEMO_PASSWORD, [
    ["/assignments/new", [["title", `Walkthrough ${label}`], ["teamIds", teamId], ["dueAt", due], ["mode", "list"], ...DRILLS.map((id): [string, string] => ["drillIds", id])]],
  ]);
  await author.dispose();
  return email;
}

async function signInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
}

/** The first assigned drill, loaded fully (hydration included) with page.goto. */
async function openFirstDrill(page: Page) {
  await page.getByRole("region", { name: "Assigned to you" }).getByRole("button", { name: /^Drill 1 of 2/ }).click();
  await expect(page).toHaveURL(/\/play\/\d+$/);
  await page.goto(page.url());
  await hydrated(page);
}

async function hydrated(page: Page) {
  await expect(page.locator('input[name="clientId"]')).not.toHaveValue("");
}

/** What the agent sees: the walkthrough is fixed to the window, so a full-page picture would misplace it. */
async function inView(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

async function noHorizontalScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** The step's part of the page is lit up, in the window, and not under the walkthrough. */
async function pointsAt(page: Page, dialog: Locator, target: Locator) {
  await expect(target).toHaveClass(/walkthrough-target/);
  await expect(page.locator(".walkthrough-target")).toHaveCount(1);
  const [box, over] = [await target.boundingBox(), await dialog.boundingBox()];
  if (!box || !over) throw new Error("no box");
  const viewport = page.viewportSize();
  expect(box.y, "the part's top is in the window").toBeGreaterThanOrEqual(0);
  expect(box.y, "the part's top is in the window").toBeLessThan(viewport?.height ?? 0);
  const overlaps = box.x < over.x + over.width && over.x < box.x + box.width && box.y < over.y && over.y < box.y + 24;
  expect(overlaps, "the walkthrough covers the first line of the part it explains").toBe(false);
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    let email = "";
    test.beforeAll(async ({ baseURL }) => {
      if (!baseURL) throw new Error("baseURL is not set");
      email = await setUp(baseURL, size.name);
    });

    test("a new agent meets the walkthrough, steps through it by keyboard, and it stays closed; How this works reopens it", async ({ page, browser, baseURL }) => {
      await signInAs(page, email);
      await openFirstDrill(page);

      const dialog = page.getByRole("dialog", { name: "How this works" });
      await expect(dialog).toBeVisible();
      // Focus is in it, on Next; the page behind is inert (a modal dialog).
      const next = dialog.getByRole("button", { name: "Next" });
      await expect(next).toBeFocused();
      expect(await dialog.evaluate((element) => element.matches(":modal"))).toBe(true);
      await expect(dialog).toContainText(`Step 1 of ${STEPS.length}`);
      await expect(dialog.getByRole("heading", { level: 3 })).toHaveText(STEPS[0] ?? "");
      await pointsAt(page, dialog, page.getByTestId("draft"));
      // English over a Japanese drill.
      await expect(page.getByTestId("customer-message")).toHaveAttribute("lang", "ja");
      expect(await dialog.evaluate((element) => element.closest("[lang]")?.getAttribute("lang"))).toBe("en");
      await noHorizontalScroll(page, "step 1");
      expect(await seriousViolations(page)).toEqual([]);
      await inView(page, `walkthrough-step-1-${size.name}`);

      // Keyboard only: Enter on Next, and focus stays on it.
      await page.keyboard.press("Enter");
      await expect(dialog).toContainText(`Step 2 of ${STEPS.length}`);
      await expect(dialog.getByRole("heading", { level: 3 })).toHaveText(STEPS[1] ?? "");
      for (const type of ["Hallucination", "Missing citation", "Fabricated citation", "Restricted data", "Tone"]) {
        await expect(dialog.getByRole("term").filter({ hasText: type })).toBeVisible();
      }
      await expect(next).toBeFocused();
      // The longest step scrolls inside the walkthrough, its buttons stay in view.
      await expect(next).toBeInViewport();
      await pointsAt(page, dialog, page.locator("#walkthrough-flaw-types"));
      await noHorizontalScroll(page, "step 2");
      expect(await seriousViolations(page)).toEqual([]);
      await inView(page, `walkthrough-step-2-${size.name}`);

      await page.keyboard.press("Enter");
      await expect(dialog.getByRole("heading", { level: 3 })).toHaveText(STEPS[2] ?? "");
      for (const decision of ["Send as is", "Rewrite", "Escalate"]) await expect(dialog.getByRole("term").filter({ hasText: decision })).toBeVisible();
      await pointsAt(page, dialog, page.locator("#walkthrough-decision"));
      await inView(page, `walkthrough-step-3-${size.name}`);

      // Back, by Shift+Tab, and on again.
      await page.keyboard.press("Shift+Tab");
      await expect(dialog.getByRole("button", { name: "Back" })).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(dialog.getByRole("heading", { level: 3 })).toHaveText(STEPS[1] ?? "");
      await page.keyboard.press("Tab");
      await expect(next).toBeFocused();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter");
      await expect(dialog.getByRole("heading", { level: 3 })).toHaveText(STEPS[3] ?? "");
      await pointsAt(page, dialog, page.locator("#walkthrough-submit"));
      await inView(page, `walkthrough-step-4-${size.name}`);

      // The last step starts the drill; focus returns to the page, on the button that reopens it.
      const done = dialog.getByRole("button", { name: "Start the drill" });
      await expect(done).toBeFocused();
      const seen = page.waitForResponse((response) => /^\/walkthrough(\.data)?$/.test(new URL(response.url()).pathname) && response.request().method() === "POST");
      await page.keyboard.press("Enter");
      expect((await seen).status()).toBe(200);
      await expect(dialog).toBeHidden();
      await expect(page.locator(".walkthrough-target")).toHaveCount(0);
      const howItWorks = page.getByRole("button", { name: "How this works" });
      await expect(howItWorks).toBeFocused();
      await screenshot(page, `walkthrough-closed-${size.name}`);

      // A reload, and another device, do not show it again.
      await page.reload();
      await hydrated(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review this AI draft");
      await expect(dialog).toBeHidden();
      const other = await browser.newContext({ baseURL, viewport: { width: size.width, height: size.height } });
      const otherPage = await other.newPage();
      await signInAs(otherPage, email);
      await otherPage.goto(page.url());
      await hydrated(otherPage);
      await expect(otherPage.getByRole("button", { name: "How this works" })).toBeVisible();
      await expect(otherPage.getByRole("dialog")).toBeHidden();
      await other.close();

      // How this works reopens it from the start, by keyboard; Escape closes it and focus comes back.
      await howItWorks.focus();
      await page.keyboard.press("Enter");
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(`Step 1 of ${STEPS.length}`);
      await expect(next).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(howItWorks).toBeFocused();

      // Skipping is one action.
      await howItWorks.click();
      await expect(dialog).toBeVisible();
      await dialog.getByRole("button", { name: "Skip" }).click();
      await expect(dialog).toBeHidden();
      await expect(howItWorks).toBeFocused();
      // The page is usable straight away: the draft takes the keyboard.
      await page.getByTestId("draft").focus();
      await page.keyboard.press("End");
      await expect(page.getByTestId("announcer")).toHaveText("End of the draft: カスタマーサポート");
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  let email = "";
  test.beforeAll(async ({ baseURL }) => {
    if (!baseURL) throw new Error("baseURL is not set");
    email = await setUp(baseURL, "no-script");
  });

  test("the walkthrough shows every step, its button records it, and How this works shows it again", async ({ page }) => {
    await signInAs(page, email);
    await page.getByRole("region", { name: "Assigned to you" }).getByRole("button", { name: /^Drill 1 of 2/ }).click();
    await expect(page).toHaveURL(/\/play\/\d+$/);
    const drillUrl = page.url();
    const dialog = page.getByRole("dialog", { name: "How this works" });
    await expect(dialog).toBeVisible();
    for (const step of STEPS) await expect(dialog.getByRole("heading", { level: 3, name: step })).toBeVisible();
    await noHorizontalScroll(page, "without JavaScript");
    await screenshot(page, "walkthrough-no-script-phone");
    await dialog.getByRole("button", { name: "Got it, start the drill" }).click();
    await expect(page).toHaveURL(drillUrl);
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "How this works" }).click();
    await expect(page).toHaveURL(/\?walkthrough=$/);
    await expect(dialog).toBeVisible();
  });
});
