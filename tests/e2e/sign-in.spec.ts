import { ACCOUNTS, DEMO_PASSWORD, expect, screenshot, signIn, test, type DemoRole } from "./fixtures";

const NAVIGATION: Record<DemoRole, string[]> = {
  agent: ["Home", "Progress", "Policies", "Report a near-miss"],
  author: ["Home", "Policies", "Assignments", "Studio", "Drills to confirm", "Near-miss inbox", "Report a near-miss"],
  leader: ["Home", "Insights", "Policies", "Assignments", "Report a near-miss"],
  admin: ["Home", "Insights", "Policies", "Assignments", "Studio", "Drills to confirm", "Near-miss inbox", "Users", "Teams", "Settings", "API tokens", "Upload events", "Audit log", "Report a near-miss"],
};

for (const role of Object.keys(NAVIGATION) as DemoRole[]) {
  test(`${role} signs in and sees the ${role} navigation`, async ({ page }) => {
    await signIn(page, role);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(NAVIGATION[role]);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    await screenshot(page, `home-${role}`);
  });
}

test("a wrong password shows an error and keeps the user signed out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ACCOUNTS.author);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await screenshot(page, "sign-in-wrong-password");
});

test("the sixth failed sign-in for one account is throttled", async ({ page }) => {
  const email = "luis.agent@northwind.example";
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");
  }
  const sixth = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login"));
  await page.getByLabel("Email").fill(email);
  // Even the right password is refused while the account is throttled.
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  const response = await sixth;
  expect(response.status()).toBe(429);
  expect(Number(await response.headerValue("retry-after"))).toBeGreaterThan(0);
  await expect(page.getByRole("alert")).toContainText("Too many failed sign-ins for this account. Try again in");
  await screenshot(page, "sign-in-throttled");
});

test("an agent opening an admin page gets the 403 page", async ({ page }) => {
  await signIn(page, "agent");
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await screenshot(page, "forbidden-agent");
});

test("an anonymous visitor is sent to sign-in and returned afterwards", async ({ page }) => {
  await page.goto("/admin/teams");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fteams/);
  await page.getByLabel("Email").fill(ACCOUNTS.admin);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/teams$/);
  await expect(page.getByRole("heading", { name: "Teams" })).toBeVisible();
});

test("sign-out ends the session", async ({ page, context }) => {
  await signIn(page, "leader");
  const [cookie] = (await context.cookies()).filter((c) => c.name === "redline_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  // The old cookie no longer works even if replayed.
  if (cookie) await context.addCookies([cookie]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
