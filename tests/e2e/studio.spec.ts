import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

const ID = "refunds-studio-shipping-promise";
const TITLE = "Studio: a free-shipping promise and a 45-day window";
const ASSIGNMENT = "Studio drill try-out";
const FIRST_LINE = "Hi Sam,";
const WINDOW_LINE = "Our return window is 45 days from delivery [refunds.windw].";
const SHIPPING_LINE = "We will also refund your return shipping costs in full.";
const SHIPPING_EXPLANATION = "Nothing in the refunds policy promises to refund return shipping; the draft invents it.";
const WINDOW_EXPLANATION = "The return window is 30 days from delivery, not 45.";

/** A new agent of Returns & Refunds, with no drill open and the walkthrough already closed (tests/e2e/walkthrough.spec.ts). */
async function newReturnsAgent(baseURL: string) {
  const email = `studio.agent.${Date.now()}@northwind.example`;
  const password = "studio agent pass phrase 2026";
  const admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  expect((await admin.post("/login", { form: { email: "admin@northwind.example", password: DEMO_PASSWORD }, maxRedirects: 0 })).status()).toBe(302);
  const teamId = /<option value="(\d+)">Returns &amp; Refunds<\/option>/.exec(await (await admin.get("/admin/users/new")).text())?.[1];
  if (!teamId) throw new Error("Returns & Refunds is not offered");
  expect((await admin.post("/admin/users/new", { form: { email, name: "Sam Studio", role: "agent", teamId, password }, maxRedirects: 0 })).status()).toBe(302);
  await admin.dispose();
  const agent = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  expect((await agent.post("/login", { form: { email, password }, maxRedirects: 0 })).status()).toBe(302);
  expect((await agent.post("/walkthrough", { form: { redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(302);
  await agent.dispose();
  return { email, password };
}

async function expectNoSeriousAxeIssue(page: Page) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test("an author writes a drill with two flaws in the studio, fixes a citation, previews and publishes it; an agent is served it and learns from its explanations", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  if (!baseURL) throw new Error("baseURL is not set");
  const newcomer = await newReturnsAgent(baseURL);
  await signIn(page, "author");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" }).click();
  await expect(page.getByRole("heading", { name: "Studio", level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("row", { name: /Day-31 leak on an espresso machine/ })).toContainText("drills/refunds/refunds-day-31-espresso.yaml");
  await screenshot(page, "studio-list");
  await expectNoSeriousAxeIssue(page);

  await page.getByRole("link", { name: "New drill" }).click();
  await page.getByLabel("Id").fill(ID);
  await page.getByLabel("Title").fill(TITLE);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await page.reload();

  await page.getByLabel("Customer message").fill("Hello, the kettle I ordered leaks. Can I still send it back? It arrived 20 days ago.\nSam");
  const draft = page.getByLabel("AI draft");
  await draft.fill([FIRST_LINE, WINDOW_LINE, SHIPPING_LINE, "Kind regards,", "Northwind Home Support"].join("\n"));
  // Checked live as the author types, with content:check's words, at the draft and on the span.
  const unknown = "citation [refunds.windw] does not match any policy section (did you mean refunds.window?)";
  await expect(page.locator("#draft-error")).toContainText(unknown);
  await expect(page.getByRole("list", { name: "Where in the draft" }).locator("mark")).toHaveText("[refunds.windw]");
  await screenshot(page, "studio-editor-unknown-citation");
  // Publishing with a problem saves the draft and refuses; the page takes the saved version, so the next save is not a conflict.
  const version = page.locator('form input[name="version"]').first();
  const before = Number(await version.inputValue());
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Not published: fix the problems shown at their fields first. Your draft was saved.")).toBeVisible();
  await expect(version).toHaveValue(String(before + 1));

  await draft.fill([FIRST_LINE, WINDOW_LINE.replace("[refunds.windw]", ""), SHIPPING_LINE, "Kind regards,", "Northwind Home Support"].join("\n").replace(" .", "."));
  // The citation picker inserts a citation at the draft's cursor: after "delivery".
  await draft.evaluate((element: HTMLTextAreaElement) => {
    const at = element.value.indexOf("delivery") + "delivery".length;
    element.focus();
    element.setSelectionRange(at, at);
  });
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  await page.getByLabel("Insert a citation at the draft's cursor").fill("refunds.window");
  await page.getByRole("button", { name: "Insert citation" }).click();
  await expect(draft).toHaveValue(new RegExp("45 days from delivery \\[refunds\\.window\\]\\."));
  await expect(page.locator("#draft-error")).toHaveCount(0);
  await expect(page.getByText("The validator finds no problem: this drill can be published.")).toBeVisible();

  // Mouse: a triple click selects the shipping line; its button declares it a hallucination.
  const box = await draft.boundingBox();
  if (!box) throw new Error("the draft has no box");
  const lineHeight = await draft.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight) || 20);
  const padding = await draft.evaluate((element) => parseFloat(getComputedStyle(element).paddingTop) || 0);
  await page.mouse.click(box.x + 40, box.y + padding + lineHeight * 2.5, { clickCount: 3 });
  await page.getByRole("button", { name: /^Hallucination/ }).click();
  await expect(page.getByLabel("Quote (the flaw's exact words in the draft)").first()).toHaveValue(SHIPPING_LINE);
  await expect(page.getByLabel("Explanation (what the feedback teaches)").first()).toBeFocused();
  await page.keyboard.type(SHIPPING_EXPLANATION);

  // Keyboard: to the start of the second line, over "45 days" with Shift+arrows, Alt+Shift+H.
  await draft.focus();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Home");
  for (let i = 0; i < "Our return window is ".length; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < "45 days".length; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Alt+Shift+KeyH");
  await expect(page.getByLabel("Quote (the flaw's exact words in the draft)").nth(1)).toHaveValue("45 days");
  await expect(page.getByRole("status").filter({ hasText: "Hallucination flaw 2 added" })).toBeAttached();
  await page.keyboard.type(WINDOW_EXPLANATION);
  await page.getByLabel("Violated policy section").nth(1).fill("refunds.window");
  await expect(page.getByText("The validator finds no problem: this drill can be published.")).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved. It is ready to publish.")).toBeVisible();
  await screenshot(page, "studio-editor-two-flaws");
  await expectNoSeriousAxeIssue(page);

  await page.getByRole("link", { name: "Preview as an agent" }).click();
  await expect(page.getByRole("heading", { name: "Review this AI draft" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("draft")).toContainText("We will also refund your return shipping costs in full.");
  await expect(page.getByRole("region", { name: "Flaw 2: Hallucination" })).toContainText(WINDOW_EXPLANATION);
  await screenshot(page, "studio-preview");
  await expectNoSeriousAxeIssue(page);
  await page.getByRole("link", { name: "Back to the editor" }).click();

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published as revision 1: agents are served it from now on.")).toBeVisible();
  await page.getByRole("link", { name: /Revisions/ }).click();
  await expect(page.getByRole("row", { name: /Priya Shah/ })).toContainText("1");

  // Assigned to the agent's team, so the agent meets this drill next.
  await page.goto("/assignments/new");
  await page.getByLabel("Title").fill(ASSIGNMENT);
  await page.getByRole("checkbox", { name: "Returns & Refunds" }).check();
  await page.getByRole("searchbox", { name: "Search drills" }).fill("free-shipping");
  await page.getByRole("checkbox", { name: new RegExp(`^${TITLE}`) }).check();
  await page.getByLabel("Due date").fill(new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Create assignment" }).click();
  await expect(page).toHaveURL(/\/assignments$/);
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.goto("/login");
  await page.getByLabel("Email").fill(newcomer.email);
  await page.getByLabel("Password").fill(newcomer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const assigned = page.getByRole("region", { name: "Assigned to you" }).getByRole("listitem").filter({ hasText: ASSIGNMENT });
  await assigned.getByRole("button", { name: /Drill 1 of 1/ }).click();
  await expect(page.getByRole("heading", { name: "Review this AI draft" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("draft")).toContainText(SHIPPING_LINE);
  await page.getByRole("radio", { name: "Send as is" }).check();
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { name: "The planted flaws" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Flaw 1: Hallucination" })).toContainText(SHIPPING_EXPLANATION);
  await expect(page.getByRole("region", { name: "Flaw 2: Hallucination" })).toContainText(WINDOW_EXPLANATION);
  await screenshot(page, "studio-drill-feedback");
});

test("a file drill opens read only with its path and can be copied into the studio; the studio's pages fit a phone", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "author");
  await page.goto("/studio/drills/refunds-day-31-espresso");
  await expect(page.getByText("drills/refunds/refunds-day-31-espresso.yaml").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await expect(page.locator("pre.yaml")).toContainText("id: refunds-day-31-espresso");
  await screenshot(page, "studio-file-drill-390");
  await page.getByLabel("Id of the copy").fill("refunds-day-31-espresso-studio");
  await page.getByRole("button", { name: "Copy into the studio" }).click();
  await expect(page).toHaveURL(/\/studio\/drills\/refunds-day-31-espresso-studio$/);
  await expect(page.getByLabel("AI draft")).toHaveValue(/Barista Pro has started leaking/);
  for (const path of ["/studio", "/studio/drills/refunds-day-31-espresso-studio", "/studio/drills/refunds-day-31-espresso-studio/preview", "/studio/drills/new"]) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width}px wide at 390`).toBeLessThanOrEqual(390);
    await expectNoSeriousAxeIssue(page);
  }
  await screenshot(page, "studio-new-390");
  const download = await page.request.get("/studio/drills/refunds-day-31-espresso-studio.yaml");
  expect(download.headers()["content-disposition"]).toContain('filename="refunds-day-31-espresso-studio.yaml"');
  expect(await download.text()).toContain("id: refunds-day-31-espresso-studio");
});

test("an author generates flawed variants of a clean control and publishes one", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "author");
  await page.goto("/studio/drills/refunds-blender-warranty");
  await expect(page.getByRole("heading", { name: "Flaw generator" })).toBeVisible();
  await page.getByRole("button", { name: "Propose flawed variants" }).click();
  await expect(page.getByText(/flawed variants? created as drafts: review each before publishing\./)).toBeVisible();
  const proposed = page.getByRole("region", { name: "Proposed variants" });
  await expect(proposed.getByRole("listitem").first()).toBeVisible();
  await screenshot(page, "studio-variants");
  await expectNoSeriousAxeIssue(page);
  await proposed.getByRole("link").filter({ hasText: /./ }).first().click();
  await expect(page.getByText("The validator finds no problem: this drill can be published.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: /^Flaw 1: / })).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published as revision 1: agents are served it from now on.")).toBeVisible();
  await page.goto("/studio?origin=studio&status=active");
  await expect(page.getByRole("row", { name: /refunds-blender-warranty-gen-/ }).first()).toBeVisible();
});

test("the studio lists a library a page at a time, keeping its filters from page to page", async ({ page }) => {
  await signIn(page, "author");
  await page.goto("/studio?sort=title");
  const status = page.getByRole("status").filter({ hasText: /^Drills / });
  await expect(status).toHaveText(/^Drills 1–50 of \d+$/);
  const total = Number(/of (\d+)$/.exec((await status.textContent()) ?? "")?.[1]);
  expect(total).toBeGreaterThan(50);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(51);
  const pages = page.getByRole("navigation", { name: "Pages of drills" });
  await expect(pages).toContainText(`Page 1 of ${Math.ceil(total / 50)}`);
  const firstTitle = await page.getByRole("table").getByRole("row").nth(1).getByRole("link").textContent();
  // Keyboard only: to the next page, and the sort stays.
  await pages.getByRole("link", { name: "Next page →" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]sort=title/);
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(status).toHaveText(new RegExp(`^Drills 51–${Math.min(100, total)} of ${total}$`));
  await page.reload();
  await expect(page.getByRole("table").getByRole("row").nth(1).getByRole("link")).not.toHaveText(firstTitle ?? "");
  await pages.getByRole("link", { name: "← Previous page" }).click();
  await expect(status).toHaveText(/^Drills 1–50 of \d+$/);
  // A filter starts again from its first page; a page past the last shows the last; nonsense is refused by name.
  await page.goto("/studio?q=refunds&page=999");
  await expect(status).toHaveText(/^Drills \d+–\d+ of \d+ matching \(\d+ in all\)$/);
  await page.goto("/studio?page=abc");
  await expect(page.getByRole("alert")).toContainText("page: page is a whole number from 1");
});
