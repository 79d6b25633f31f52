import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, screenshot, signIn, test, type DemoRole } from "./fixtures";

/**
 * Every page a role reads, loaded in full at a phone's 390 px and a laptop's 1280 px: no serious
 * or critical accessibility violation (axe), no sideways scrolling of the page itself, and a
 * screenshot of each. Reads only: nothing here changes what other specs see.
 */

const PAGES: Record<"agent" | "leader" | "author", { name: string; path: string }[]> = {
  agent: [
    { name: "home", path: "/" },
    { name: "progress", path: "/progress" },
    { name: "policies", path: "/policies" },
    { name: "policy", path: "/policies/refunds" },
    { name: "report", path: "/report" },
    { name: "report-status", path: "/report/status" },
    { name: "settings", path: "/settings" },
  ],
  leader: [
    { name: "insights", path: "/insights" },
    { name: "insights-slips", path: "/insights/slips" },
    { name: "insights-near-misses", path: "/insights/near-misses" },
    { name: "insights-review", path: "/insights/review" },
  ],
  author: [
    { name: "assignments", path: "/assignments" },
    { name: "near-miss-inbox", path: "/near-misses" },
    { name: "drills-to-confirm", path: "/drills/needs-review" },
  ],
};

async function check(page: Page, role: DemoRole, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `${role} ${name} at ${width} px`).toEqual([]);
  const sticking = await page.evaluate(
    (limit) => [...document.querySelectorAll("body *")].filter((element) => element.getBoundingClientRect().right > limit + 1 && !element.closest(".table-scroll")).map((element) => `${element.tagName.toLowerCase()}.${String(element.className)}`),
    width,
  );
  expect(sticking, `${role} ${name} at ${width} px: elements wider than the screen`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${role} ${name} at ${width} px is wider than the screen`).toBeLessThanOrEqual(width);
  await screenshot(page, `page-${role}-${name}-${width}`);
}

for (const role of ["agent", "leader", "author"] as const) {
  test(`the ${role}'s pages pass axe and fit a phone and a laptop`, async ({ page }) => {
    await signIn(page, role);
    for (const { name, path } of PAGES[role]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      for (const width of [390, 1280]) await check(page, role, name, width);
    }
  });
}
