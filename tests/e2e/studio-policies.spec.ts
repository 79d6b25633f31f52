import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, screenshot, signIn, test } from "./fixtures";
import type { Page } from "@playwright/test";

const REFUNDS = readFileSync("policies/refunds.md", "utf8");
/** The return window is 45 days instead of 30. */
const REFUNDS_45_DAYS = REFUNDS.replace("version: 2026-03", "version: 2026-04").replace("within **30 calendar days of delivery**", "within **45 calendar days of delivery**");

async function expectAccessible(page: Page) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function preview(page: Page, markdown: string) {
  const source = page.getByLabel("Or the Markdown itself");
  // Filled before React has hydrated it, the box can end up holding the stored version after the typed one.
  await expect.poll(() => source.evaluate((box) => Object.keys(box).some((key) => key.startsWith("__reactFiber")))).toBe(true);
  await source.fill(markdown);
  await expect(source).toHaveValue(markdown);
  await page.getByRole("button", { name: "Preview the change" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Preview/ })).toBeVisible();
}

test("an author previews a change to a file policy: the sections side by side, the drills it sets aside, and that the file is its home", async ({ page }) => {
  await signIn(page, "author");
  await page.goto("/studio/policies");
  const refundsRow = page.getByRole("row", { name: /Refunds and returns/ });
  await expect(refundsRow.getByRole("cell", { name: "policies/refunds.md" })).toBeVisible();
  await refundsRow.getByRole("link", { name: "Preview a change to Refunds and returns" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A new version of Refunds and returns");
  await expect(page.getByLabel("Or the Markdown itself")).toHaveValue(REFUNDS);

  await preview(page, REFUNDS_45_DAYS);
  await expect(page.getByRole("status").filter({ hasText: "A new version of refunds: 1 section changed, 0 added, 0 removed" })).toBeVisible();
  const window = page.getByRole("article", { name: "Section refunds.window" });
  await expect(window.locator("del")).toContainText("30");
  await expect(window.locator("ins")).toContainText("45");
  await expect(window.getByText("Now (version 1)")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Drills set aside for review \([1-9]\d*\)/ })).toBeVisible();
  await expect(page.getByText("lives in policies/refunds.md: this is what the change will do when policies/refunds.md is changed and synced")).toBeVisible();
  await expect(page.getByRole("button", { name: /Confirm version/ })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "studio-policy-file-preview-1280");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await preview(page, REFUNDS_45_DAYS);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await screenshot(page, "studio-policy-file-preview-390");
});

test("an author stores a new studio policy, then a changed version of it", async ({ page }) => {
  const id = `exchanges-${Date.now().toString(36)}`;
  const first = `---\nid: ${id}\ntitle: Exchanges 交換\nversion: 1\neffective: 2026-04-01\n---\n# Exchanges\n\n## Once {#${id}.once}\nAn unused item may be exchanged once, within 30 days. 🙂\n`;
  await signIn(page, "author");
  await page.goto("/studio/policies/upload");
  await preview(page, first);
  await expect(page.getByRole("status").filter({ hasText: `A new policy, ${id}: 0 sections changed, 1 added` })).toBeVisible();
  await page.getByRole("button", { name: `Store ${id} as a new studio policy` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Version 1 of ${id} is stored as a new studio policy` })).toBeVisible();

  await page.goto("/studio/policies");
  const row = page.getByRole("row", { name: /Exchanges 交換/ });
  await expect(row.getByRole("cell", { name: "studio", exact: true })).toBeVisible();
  await row.getByRole("link", { name: "New version of Exchanges 交換" }).click();
  await preview(page, first.replace("version: 1", "version: 2").replace("within 30 days", "within 60 days"));
  await expect(page.getByRole("article", { name: `Section ${id}.once` }).locator("ins")).toContainText("60");
  await page.getByRole("button", { name: `Confirm version 2 of ${id}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Version 2 of ${id} is stored: 0 sections added, 1 changed, 0 removed.` })).toBeVisible();
});

test("bad input gets errors with their lines, never a 500; a confirm based on an older version is refused", async ({ page, baseURL }) => {
  const headers = { Origin: baseURL ?? "" };
  await signIn(page, "author");
  await page.goto("/studio/policies/upload");
  await preview(page, "# Just notes\nno front matter\n");
  await expect(page.getByRole("cell", { name: "line 1, column 1" })).toBeVisible();
  await expect(page.getByText("missing front matter: a policy starts with a --- line")).toBeVisible();

  await preview(page, REFUNDS.replace("## Return window {#refunds.window}", "## Return window {#refunds.Window}"));
  await expect(page.getByRole("cell", { name: "line 13, column 18" })).toBeVisible();
  await expect(page.getByText('malformed anchor "{#refunds.Window}"')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "studio-policy-errors");

  await page.getByLabel("Markdown file").setInputFiles({ name: "policy.pdf", mimeType: "application/pdf", buffer: Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00]) });
  await page.getByLabel("Or the Markdown itself").fill("");
  await page.getByRole("button", { name: "Preview the change" }).click();
  await expect(page.getByText("policy.pdf is not UTF-8 text")).toBeVisible();

  await page.getByLabel("Markdown file").setInputFiles({ name: "huge.md", mimeType: "text/markdown", buffer: Buffer.alloc(1024 * 1024 + 10, "a") });
  await page.getByRole("button", { name: "Preview the change" }).click();
  await expect(page.getByText("The policy is larger than 1 MB")).toBeVisible();

  // A studio policy confirmed meanwhile by someone else: the older preview's confirm is refused.
  const id = `race-${Date.now().toString(36)}`;
  const text = `---\nid: ${id}\ntitle: Race\nversion: 1\neffective: 2026-04-01\n---\n## One {#${id}.one}\nOne.\n`;
  await page.goto("/studio/policies/upload");
  await preview(page, text);
  const response = await page.request.post("/studio/policies/upload", { headers, multipart: { intent: "confirm", source: text, name: "other", basedOn: "" } });
  expect(response.status()).toBe(200);
  await page.getByRole("button", { name: `Store ${id} as a new studio policy` }).click();
  await expect(page.getByText(`Policy ${id} changed since your preview`)).toBeVisible();

  const malformed: Record<string, string>[] = [{ intent: "confirm" }, { intent: "confirm", source: "\u0001" }, { intent: "other" }];
  for (const body of malformed) {
    const reply = await page.request.post("/studio/policies/upload", { headers, multipart: body });
    expect([400, 409]).toContain(reply.status());
  }
});

test("an author confirms a studio policy version, sees the set-aside drills with old and new text, and confirms one unchanged", async ({ page }) => {
  test.setTimeout(120_000);
  // A studio policy and a published studio drill that cites it, made as an author would.
  const id = `swaps-${Date.now().toString(36)}`;
  const policy = (days: number, version: number) => `---\nid: ${id}\ntitle: Swaps\nversion: ${version}\neffective: 2026-04-01\n---\n# Swaps\n\n## Window {#${id}.window}\nAn unused item may be swapped for another size within **${days} days** of delivery.\n`;
  await signIn(page, "author");
  await page.goto("/studio/policies/upload");
  await preview(page, policy(30, 1));
  await page.getByRole("button", { name: `Store ${id} as a new studio policy` }).click();
  await expect(page.getByRole("status").filter({ hasText: `is stored` })).toBeVisible();

  const title = `Swap window for ${id}`;
  await page.goto("/studio/drills/new");
  await page.getByLabel("Id").fill(`${id}-control`);
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await page.getByLabel("Customer message").fill("Hi, the boots are too small. Can I swap them for a bigger size?");
  await page.getByLabel("AI draft").fill(`Hi, yes: an unused item may be swapped for another size within 30 days of delivery [${id}.window].\nKind regards`);
  await expect(page.getByText("The validator finds no problem: this drill can be published.")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published as revision 1: agents are served it from now on.")).toBeVisible();

  await page.goto(`/studio/policies/upload?policy=${id}`);
  await preview(page, policy(45, 2));
  await expect(page.getByRole("heading", { name: "Drills set aside for review (1)" })).toBeVisible();
  await expect(page.getByRole("article", { name: `Section ${id}.window` }).locator("ins")).toContainText("45");
  await page.getByRole("button", { name: `Confirm version 2 of ${id}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Version 2 of ${id} is stored` })).toBeVisible();

  await page.getByRole("status").getByRole("link", { name: "drills to confirm" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Drills to confirm" })).toBeVisible();
  const drill = page.getByRole("article").filter({ has: page.getByRole("heading", { level: 2, name: title }) });
  const then = drill.getByRole("region", { name: `${id}.window: then and now` });
  await expect(then.locator("del")).toContainText("30");
  await expect(then.locator("ins")).toContainText("45");
  await expectAccessible(page);
  await screenshot(page, "studio-needs-review-1280");
  await drill.getByRole("button", { name: /Confirm .* unchanged/ }).click();
  await expect(page.getByRole("status")).toHaveText(/is served again/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: title })).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await screenshot(page, "studio-needs-review-390");
});
