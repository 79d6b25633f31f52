import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, screenshot, signIn, test } from "./fixtures";

/** Drags the mouse across the draft from the start of one word to the end of another. */
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

test("an agent opens an assigned drill, marks by mouse and by keyboard, rewrites, and learns from the feedback", async ({ page }) => {
  await signIn(page, "agent");
  const assigned = page.getByRole("region", { name: "Assigned to you" });
  await expect(assigned).toContainText("Week 48 refresher");
  const refresher = assigned.getByRole("listitem").filter({ hasText: "Week 48 refresher" });
  await refresher.getByRole("button", { name: "Drill 1 of 3 (chat)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review this AI draft");
  await expect(page.getByText("Assigned drill · Chat")).toBeVisible();

  // Mouse: select the fee claim and type it as a missing citation.
  await selectWithMouse(page, "The", "applies");
  await page.getByRole("button", { name: "Missing citation" }).click();
  await expect(page.getByTestId("announcer")).toContainText("Marked “The $45 redelivery fee applies” as Missing citation");

  // Keyboard only: Hi → Derek → , → please, extend over "calm down", press 5 for tone.
  const draft = page.getByTestId("draft");
  await draft.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByTestId("announcer")).toContainText("Selected “please calm down”");
  await page.keyboard.press("5");
  await expect(page.getByTestId("announcer")).toContainText("Marked “please calm down” as Tone. 2 marks.");
  await expect(page.getByRole("heading", { name: "Your marks (2)" })).toBeVisible();

  // A citation in the draft opens its section in the sources.
  await draft.locator("span.citation").first().click();
  await expect(page.getByRole("complementary", { name: "Policy sources" }).getByRole("button", { name: /Freight delivery/ })).toHaveAttribute("aria-expanded", "true");
  await screenshot(page, "drill-marked");

  await page.getByRole("radio", { name: "Rewrite" }).check();
  const rewrite = page.getByLabel("Your rewrite (what the customer will receive)");
  await rewrite.fill(
    "Hi Derek, I'm sorry — a sick child and a surprise $45 charge is a rough morning.\n" +
      "The $45 redelivery fee applies when an appointment is missed without 24 hours' notice [shipping.freight]. " +
      "I can book you a new 4-hour delivery window with our freight partner for a day that suits you [shipping.freight].",
  );
  await page.getByRole("button", { name: "Submit" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You stopped a flawed draft");
  const tone = page.getByRole("region", { name: "Flaw 1: Tone" });
  await expect(tone).toContainText("Tone — caught");
  await expect(tone.getByText("What the policy says")).toBeVisible();
  await expect(tone).toContainText("ai-assistant.tone");
  await expect(page.getByRole("region", { name: "Flaw 2: Missing citation" })).toContainText("Missing citation — caught");
  await expect(page.getByText("This flaw is still in your rewrite.")).toHaveCount(0);
  await screenshot(page, "drill-feedback");

  await page.getByRole("link", { name: "Your progress" }).click();
  await expect(page.getByRole("link", { name: 'Redelivery fee dispute and "please calm down"' })).toBeVisible();
  await expect(page.getByRole("row", { name: /Tone/ })).toContainText("100 %");
  await screenshot(page, "progress");
});

test("accepting a clean control is the right call and the feedback says why", async ({ page }) => {
  await signIn(page, "agent");
  const refresher = page.getByRole("region", { name: "Assigned to you" }).getByRole("listitem").filter({ hasText: "Week 48 refresher" });
  await refresher.getByRole("button", { name: /^Drill 2 of 3/ }).click();
  await page.getByRole("radio", { name: "Send as is" }).check();
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Right call: the draft was fine");
  await expect(page.getByRole("heading", { name: "Why this draft was fine" })).toBeVisible();
  await expect(page.getByText("and each says what the draft claims")).toBeVisible();
});

test("the drill page has no serious or critical accessibility violations", async ({ page }) => {
  await signIn(page, "agent");
  await page.getByRole("button", { name: "Next drill" }).click();
  await expect(page.getByRole("heading", { name: "AI draft", level: 2 })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

  const sources = page.getByRole("complementary", { name: "Policy sources" });
  await sources.getByLabel("Search the policies").fill("restocking fee");
  await expect(sources.getByRole("button", { name: /Restocking fee/ })).toBeVisible();
  await expect(sources.getByText(/^\d+ of 61 sections$/)).not.toHaveText("61 of 61 sections");
});
