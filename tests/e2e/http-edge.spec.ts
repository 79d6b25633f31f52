import { request as playwrightRequest } from "@playwright/test";
import { DEMO_PASSWORD, expect, signIn, test } from "./fixtures";

/** The HTTP edge as an attacker meets it: headers, body limits, content types, redirects. */

test("pages carry the security headers, a per-response script nonce, and no-store caching", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("img-src 'self' data:");
  expect(csp).not.toBe(second.headers()["content-security-policy"]);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("same-origin");
  expect(first.headers()["cache-control"]).toBe("no-store");
  const html = await first.text();
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "missing";
  // Every inline script Remix renders carries this response's nonce.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1] ?? "");
  expect(inline.length).toBeGreaterThan(0);
  for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
});

test("HTML and hashed assets are compressed; hashed assets are cached for a year", async ({ request }) => {
  const page = await request.get("/login", { headers: { "Accept-Encoding": "br, gzip" } });
  expect(page.headers()["content-encoding"]).toMatch(/br|gzip/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1] ?? /href="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
  if (!script) throw new Error("no script on the sign-in page");
  const asset = await request.get(script, { headers: { "Accept-Encoding": "gzip" } });
  expect(asset.headers()["content-encoding"]).toBe("gzip");
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});

test("actions refuse what is not a form: 415 with a reason, 413 before reading, 400 for the legacy protocol", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const client = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  for (const path of ["/login", "/login.data", "/practice", "/play/1", "/drills/needs-review", "/admin/users/new", "/assignments/new"]) {
    const json = await client.post(path, { data: { email: "x" }, headers: { "Content-Type": "application/json" }, maxRedirects: 0 });
    expect(json.status(), `${path} with JSON`).toBe(415);
    expect(await json.text()).toMatch(/Send a form/);
    const text = await client.post(path, { data: "hello", headers: { "Content-Type": "text/plain" }, maxRedirects: 0 });
    expect(text.status(), `${path} with text`).toBe(415);
    const none = await client.fetch(path, { method: "POST", maxRedirects: 0 });
    expect(none.status(), `${path} with no body`).toBe(415);
  }
  const huge = await client.post("/login", { form: { email: "a@b.example", password: "x".repeat(300 * 1024) }, maxRedirects: 0 });
  expect(huge.status()).toBe(413);
  const legacy = await client.post("/login?_data=routes/login", { form: { email: "a@b.example", password: "x" }, maxRedirects: 0 });
  expect(legacy.status()).toBe(400);
  const longPassword = await client.post("/login", { form: { email: "dana.agent@northwind.example", password: "p".repeat(129) }, maxRedirects: 0 });
  expect(longPassword.status()).toBe(400);
  await client.dispose();
});

test("sign-in only ever redirects to a path on this site", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  for (const redirectTo of ["/\t/evil.example/phish", "//evil.example", "/\\evil.example", "https://evil.example", "/\n/evil.example", "/progress"]) {
    const client = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
    const response = await client.post(`/login`, { form: { email: "yuki.agent@northwind.example", password: DEMO_PASSWORD, redirectTo }, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(redirectTo)).toBe(302);
    expect(response.headers()["location"]).toBe(redirectTo === "/progress" ? "/progress" : "/");
    await client.dispose();
  }
});

test("a signed-in page runs under the policy without a single violation", async ({ page }) => {
  await signIn(page, "agent");
  await page.goto("/policies");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
