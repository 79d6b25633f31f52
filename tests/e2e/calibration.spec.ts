import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

const ID = "calibration-blind-45-days";
const TITLE = "Calibration: a 45-day window and a calm-down";
const WINDOW = "Our return window is 45 days from delivery";
const CALM = "Please calm down";
const DRAFT = ["Hi Sam,", `${WINDOW} [refunds.window].`, `${CALM}, we will sort it out.`, "Kind regards,", "Northwind Home Support"].join("\n");
const WINDOW_EXPLANATION = "The return window is 30 days from delivery, not 45.";
const CALM_EXPLANATION = "Telling an upset customer to calm down escalates the conversation.";

async function expectNoSeriousAxeIssue(page: Page) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

async function signInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Selects words of the editor's draft and declares them a flaw with the type's Alt+Shift key. */
async function declareInEditor(page: Page, quote: string, key: string) {
  await page.getByLabel("AI draft").evaluate((element: HTMLTextAreaElement, text) => {
    const at = element.value.indexOf(text);
    element.focus();
    element.setSelectionRange(at, at + text.length);
  }, quote);
  await page.keyboard.press(`Alt+Shift+Key${key}`);
}

/** Drags the mouse across the draft from the start of one word to the end of another (as tests/e2e/drill-player.spec.ts). */
async function selectWithMouse(page: Page, from: string, to: string) {
  const draft = page.getByTestId("draft");
  await draft.scrollIntoViewIfNeeded();
  const start = await draft.locator("span", { hasText: new RegExp(`^${from}$`) }).first().boundingBox();
  const end = await draft.locator("span", { hasText: new RegExp(`^${to}$`) }).first().boundingBox();
  if (!start || !end) throw new Error("words not found in the draft");
  await page.mouse.move(start.x + 1, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width - 1, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** The calibrator's pending request on /studio, opened; the page must carry nothing of the key. */
async function openRequest(page: Page) {
  await page.goto("/studio");
  const requests = page.getByRole("region", { name: /Blind takes asked of you/ });
  await expect(requests).toContainText("Priya Shah");
  await requests.getByRole("link", { name: /Take the drill Priya Shah asked you to take/ }).click();
  await expect(page.getByRole("heading", { name: "Review this AI draft", level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("draft")).toContainText(CALM);
  const path = new URL(page.url()).pathname;
  for (const url of [path, `${path}.data`]) {
    const body = await (await page.request.get(url)).text();
    for (const secret of [WINDOW_EXPLANATION, TITLE, ID]) expect(body, `${url} carries ${secret}`).not.toContain(secret);
  }
  // The loader data (the same stream the page embeds) has no key at all.
  const data = await (await page.request.get(`${path}.data`)).text();
  for (const key of ['"flaws"', '"expected"', '"explanation"', '"quote"', '"title"', '"id"']) expect(data, `the loader data carries ${key}`).not.toContain(key);
  // Neither does the refusal a tampered post gets.
  const refused = await page.request.post(path, { form: { marks: '[{"start":0,"end":9999,"type":"tone"}]', decision: "send", timeOnTaskMs: "1" }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
  expect(refused.status()).toBe(400);
  const refusal = await refused.text();
  for (const secret of [WINDOW_EXPLANATION, TITLE, ID]) expect(refusal, `the refusal carries ${secret}`).not.toContain(secret);
  return path;
}

test("an author asks two colleagues to take a draft blind, sees their agreement and an unplanted span, fixes the drill and publishes it", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, "author");
  await page.goto("/studio/drills/new");
  await page.getByLabel("Id").fill(ID);
  await page.getByLabel("Title").fill(TITLE);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await page.reload();
  await page.getByLabel("Customer message").fill("Hello, the kettle I ordered leaks and I am fed up. It arrived 40 days ago. Can I return it?\nSam");
  await page.getByLabel("AI draft").fill(DRAFT);
  await declareInEditor(page, WINDOW, "H");
  await expect(page.getByLabel("Explanation (what the feedback teaches)").first()).toBeFocused();
  await page.keyboard.type(WINDOW_EXPLANATION);
  await page.getByLabel("Violated policy section").first().fill("refunds.window");
  await expect(page.getByText("The validator finds no problem: this drill can be published.")).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved. It is ready to publish.")).toBeVisible();

  const calibration = page.getByRole("region", { name: "Blind calibration" });
  await expect(calibration).toContainText("No one has been asked yet.");
  await calibration.getByRole("link", { name: "Ask colleagues for a blind take" }).click();
  await expect(page.getByRole("heading", { name: "Ask colleagues for a blind take" })).toBeVisible();
  await page.reload();
  // Nobody chosen: the error is at the group.
  await page.getByRole("button", { name: "Ask for blind takes" }).click();
  await expect(page.getByRole("group", { name: "Colleagues to ask" })).toContainText("Choose at least one colleague");
  await expect(page.getByRole("checkbox", { name: /Priya Shah/ })).toHaveCount(0);
  await page.getByRole("checkbox", { name: /Kenji Watanabe/ }).check();
  await page.getByRole("checkbox", { name: /Ada Okafor/ }).check();
  await screenshot(page, "calibration-ask");
  await expectNoSeriousAxeIssue(page);
  await page.getByRole("button", { name: "Ask for blind takes" }).click();
  await expect(calibration).toContainText("Kenji Watanabe: not taken yet");
  await expect(calibration).toContainText("Ada Okafor: not taken yet");
  await page.getByRole("button", { name: "Sign out" }).click();

  // Kenji, keyboard only: marks the planted window and an unplanted "Please calm down", and rewrites.
  await signInAs(page, "kenji.author@northwind.example");
  // Until his take is in, the drill's studio pages and its row in the list are not his to see.
  await page.goto("/studio");
  await expect(page.getByRole("row", { name: new RegExp(ID) })).toHaveCount(0);
  for (const path of [`/studio/drills/${ID}`, `/studio/drills/${ID}/preview`, `/studio/drills/${ID}/revisions`, `/studio/drills/${ID}.yaml`]) {
    const refused = await page.request.get(path);
    expect(refused.status(), path).toBe(403);
    expect(await refused.text(), path).toContain("You are asked to take this drill blind");
  }
  const takePath = await openRequest(page);
  const draft = page.getByTestId("draft");
  await draft.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByTestId("announcer")).toContainText(`Selected “${CALM}”`);
  await page.keyboard.press("5");
  await expect(page.getByTestId("announcer")).toContainText(`Marked “${CALM}” as Tone. 1 mark.`);
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByTestId("announcer")).toContainText("Selected “45 days”");
  await page.keyboard.press("1");
  await expect(page.getByRole("heading", { name: "Your marks (2)" })).toBeVisible();
  await page.getByRole("radio", { name: "Send as is" }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Rewrite" })).toBeChecked();
  await screenshot(page, "calibration-take-marked");
  await expectNoSeriousAxeIssue(page);
  await page.getByRole("button", { name: "Submit my take" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Blind take recorded" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("status")).toContainText("You took this drill on");
  // One take each: a second post is refused.
  const again = await page.request.post(takePath, { form: { marks: "[]", decision: "send", timeOnTaskMs: "1" }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
  expect(again.status()).toBe(409);
  await page.goto("/studio");
  await expect(page.getByRole("region", { name: /Blind takes asked of you/ })).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(ID) })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  // Ada, on a phone: marks the window with the mouse and rewrites.
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin");
  await openRequest(page);
  await expectNoHorizontalScroll(page, "the blind take at 390 px");
  await selectWithMouse(page, "45", "days");
  await page.getByRole("group", { name: "Mark the selection as" }).getByRole("button", { name: "Hallucination" }).click();
  await expect(page.getByRole("heading", { name: "Your marks (1)" })).toBeVisible();
  await page.getByRole("radio", { name: "Rewrite" }).check();
  await screenshot(page, "calibration-take-390");
  await expectNoSeriousAxeIssue(page);
  await page.getByRole("button", { name: "Submit my take" }).click();
  await expect(page.getByRole("heading", { name: "Blind take recorded" })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Sign out" }).click();

  // Priya reads the round: both found the window, Kenji marked an unplanted span; publishing asks first.
  await signIn(page, "author");
  // The author is not invited to their own round.
  const notInvited = await page.request.get(takePath);
  expect(notInvited.status()).toBe(404);
  const notInvitedBody = await notInvited.text();
  for (const secret of [TITLE, ID, WINDOW_EXPLANATION, CALM]) expect(notInvitedBody).not.toContain(secret);
  await page.goto(`/studio/drills/${ID}`);
  await expect(calibration).toContainText("Kenji Watanabe: taken on");
  await expect(calibration).toContainText("Ada Okafor: taken on");
  await expect(calibration.getByRole("region", { name: "Planted flaws found by the calibrators" })).toContainText("2 of 2");
  await expect(calibration).toContainText(`${CALM} — marked by Kenji Watanabe (1 of 2) as Tone`);
  await expect(calibration).toContainText(/Agreement \(Krippendorff's alpha\): 0\.\d\d/);
  await expect(calibration).toContainText("Every calibrator chose it.");
  await calibration.scrollIntoViewIfNeeded();
  await screenshot(page, "calibration-results");
  await expectNoSeriousAxeIssue(page);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const refusal = page.getByRole("region", { name: "Not published yet: calibrators marked spans no flaw declares" });
  await expect(refusal).toContainText(CALM);
  await expect(refusal.getByRole("button", { name: "Publish anyway" })).toBeVisible();
  await screenshot(page, "calibration-publish-refused");
  await expectNoSeriousAxeIssue(page);
  // The confirmation must name the round whose spans were shown: any other round still refuses.
  const version = await refusal.locator('input[name="version"]').inputValue();
  const wrongRound = await page.request.post(`/studio/drills/${ID}`, { form: { intent: "confirm-publish", version, confirmRound: "999999" }, headers: { Origin: new URL(page.url()).origin } });
  expect(await wrongRound.text()).toContain("Not published yet: calibrators marked spans no flaw declares");
  await page.reload();
  await expect(page.getByRole("link", { name: "Revisions (0)" })).toBeVisible();

  // The fix: declare the span a tone flaw. The round is now stale, and publishing goes through.
  await declareInEditor(page, `${CALM}, we will sort it out.`, "T");
  await expect(page.getByLabel("Explanation (what the feedback teaches)").nth(1)).toBeFocused();
  await page.keyboard.type(CALM_EXPLANATION);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved. It is ready to publish.")).toBeVisible();
  await expect(calibration).toContainText("Stale: the draft has changed since this round was asked for.");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published as revision 1: agents are served it from now on.")).toBeVisible();
  await screenshot(page, "calibration-published");
});
