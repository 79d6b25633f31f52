import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, test } from "./fixtures";

/**
 * Issue 16, item 9: practice languages, at a desk (1280 px) and on a phone (390 px). Each width
 * gets its own team and two agents, made by the admin through the app, so no other spec's agents
 * practise in anything different.
 */
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const PASSWORD = "languages-agent-password-1";

/** A team (English by default, as a post without the languages field leaves it) with two agents. */
async function setUp(baseURL: string, label: string) {
  const team = `Languages ${label}`;
  const admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  expect((await admin.post("/login", { form: { email: "admin@northwind.example", password: DEMO_PASSWORD }, maxRedirects: 0 })).status()).toBe(302);
  expect((await admin.post("/admin/teams/new", { form: { name: team }, maxRedirects: 0 })).status()).toBe(302);
  const teamId = new RegExp(`<option value="(\\d+)">${team}</option>`).exec(await (await admin.get("/admin/users/new")).text())?.[1];
  if (!teamId) throw new Error("the new team is not offered");
  const emails = [`kenji.${label}@northwind.example`, `aiko.${label}@northwind.example`];
  for (const email of emails) {
    const created = await admin.post("/admin/users/new", { form: { email, name: email.split(".")[0] ?? email, role: "agent", teamId, password: PASSWORD }, maxRedirects: 0 });
    expect(created.status()).toBe(302);
  }
  await admin.dispose();
  return { team, teamId, kenji: emails[0] ?? "", aiko: emails[1] ?? "" };
}

async function signInAs(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeAttached();
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

async function noHorizontalScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    let people = { team: "", teamId: "", kenji: "", aiko: "" };
    test.beforeAll(async ({ baseURL }) => {
      if (!baseURL) throw new Error("baseURL is not set");
      people = await setUp(baseURL, size.name);
    });

    test("an agent adds Japanese to their practice languages and practises a Japanese drill", async ({ page }) => {
      await signInAs(page, people.kenji);
      const practice = page.getByRole("region", { name: "Practice" });
      await expect(practice).toContainText("Practising in English (your team's default).");
      await practice.getByRole("link", { name: "Change your practice languages" }).click();
      await expect(page).toHaveURL(/\/settings$/);
      await page.goto("/settings");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your settings");
      await expect(page.getByRole("region", { name: "Practice languages" }).getByRole("status")).toHaveText("You practise in English, your team's default.");
      const languages = page.getByRole("group", { name: "Languages you practise in" });
      const follow = page.getByLabel("Follow the team's default instead (English)");
      await expect(follow).toBeChecked();

      // No language at all is refused at the field, in words a person reads.
      await follow.uncheck();
      await languages.getByLabel("English").uncheck();
      await page.getByRole("button", { name: "Save languages" }).click();
      await expect(languages).toContainText("Choose at least one language to practise in, or follow the team's default.");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `practice-languages-settings-refused-${size.name}`);

      // Japanese only.
      await languages.getByLabel("Japanese (日本語)").check();
      await page.getByRole("button", { name: "Save languages" }).click();
      await expect(page).toHaveURL(/\/settings\?saved$/);
      await expect(page.getByRole("region", { name: "Practice languages" }).getByRole("status")).toHaveText("Saved. You practise in Japanese (日本語), your own choice.");
      await noHorizontalScroll(page, "settings");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `practice-languages-settings-${size.name}`);

      await page.goto("/");
      await expect(practice).toContainText("Practising in Japanese (日本語).");
      await noHorizontalScroll(page, "home");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `practice-languages-home-${size.name}`);
      await practice.getByRole("button", { name: "Next drill" }).click();
      await expect(page).toHaveURL(/\/play\/\d+$/);
      await page.goto(page.url());
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review this AI draft");
      await expect(page.getByTestId("customer-message")).toHaveAttribute("lang", "ja");
      await expect(page.getByRole("region", { name: /draft/i }).first()).toHaveAttribute("lang", "ja");
      await screenshot(page, `practice-languages-japanese-drill-${size.name}`);
    });

    test("an admin sets the team's default, and an agent who follows it practises in both", async ({ page }) => {
      await signInAs(page, "admin@northwind.example", DEMO_PASSWORD);
      await page.goto(`/admin/teams/${people.teamId}`);
      const languages = page.getByRole("group", { name: "Practice languages" });
      await expect(languages.getByLabel("English")).toBeChecked();
      await expect(languages.getByLabel("Japanese (日本語)")).not.toBeChecked();

      await languages.getByLabel("English").uncheck();
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(languages).toContainText("Choose at least one language to practise in.");

      await languages.getByLabel("English").check();
      await languages.getByLabel("Japanese (日本語)").check();
      await noHorizontalScroll(page, "team form");
      await screenshot(page, `practice-languages-admin-team-${size.name}`);
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page).toHaveURL(/\/admin\/teams$/);
      await expect(page.getByRole("row").filter({ hasText: people.team })).toContainText("English, Japanese (日本語)");
      await screenshot(page, `practice-languages-admin-teams-${size.name}`);

      // The admin's user form shows whom the agent follows.
      await page.goto("/admin/users");
      await page.getByRole("row").filter({ hasText: people.aiko }).getByRole("link").click();
      await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
      await page.goto(page.url());
      await expect(page.getByLabel("Follow the team's default instead (English, Japanese (日本語))")).toBeChecked();
      await screenshot(page, `practice-languages-admin-user-${size.name}`);

      await page.context().clearCookies();
      await signInAs(page, people.aiko);
      await expect(page.getByRole("region", { name: "Practice" })).toContainText("Practising in English, Japanese (日本語) (your team's default).");
    });
  });
}
