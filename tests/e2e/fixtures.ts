import { expect, type Page } from "@playwright/test";

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

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
