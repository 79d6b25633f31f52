import { expect, screenshot, signIn, test } from "./fixtures";

test("an admin creates a team, a user in it, and sees both in the audit log", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teams" }).click();
  await page.getByRole("link", { name: "New team" }).click();
  await page.getByLabel("Team name").fill("Escalations Desk");
  await page.getByLabel("Sofia Rossi").check();
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("row", { name: /Escalations Desk/ })).toContainText("Sofia Rossi");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("link", { name: "New user" }).click();
  await page.getByLabel("Email").fill("rina.agent@northwind.example");
  await page.getByLabel("Name").fill("Rina Sato");
  await page.getByLabel("Role").selectOption("agent");
  await page.getByLabel("Team").selectOption({ label: "Escalations Desk" });
  await page.getByLabel("Initial password").fill("rina-password-1");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("row", { name: /Rina Sato/ })).toContainText("Escalations Desk");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("row", { name: /user\.create/ }).first()).toContainText("admin@northwind.example");
  await expect(page.getByRole("row", { name: /team\.create/ }).first()).toContainText("Escalations Desk");
  await screenshot(page, "admin-audit-log");
});

test("admin forms show field errors: missing fields, duplicate email, team without a name, last admin", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users/new");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Enter an email address.")).toBeVisible();
  await expect(page.getByText("Choose a role.")).toBeVisible();

  await page.getByLabel("Email").fill("dana.agent@northwind.example");
  await page.getByLabel("Name").fill("Dana Again");
  await page.getByLabel("Role").selectOption("agent");
  await page.getByLabel("Team").selectOption({ index: 1 });
  await page.getByLabel("Initial password").fill("another-password");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("dana.agent@northwind.example already has an account.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await screenshot(page, "admin-duplicate-email");

  await page.goto("/admin/teams/new");
  await page.getByLabel("Team name").fill("   ");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("Enter a team name.")).toBeVisible();

  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Ada Okafor" }).click();
  await page.getByLabel(/Disabled/).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The last active admin cannot be disabled.")).toBeVisible();
  await screenshot(page, "admin-last-admin");
});

test("a disabled user cannot sign in", async ({ page, browser }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Amara Diallo" }).click();
  await page.getByLabel(/Disabled/).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("row", { name: /Amara Diallo/ })).toContainText("Disabled");

  const other = await browser.newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill("amara.agent@northwind.example");
  await other.getByLabel("Password").fill("redline-demo");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("alert")).toHaveText("This account is disabled. Ask an admin to re-enable it.");
  await other.close();
});
