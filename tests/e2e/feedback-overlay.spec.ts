import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

/**
 * Issue 16, defect 5: the feedback shows the agent's own answer. An agent marks one flaw right,
 * one with the wrong type and one span that is fine, rewrites keeping a card number and the tone
 * flaw and adding a citation of a section that does not exist, and reads the overlay, their
 * rewrite (the card masked) and a headline that does not claim success. Each width gets its own
 * team, agent and assignment, made through the app.
 */
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const PASSWORD = "overlay-agent-password-1";
const CARD = "4111 1111 1111 1111";

async function formPost(baseURL: string, email: string, password: string, posts: [string, [string, string][]][]) {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  expect((await context.post("/login", { form: { email, password }, maxRedirects: 0 })).status()).toBe(302);
  for (const [path, fields] of posts) {
    const response = await context.post(path, {
      data: new URLSearchParams(fields).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      maxRedirects: 0,
    });
    expect(response.status(), `${path}: ${(await response.text()).slice(0, 300)}`).toBe(302);
  }
  return context;
}

async function setUp(baseURL: string, label: string) {
  const team = `Feedback overlay ${label}`;
  const email = `overlay.${label}@northwind.example`;
  const admin = await formPost(baseURL, "admin@northwind.example", DEMO_PASSWORD, [["/admin/teams/new", [["name", team]]]]);
  const teamId = new RegExp(`<option value="(\\d+)">${team}</option>`).exec(await (await admin.get("/admin/users/new")).text())?.[1];
  if (!teamId) throw new Error("the new team is not offered");
  const created = await admin.post("/admin/users/new", { form: { email, name: `Overlay ${label}`, role: "agent", teamId, password: PASSWORD }, maxRedirects: 0 });
  expect(created.status()).toBe(302);
  await admin.dispose();
  const due = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const author = await formPost(baseURL, "priya.author@northwind.example", DEMO_PASSWORD, [
    ["/assignments/new", [["title", `Overlay ${label}`], ["teamIds", teamId], ["dueAt", due], ["mode", "list"], ["drillIds", "shipping-freight-calm-down"]]],
  ]);
  await author.dispose();
  // This agent has had the drill page's walkthrough (tests/e2e/walkthrough.spec.ts), closed with its own form.
  await (await formPost(baseURL, email, PASSWORD, [["/walkthrough", [["redirectTo", "/"]]]])).dispose();
  return email;
}

async function selectWithMouse(page: Page, from: string, to: string) {
  const draft = page.getByTestId("draft");
  await draft.scrollIntoViewIfNeeded();
  const start = await draft.locator("span", { hasText: new RegExp(`^${from}$`) }).first().boundingBox();
  const end = await draft.locator("span", { hasText: new RegExp(`^${to}$`) }).first().boundingBox();
  if (!start || !end) throw new Error("words not found in the draft");
  await page.mouse.move(start.x + 1, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width - 1, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function noHorizontalScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    let email = "";
    test.beforeAll(async ({ baseURL }) => {
      if (!baseURL) throw new Error("baseURL is not set");
      email = await setUp(baseURL, size.name);
    });

    test("the feedback overlays the marks and flaws on the draft, shows the rewrite with the card masked, and claims no success", async ({ page }) => {
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("region", { name: "Assigned to you" }).getByRole("button", { name: /^Drill 1 of 1/ }).click();
      await expect(page).toHaveURL(/\/play\/\d+$/);
      await page.goto(page.url());
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review this AI draft");
      await expect(page.locator('input[name="clientId"]')).not.toHaveValue("");

      const announcer = page.getByTestId("announcer");
      await selectWithMouse(page, "please", "down");
      await page.getByRole("button", { name: "Tone" }).click();
      await expect(announcer).toContainText("Marked “please calm down” as Tone");
      await selectWithMouse(page, "The", "applies");
      await page.getByRole("button", { name: "Tone" }).click();
      await expect(announcer).toContainText("Marked “The $45 redelivery fee applies” as Tone");
      await selectWithMouse(page, "I", "book");
      await page.getByRole("button", { name: "Hallucination" }).click();
      await expect(page.getByRole("heading", { name: "Your marks (3)" })).toBeVisible();

      await page.getByRole("radio", { name: "Rewrite" }).check();
      await page
        .getByLabel("Your rewrite (what the customer will receive)")
        .fill(
          "Hi Derek, please calm down — shouting won't change the fee. " +
            `I have your card ${CARD} on file for the $45 redelivery fee, which applies when an appointment is missed without 24 hours' notice [shipping.freight]. ` +
            "I can book you a new 4-hour delivery window for a day that suits you [shipping.rebooking-credit].",
        );
      await page.getByRole("button", { name: "Submit" }).click();
      await expect(page).toHaveURL(/\/attempts\/\d+$/);
      const feedbackUrl = page.url();
      await page.goto(feedbackUrl);

      // The headline names the gravest shortfall and is not the green success.
      const headline = page.getByRole("heading", { level: 1 });
      await expect(headline).toHaveText("You stopped a flawed draft, but your rewrite leaks restricted data");
      await expect(headline).not.toHaveClass(/outcome-success/);
      await expect(page.getByText("You stopped a flawed draft", { exact: true })).toHaveCount(0);
      await expect(page.getByText(/Your rewrite still has 1 piece of restricted data, 1 flaw from the draft and 1 citation of a section that does not exist\./)).toBeVisible();

      // The draft: each flaw and each mark told in words beside the text.
      const draft = page.getByRole("group", { name: "The AI draft with your 3 marks and its planted flaws" });
      await expect(draft).toContainText("please calm down Your mark (Tone): caught — shouting won't change the fee. Caught: flaw 1, Tone");
      await expect(draft.getByText("Caught: flaw 1, Tone")).toBeVisible();
      await expect(draft.getByText("Your mark (Tone): caught")).toBeVisible();
      await expect(draft.getByText("Mistyped: flaw 2, Missing citation, marked as Tone")).toBeVisible();
      await expect(draft.getByText("Your mark: mistyped as Tone")).toBeVisible();
      await expect(draft.getByText("Your mark (Hallucination): false flag")).toBeVisible();
      await expect(page.getByRole("definition").filter({ hasText: "tagged “Missed”" })).toBeVisible();

      // The rewrite: the card masked, the tone flaw left in, the invented citation marked.
      const rewrite = page.getByRole("group", { name: "Your rewrite" });
      await expect(rewrite).toContainText("[payment card number ••••1111]");
      await expect(rewrite.getByText("Leaked: payment card number")).toBeVisible();
      await expect(rewrite.locator("mark.ov-left_in")).toHaveText("please calm down — shouting won't change the fee.");
      await expect(rewrite.getByText("Left in: flaw 1, Tone")).toBeVisible();
      await expect(rewrite.locator("mark.ov-fabricated")).toHaveText("[shipping.rebooking-credit]");
      await expect(rewrite.getByText("Added: a citation of a section that does not exist")).toBeVisible();
      // The card number is nowhere in the page, its loader data included.
      expect(await page.content()).not.toContain(CARD);
      expect(await page.content()).not.toContain(CARD.replaceAll(" ", ""));

      await noHorizontalScroll(page, "feedback");
      await screenshot(page, `feedback-overlay-${size.name}`);
      await page.getByRole("region", { name: "Your answer" }).screenshot({ path: `test-results/screenshots/feedback-overlay-answer-${size.name}.png` });
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

      // The progress list says what the headline says, not the bare outcome.
      await page.goto("/progress");
      await expect(page.getByRole("listitem").filter({ hasText: 'Redelivery fee dispute and "please calm down"' })).toContainText(
        "You stopped a flawed draft, but your rewrite leaks restricted data",
      );
      await noHorizontalScroll(page, "progress");

      // Another agent never sees this answer.
      await page.getByRole("button", { name: "Sign out" }).click();
      await signIn(page, "agent");
      const other = await page.request.get(feedbackUrl);
      expect(other.status()).toBe(404);
      expect(await other.text()).not.toContain("rebooking-credit");
    });
  });
}
