import { test as base, expect, type Page } from "@playwright/test";

export { expect };

export const DEMO_PASSWORD = "redline-demo";

export const ACCOUNTS = {
  admin: "admin@northwind.example",
  author: "priya.author@northwind.example",
  leader: "marcus.leader@northwind.example",
  agent: "dana.agent@northwind.example",
} as const;

export type DemoRole = keyof typeof ACCOUNTS;

export async function signIn(page: Page, role: DemoRole, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(ACCOUNTS[role]);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** An admin (signed in on `page`) makes an API token on /admin/tokens/new and reads it from the page that shows it once. */
export async function createToken(page: Page, name: string) {
  await page.goto("/admin/tokens/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Copy it now: it will not be shown again.")).toBeVisible();
  const token = await page.getByRole("textbox", { name: "Token", exact: true }).inputValue();
  expect(token).toMatch(/^rl_[A-Za-z0-9_-]{43}$/);
  return token;
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/**
 * The test every spec uses: fails when a page throws or logs an unexpected
 * console error or warning (React's hydration errors among them). Failed responses (a 400 form reply, the 403 page) are
 * expected and the browser's own "Failed to load resource" note is ignored.
 */
export const test = base.extend<{ consoleGuard: void }>({
  consoleGuard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        const level = message.type();
        if ((level === "error" || level === "warning") && !message.text().startsWith("Failed to load resource")) {
          problems.push(`console.${level}: ${message.text()}`);
        }
      });
      await use();
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
});
