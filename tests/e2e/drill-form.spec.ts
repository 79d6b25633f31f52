import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, test } from "./fixtures";

// An agent no other spec practises with, so the drill answered here takes nobody's assigned work.
const AGENT = "omar.agent@northwind.example";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

async function openDrill(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(AGENT);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Next drill" }).click();
  await expect(page).toHaveURL(/\/play\/\d+$/);
  // A full page load, as a person arriving from a link or a reload gets it (hydration included).
  await page.goto(page.url());
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review this AI draft");
  // The page is interactive once it has generated its submission id.
  await expect(page.locator('input[name="clientId"]')).not.toHaveValue("");
}

test("Submit without a decision says what is missing, at the decision, and the escalation reason's error sits under its field", async ({ page }) => {
  await openDrill(page);
  const decision = page.getByRole("group", { name: "What do you do with this draft?" });
  const submit = page.getByRole("button", { name: "Submit" });

  // Submit never looks enabled yet does nothing: it is enabled, and Tab reaches it.
  await expect(submit).toBeEnabled();
  await page.getByRole("radio", { name: "Escalate" }).focus();
  await page.keyboard.press("Tab");
  await expect(submit).toBeFocused();
  await page.keyboard.press("Enter");

  const choose = "Choose what to do with the draft: send as is, rewrite or escalate.";
  // Announced (an alert), at the decision, and described on every choice.
  const alert = decision.getByRole("alert");
  await expect(alert).toHaveText(choose);
  const errorId = await alert.getByRole("list").getAttribute("id");
  expect(errorId).toMatch(/-decision-error$/);
  for (const name of ["Send as is", "Rewrite", "Escalate"]) {
    const radio = page.getByRole("radio", { name });
    await expect(radio).toHaveAttribute("aria-invalid", "true");
    await expect(radio).toHaveAttribute("aria-describedby", errorId ?? "no id");
    await expect(radio).toHaveAccessibleDescription(choose);
  }
  await expect(page.getByRole("radio", { name: "Send as is" })).toBeFocused();
  await expect(page.getByText(/decision:/)).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  // Choosing a decision answers the message; an emptied rewrite is refused under its own field.
  await page.getByRole("radio", { name: "Rewrite" }).check();
  await expect(decision.getByRole("alert")).toHaveCount(0);
  const rewrite = page.getByLabel("Your rewrite (what the customer will receive)");
  await rewrite.fill("");
  await submit.click();
  await expect(rewrite).toHaveAttribute("aria-invalid", "true");
  await expect(rewrite).toHaveAccessibleDescription("Write the reply you would send instead.");
  await expect(page.getByText(/rewrite:/)).toHaveCount(0);

  // So is an empty escalation reason.
  await page.getByRole("radio", { name: "Escalate" }).check();
  await expect(page.getByRole("radio", { name: "Escalate" })).not.toHaveAttribute("aria-invalid", "true");
  const reason = page.getByLabel("Why are you escalating?");
  await expect(reason).not.toHaveAttribute("aria-invalid", "true");
  await submit.click();

  const why = "Say why you are escalating.";
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  const describedBy = await reason.getAttribute("aria-describedby");
  expect(describedBy).toMatch(/-escalationReason-error$/);
  const error = page.locator(`[id="${describedBy}"]`);
  await expect(error).toHaveText(why);
  await expect(reason).toHaveAccessibleDescription(why);
  // Under its textarea, in the same field, and nowhere prefixed with an internal name.
  await expect(page.locator(".field").filter({ has: reason }).locator(`[id="${describedBy}"]`)).toBeVisible();
  expect(await error.evaluate((list) => list.previousElementSibling?.tagName)).toBe("TEXTAREA");
  await expect(reason).toBeFocused();
  await expect(page.getByText(/escalationReason/)).toHaveCount(0);
  await expect(page.locator(".form-errors")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  // With a reason the attempt is recorded and the feedback opens.
  await reason.fill("The customer asks for a supervisor.");
  await submit.click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
});
