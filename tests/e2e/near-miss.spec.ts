import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { formatReceiptCode, newReceiptCode } from "../../app/near-miss/receipt-code";
import { expect, screenshot, signIn, test } from "./fixtures";

/**
 * The near-miss channel end to end: an agent files a report with a card number (redacted in the
 * preview, sent redacted), keeps the receipt code; compliance reads it with no trace of who sent
 * it, replies and acknowledges it; the reporter reads the reply and the dates with the code alone;
 * a leader reads the monthly figures with small counts hidden.
 */

const CARD = "4111 1111 1111 1111";
const TOOL = `refund assistant e2e-${Date.now().toString(36)}`;
const REPLY = "Thank you. We have pulled the draft template and are checking the others.";
let receiptCode = "";

async function bothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe.configure({ mode: "serial" });

test("the sign-in page says what the channel is and links it", async ({ page }) => {
  await page.goto("/login");
  const sentence = page.getByText("Seen the AI get something wrong, or seen it misused?");
  await expect(sentence).toContainText("anonymous, redacted before it is stored");
  await expect(page.getByRole("link", { name: "Report a near-miss" })).toHaveAttribute("href", "/report");
  await expect(page.getByRole("link", { name: "Report status" })).toHaveAttribute("href", "/report/status");
});

test("an agent files a report with a card number: redacted in the preview, sent redacted, receipt code copied", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "agent");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Report a near-miss" }).click();
  await expect(page.getByRole("heading", { name: "Report an AI near-miss", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What is stored, and what is not" })).toBeVisible();

  await page.getByLabel("What happened").fill(`The assistant pasted the customer's card ${CARD} into the reply draft, and offered a refund on order #100234598.`);
  await page.getByLabel("Which AI tool or feature").fill(TOOL);
  const preview = page.getByRole("region", { name: "What will be stored" });
  await expect(preview.getByTestId("preview-0")).toContainText("[REDACTED: payment card] into the reply draft");
  await expect(preview.getByTestId("preview-0")).toContainText("order #100234598");
  await expect(preview).not.toContainText("4111");
  await expect(preview.getByRole("status")).toHaveText("Will be redacted: payment card number (1).");
  await page.getByLabel("Category").selectOption("restricted_data");
  await page.getByLabel("How serious, in your view").selectOption("high");
  await page.getByLabel("Search the sections").fill("restricted");
  await page.getByRole("checkbox", { name: /data-handling\.restricted$/ }).check();
  await expect(page.getByLabel("Team (optional)")).toHaveValue("");
  await bothWidths(page, "near-miss-report-form");

  const sent = page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname.startsWith("/report"));
  await page.getByRole("button", { name: "File the report" }).click();
  const body = (await sent).postData() ?? "";
  expect(decodeURIComponent(body.replace(/\+/g, " "))).toContain("[REDACTED: payment card]");
  expect(body).not.toMatch(/4111/);

  await expect(page.getByRole("heading", { name: "Report filed" })).toBeVisible();
  const code = page.getByTestId("receipt-code");
  receiptCode = (await code.textContent()) ?? "";
  expect(receiptCode).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
  await page.getByRole("button", { name: "Copy the code" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receiptCode);
  await expect(page.getByText(/Compliance acknowledges it by \d{4}-\d{2}-\d{2} and gives feedback by \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await bothWidths(page, "near-miss-receipt");
  // Shown once: the page again is an empty form, the code nowhere.
  await page.goto("/report");
  await expect(page.getByText(receiptCode)).toHaveCount(0);
});

test("compliance sees the report in the inbox with no reporter identity, replies and acknowledges it", async ({ page }) => {
  await signIn(page, "author");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Near-miss inbox" }).click();
  await expect(page.getByRole("heading", { name: "Near-miss inbox", level: 1 })).toBeVisible();
  await page.getByLabel("Status").selectOption("new");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=new/);
  const group = page.getByRole("region", { name: /Restricted data/ }).first();
  const link = group.getByRole("link", { name: new RegExp(TOOL) });
  await expect(link).toBeVisible();
  await expect(group).toContainText("[REDACTED: payment card]");
  await expect(group).toContainText(/Acknowledgement due by \d{4}-\d{2}-\d{2}/);
  await bothWidths(page, "near-miss-inbox");
  const main = page.locator("main");
  for (const identity of ["Dana", "dana.agent", "Kim"]) await expect(main).not.toContainText(identity);
  await expect(main).not.toContainText("4111");

  await link.click();
  await expect(page.getByRole("heading", { name: /Near-miss report of week \d{4}-W\d{2}/ })).toBeVisible();
  await expect(page.locator("main")).toContainText("payment card number (1)");
  for (const identity of ["Dana", "dana.agent"]) await expect(page.locator("main")).not.toContainText(identity);
  await page.getByLabel("Reply", { exact: true }).fill(REPLY);
  await page.getByRole("button", { name: "Send the reply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reply sent" })).toBeVisible();
  await expect(page.getByRole("list").filter({ hasText: REPLY })).toBeVisible();
  await page.getByLabel("Move to").selectOption("reviewing");
  await page.getByLabel("Note").fill("Template pulled; checking the others.");
  await page.getByRole("button", { name: "Move the report" }).click();
  await expect(page.getByRole("heading", { name: /Near-miss report of week/ })).toContainText("Reviewing (acknowledged)");
  await bothWidths(page, "near-miss-triage");

  // The report becomes a draft studio drill, its redacted text as the AI draft.
  const reportUrl = page.url();
  await page.getByRole("button", { name: "Turn into a drill" }).click();
  await expect(page).toHaveURL(/\/studio\/drills\/near-miss-\d{4}-w\d{2}-[0-9a-f]{8}$/);
  await expect(page.getByLabel("AI draft")).toHaveValue(/\[REDACTED: payment card\]/);
  await expect(page.locator("main")).not.toContainText("4111");
  await page.goto(reportUrl);
  await expect(page.getByRole("region", { name: "Training drill" })).toContainText("This report became the studio drill near-miss-");
});

test("the reporter reads the reply and the dates with the code alone, and answers; a wrong code is told apart from nothing", async ({ page }) => {
  expect(receiptCode).not.toBe("");
  await page.goto("/report/status");
  await page.getByLabel("Receipt code").fill(receiptCode.toLowerCase().replaceAll("-", " "));
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page.getByTestId("report-status")).toHaveText("Reviewing (acknowledged)");
  await expect(page.getByText(/acknowledged in week \d{4}-W\d{2} \(was due by \d{4}-\d{2}-\d{2}\)/)).toBeVisible();
  await expect(page.getByText(/^due by \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await expect(page.getByText(REPLY)).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Template pulled");
  await expect(page.getByTestId("report-drill")).toHaveText("Compliance made a training drill from this report, so agents learn to catch it.");
  await bothWidths(page, "near-miss-status");
  await page.getByLabel("Write to compliance").fill("Thanks. It happened once more today with card 5425 2334 3010 9903.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("It happened once more today with card [REDACTED: payment card].")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("5425");

  // A mistyped code is caught by its check symbols; a well-formed one that matches nothing gets the one "no report" answer.
  await page.goto("/report/status");
  await page.getByLabel("Receipt code").fill(`${receiptCode.slice(0, -1)}${receiptCode.endsWith("0") ? "1" : "0"}`);
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page.getByText("a letter or digit is mistyped")).toBeVisible();
  await page.getByLabel("Receipt code").fill(formatReceiptCode(newReceiptCode()));
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page.getByRole("alert")).toHaveText("No report matches this receipt code. Check the code; if it is right, the report may have been removed.");
  await screenshot(page, "near-miss-status-no-match");
});

test("a leader sees the monthly figures with small counts hidden", async ({ page }) => {
  await signIn(page, "leader");
  await page.goto("/insights");
  await page.getByRole("link", { name: "Near-miss reports" }).click();
  await expect(page.getByRole("heading", { name: "Near-miss reports", level: 1 })).toBeVisible();
  const categories = page.locator("#near-miss-categories");
  await expect(categories.locator('td[data-suppressed="small"]').first()).toHaveText("< 5");
  await expect(categories.getByRole("rowheader", { name: "Hallucination" })).toBeVisible();
  const teams = page.locator("#near-miss-teams");
  await expect(teams.getByRole("rowheader", { name: "Returns & Refunds" })).toBeVisible();
  await expect(teams.getByRole("rowheader", { name: "Northwind Cloud B2B" })).toHaveCount(0);
  await bothWidths(page, "near-miss-figures");
});

test("the report form works with the keyboard alone and has no serious accessibility violations", async ({ page }) => {
  await signIn(page, "agent");
  await page.goto("/report");
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

  const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.textContent ?? "");
  async function tabTo(name: string) {
    for (let i = 0; i < 80 && (await focusedLabel()) !== name; i++) await page.keyboard.press("Tab");
    expect(await focusedLabel()).toBe(name);
  }
  await tabTo("whatHappened");
  await page.keyboard.type(`Keyboard only: the AI read out ${CARD} on a call.`);
  await expect(page.getByTestId("preview-0")).toContainText("[REDACTED: payment card]");
  await tabTo("tool");
  await page.keyboard.type("voice assistant");
  await tabTo("category");
  await page.keyboard.press("ArrowDown");
  await tabTo("severity");
  await page.keyboard.press("ArrowDown");
  await tabTo("sections");
  await page.keyboard.press("Space");
  await tabTo("File the report");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Report filed" })).toBeVisible();
  await expect(page.getByTestId("receipt-code")).toHaveText(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
});

test("bad input is refused at its field, never with a 500 and never repeating what was typed", async ({ page }) => {
  await signIn(page, "agent");
  await page.goto("/report");
  await page.getByLabel("What happened").fill(`Card ${CARD}`);
  await page.getByRole("button", { name: "File the report" }).click();
  await expect(page.getByText("Name the AI tool or feature")).toBeVisible();
  await expect(page.getByText("Pick what kind of problem it was.")).toBeVisible();
  await expect(page.getByLabel("Which AI tool or feature")).toHaveAttribute("aria-invalid", "true");
  // Without the browser's checks: the server answers 400 with the errors at their fields, redacted.
  const response = await page.request.post("/report?index", { form: { whatHappened: `Card ${CARD}`, category: CARD, severity: "huge" }, headers: { Origin: new URL(page.url()).origin } });
  expect(response.status()).toBe(400);
  const text = await response.text();
  expect(text).not.toContain("4111");
  expect(text).toContain("Pick what kind of problem it was.");
});

test("the inbox shows its reports 50 a page, newest week first, with what is due counted over all of them", async ({ page }) => {
  await signIn(page, "author");
  await page.goto("/near-misses");
  const status = page.getByRole("status").filter({ hasText: / reports?\./ });
  await expect(status).toHaveText(/^\d+ reports\. Showing 1–50, newest week first\.$/);
  const total = Number(/^(\d+)/.exec((await status.textContent()) ?? "")?.[1]);
  const pages = page.getByRole("navigation", { name: "Pages of reports" });
  await expect(pages).toContainText(`Page 1 of ${Math.ceil(total / 50)}`);
  const overdue = await page.getByText(/^Acknowledgements overdue: \d+$/).textContent();
  await pages.getByRole("link", { name: "Next page →" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await page.reload();
  await expect(status).toHaveText(new RegExp(`^${total} reports\\. Showing 51–${Math.min(100, total)}, newest week first\\.$`));
  await expect(page.getByText(/^Acknowledgements overdue: \d+$/)).toHaveText(overdue ?? "");
  // A filter keeps to its own pages; a page that is not a number is the first, said so.
  await page.goto("/near-misses?status=new&page=x");
  await expect(page.getByRole("alert")).toHaveText("The first page is shown: page is a whole number from 1.");
  await expect(page).toHaveURL(/status=new/);
});
