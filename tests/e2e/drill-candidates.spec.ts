import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createToken, expect, screenshot, signIn, test } from "./fixtures";

const API = "/api/v1/drill-candidates";

async function expectNoSeriousAxeViolations(page: Page) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A screenshot at a laptop's width and at a phone's 390 px, where the page must not scroll sideways and must pass axe. */
async function bothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSeriousAxeViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a candidate posted with a token shows what the agent changed, and becomes a drill with those spans proposed as flaws", async ({ page, request }) => {
  const run = `${Date.now()}`;
  await signIn(page, "admin");
  const token = await createToken(page, `Assistant candidates ${run}`);
  const candidates = [
    {
      externalId: `e2e-cand-${run}-1`,
      customerMessage: `Ticket ${run}: my espresso machine leaks. I paid with card 4111 1111 1111 1111. Can I return it?`,
      aiDraft: "Hi Dana, sorry about the leak 😟. Our return window is 45 days [refunds.window], so you can send it back. Calm down, these things happen.",
      sentReply: "Hi Dana, sorry about the leak 😟. Our return window is 30 days [refunds.window], so you can send it back.",
      locale: "en",
      policyRefs: ["refunds.window"],
    },
    { externalId: `e2e-cand-${run}-2`, customerMessage: `Ticket ${run}: 返品できますか？`, aiDraft: "返品期限は45日です。", sentReply: "返品期限は30日です。", locale: "ja" },
    { externalId: `e2e-cand-${run}-3`, customerMessage: `Ticket ${run}: unchanged`, aiDraft: "Thanks, we will ship it today.", sentReply: "Thanks, we will ship it today." },
  ];
  const posted = await request.post(API, { headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, data: Buffer.from(JSON.stringify(candidates)) });
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toEqual({ accepted: 3, duplicates: 0, rejected: 0, errors: [] });
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, "author");
  await page.goto("/studio");
  await page.getByRole("link", { name: "Drill candidates from production" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Drill candidates" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^New \(\d+\)$/ })).toHaveAttribute("aria-current", "page");
  const english = page.getByRole("listitem").filter({ hasText: `Ticket ${run}: my espresso machine` });
  await expect(english).toContainText("2 changes");
  await expect(english).toContainText("Changed 45 to 30");
  await expect(page.getByRole("listitem").filter({ hasText: `Ticket ${run}: 返品できますか` })).toContainText("Changed 45 to 30");
  // The reply sent unchanged is not shown; the card number was redacted on arrival.
  await expect(page.getByText(`Ticket ${run}: unchanged`)).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("4111");
  await bothWidths(page, "drill-candidates-inbox");

  await english.getByRole("link", { name: /^Candidate \d+$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Candidate \d+$/ })).toBeVisible();
  await page.reload();
  await expect(page.getByText(/redacted on arrival: 1 payment card number/)).toBeVisible();
  await expect(page.getByTestId("candidate-draft").locator("del")).toHaveText(["[changed by the agent: 45]", "[changed by the agent: Calm down, these things happen.]"]);
  await expect(page.getByTestId("candidate-reply").locator("ins")).toHaveText(["[written by the agent: 30]"]);
  await expect(page.getByRole("list").filter({ hasText: "Deleted Calm down" })).toContainText("Changed 45 to 30");
  await expect(page.locator("main")).not.toContainText("4111");
  await bothWidths(page, "drill-candidate");

  await page.getByRole("button", { name: "Turn into a drill" }).click();
  await expect(page).toHaveURL(/\/studio\/drills\/candidate-\d+$/);
  const drillUrl = page.url();
  await page.reload();
  await expect(page.getByLabel("AI draft")).toHaveValue(/Our return window is 45 days \[refunds\.window\]/);
  await expect(page.getByLabel("Customer message")).toHaveValue(/card \[REDACTED: payment card\]/);
  await expect(page.getByRole("group", { name: /Planted flaws \(2\)/ })).toBeVisible();
  for (const [index, quote] of ["45", "Calm down, these things happen."].entries()) {
    await expect(page.getByLabel("Quote (the flaw's exact words in the draft)").nth(index)).toHaveValue(quote);
    await expect(page.getByLabel("Violated policy section").nth(index)).toHaveValue("refunds.window");
    await expect(page.getByLabel("Type", { exact: true }).nth(index)).toHaveValue("");
  }
  await expect(page.locator("main")).not.toContainText("4111");
  await screenshot(page, "drill-candidate-studio-editor");

  // The candidate links to its drill and is listed as turned into one.
  await page.goto("/studio/candidates?status=drilled");
  const drilled = page.getByRole("listitem").filter({ hasText: `Ticket ${run}: my espresso machine` });
  await drilled.getByRole("link", { name: /^candidate-\d+$/ }).click();
  await expect(page).toHaveURL(drillUrl);
});

test("an author dismisses a candidate and restores it", async ({ page, request }) => {
  const run = `${Date.now()}`;
  await signIn(page, "admin");
  const token = await createToken(page, `Assistant dismiss ${run}`);
  const posted = await request.post(API, {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    data: Buffer.from(JSON.stringify([{ externalId: `e2e-dismiss-${run}`, customerMessage: `Ticket ${run}: dismiss me`, aiDraft: "We refund in 45 days.", sentReply: "We refund in 30 days." }])),
  });
  expect(posted.status()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, "author");
  await page.goto("/studio/candidates");
  await page.getByRole("listitem").filter({ hasText: `Ticket ${run}: dismiss me` }).getByRole("link", { name: /^Candidate \d+$/ }).click();
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByRole("status")).toHaveText("Dismissed. The candidate is listed under Dismissed; restore it to bring it back.");
  await page.goto("/studio/candidates");
  await expect(page.getByText(`Ticket ${run}: dismiss me`)).toHaveCount(0);
  await page.getByRole("link", { name: /^Dismissed \(\d+\)$/ }).click();
  await page.getByRole("listitem").filter({ hasText: `Ticket ${run}: dismiss me` }).getByRole("link", { name: /^Candidate \d+$/ }).click();
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("status")).toHaveText("Restored: the candidate is new again.");
  await expect(page.getByRole("button", { name: "Dismiss" })).toBeVisible();
  // An inbox address it cannot read says so and shows the new candidates, the restored one among them.
  await page.goto("/studio/candidates?status=everything&before=x");
  await expect(page.getByRole("alert")).toContainText("showing the newest new candidates");
  await expect(page.getByRole("link", { name: /^New \(\d+\)$/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("listitem").filter({ hasText: `Ticket ${run}: dismiss me` })).toBeVisible();
});
