import { expect, screenshot, signIn, test } from "./fixtures";

test("an agent reads the policies and opens a cited section by its anchor", async ({ page }) => {
  await signIn(page, "agent");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("row")).toHaveCount(9);
  await page.getByRole("link", { name: "Refunds and returns" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Refunds and returns");
  await expect(page.getByText(/Version 2026-\d\d · effective/)).toBeVisible();

  await page.goto("/policies/refunds#refunds.window");
  const section = page.locator("section", { has: page.locator('[id="refunds.window"]') });
  await expect(section.getByRole("heading", { name: /Return window/ })).toBeInViewport();
  await expect(section).toContainText("30 calendar days of delivery");
  await screenshot(page, "policy-section");
});

test("an unknown policy is a 404 page", async ({ page }) => {
  await signIn(page, "author");
  const response = await page.goto("/policies/no-such-policy");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
