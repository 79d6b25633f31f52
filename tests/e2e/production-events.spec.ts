import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { createToken, expect, screenshot, signIn, test } from "./fixtures";

const API = "/api/v1/override-events";
const AGENT = "dana.agent@northwind.example";

async function expectNoSeriousAxeViolations(page: Page) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

let sequence = 0;
/** Events with ids no other test (or run) uses, an hour apart, ending now. */
function events(count: number, extra: Record<string, unknown> = {}) {
  sequence += 1;
  const run = `${Date.now()}-${sequence}`;
  return Array.from({ length: count }, (_, i) => ({
    externalId: `e2e-${run}-${i}`,
    agentEmail: AGENT,
    occurredAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
    action: "accepted",
    ...extra,
  }));
}

function post(request: APIRequestContext, token: string | null, data: unknown, headers: Record<string, string> = {}) {
  return request.post(API, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Content-Type": "application/json", ...headers },
    // A Buffer goes out byte for byte (Playwright would quote a string that is not valid JSON).
    data: Buffer.from(typeof data === "string" ? data : JSON.stringify(data)),
    maxRedirects: 0,
  });
}

async function expectRefusal(response: Awaited<ReturnType<typeof post>>, status: number, error: RegExp) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toEqual({ error: expect.stringMatching(error) });
}

test("no token, a bad token and a revoked token are refused with 401", async ({ page, request }) => {
  await signIn(page, "admin");
  const token = await createToken(page, "Soon revoked");
  await expectRefusal(await post(request, null, events(1)), 401, /Authorization: Bearer/);
  await expectRefusal(await post(request, `rl_${"A".repeat(43)}`, events(1)), 401, /unknown or has been revoked/);
  await expectRefusal(await post(request, "not-even-a-token", events(1)), 401, /Authorization: Bearer/);
  expect((await post(request, token, events(1))).status()).toBe(200);

  await page.goto("/admin/tokens");
  await page.getByRole("link", { name: "Revoke Soon revoked" }).click();
  await expect(page.getByRole("heading", { name: "Revoke token “Soon revoked”?" })).toBeVisible();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row", { name: /Soon revoked/ })).toContainText("Revoked");
  await expectRefusal(await post(request, token, events(1)), 401, /unknown or has been revoked/);
});

test("wrong content type 415, more than 5,000 items 413, malformed JSON 400, GET 405", async ({ page, request }) => {
  await signIn(page, "admin");
  const token = await createToken(page, "Limits");
  await expectRefusal(await post(request, token, events(1), { "Content-Type": "text/plain" }), 415, /application\/json/);
  const form = await request.post(API, { headers: { Authorization: `Bearer ${token}` }, form: { externalId: "x" } });
  await expectRefusal(form, 415, /application\/json/);

  await expectRefusal(await post(request, token, events(5_001)), 413, /at most 5000 events; this one has 5001/);
  await expectRefusal(await post(request, token, '[{"externalId": "x",'), 400, /not valid JSON/);
  await expectRefusal(await post(request, token, '{"externalId": "x"}'), 400, /JSON array/);
  await expectRefusal(await post(request, token, ""), 400, /empty/);
  // A body over 5 MB is refused from its Content-Length, unread.
  await expectRefusal(await post(request, token, `[${"1,".repeat(3_000_000)}1]`), 413, /at most|larger than/);

  const get = await request.get(API, { headers: { Authorization: `Bearer ${token}` } });
  expect(get.status()).toBe(405);
  expect(get.headers()["allow"]).toBe("POST");

  // A full batch of 5,000 is taken.
  const full = await post(request, token, events(5_000));
  expect(full.status()).toBe(200);
  expect(await full.json()).toMatchObject({ accepted: 5_000, duplicates: 0, rejected: 0 });
});

test("a good batch is counted, a malformed item rejects only itself, a resent batch is all duplicates", async ({ page, request }) => {
  await signIn(page, "admin");
  const token = await createToken(page, "Batches");
  const batch = [
    ...events(3, { action: "edited", editRatio: 0.1, suggestionKind: "reply" }),
    { externalId: "bad-ratio", agentEmail: AGENT, occurredAt: new Date().toISOString(), action: "edited", editRatio: 3 },
    ...events(2, { action: "rejected" }),
    { ...events(1)[0], agentEmail: "nobody@northwind.example" },
  ];
  const first = await post(request, token, batch);
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({
    accepted: 5,
    duplicates: 0,
    rejected: 2,
    errors: [
      { index: 3, reason: "editRatio: must be from 0 to 1" },
      { index: 6, reason: "agentEmail: no user has this email" },
    ],
  });
  const again = await post(request, token, batch);
  expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 5, rejected: 2 });
});

test("an agent's session cookie cannot use the API", async ({ page, baseURL }) => {
  await signIn(page, "agent");
  // page.request carries the browser's session cookie.
  const withoutOrigin = await post(page.request, null, events(1));
  expect(withoutOrigin.status()).toBe(403);
  const sameOrigin = await post(page.request, null, events(1), { Origin: baseURL ?? "" });
  await expectRefusal(sameOrigin, 401, /Authorization: Bearer/);
});

test("an admin creates a token in the admin UI, events are posted with it, and a CSV of more is uploaded", async ({ page, request }) => {
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await page.getByRole("link", { name: "New token" }).click();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Enter a name for the token.")).toBeVisible();
  await page.getByLabel("Name").fill("Helpdesk assistant (production)");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Copy it now: it will not be shown again.")).toBeVisible();
  const token = await page.getByRole("textbox", { name: "Token", exact: true }).inputValue();
  await screenshot(page, "admin-token-created");
  await expectNoSeriousAxeViolations(page);

  // Omar is known to the assistant by its own id.
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Omar Haddad" }).click();
  const ref = `ZD-${Date.now()}`;
  await page.getByLabel("Agent reference").fill(ref);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByRole("link", { name: "Luis García" }).click();
  await page.getByLabel("Agent reference").fill(ref);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Omar Haddad already has the agent reference ${ref}.`)).toBeVisible();
  await expect(page.getByLabel("Agent reference")).toHaveAttribute("aria-invalid", "true");

  const byEmail = events(4, { action: "edited", editRatio: 0.5, suggestionKind: "reply" });
  const byRef = events(2, { agentEmail: undefined, agentRef: ref, action: "rejected" }).map(({ agentEmail: _drop, ...event }) => event);
  const response = await post(request, token, [...byEmail, ...byRef]);
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ accepted: 6, duplicates: 0, rejected: 0, errors: [] });

  await page.goto("/admin/tokens");
  await expectNoSeriousAxeViolations(page);
  const row = page.getByRole("row", { name: /Helpdesk assistant \(production\)/ });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("by admin@northwind.example");
  await expect(row.getByRole("cell").nth(2)).toContainText("UTC");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload events" }).click();
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const csv = [
    "externalId,agentEmail,agentRef,occurredAt,action,suggestionKind,editRatio",
    `${byEmail[0]?.externalId},${AGENT},,${at},accepted,,`,
    `csv-${ref}-1,${AGENT},,${at},edited,reply,0.05`,
    `csv-${ref}-2,,${ref},${at},accepted,"reply, short",`,
    `csv-${ref}-3,${AGENT},,${at},edited,reply,1.5`,
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "events.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload events" }).click();
  await expect(page.getByRole("status")).toHaveText("4 rows: 2 accepted, 1 duplicate (already stored, skipped), 1 rejected.");
  await expect(page.getByRole("row", { name: /editRatio: must be from 0 to 1/ })).toContainText("5");
  await screenshot(page, "admin-events-upload");
  await expectNoSeriousAxeViolations(page);

  await page.goto("/admin/audit");
  await expect(page.getByRole("row", { name: /api_token\.create/ }).first()).toContainText("Helpdesk assistant (production)");
  await expect(page.getByRole("row", { name: /assist_events\.upload/ }).first()).toContainText("admin@northwind.example");
});
