import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, expect, test } from "./fixtures";

/** The farming script and the answer leaks of issue 12, played against the running app: each must fail. */

function libraryDrillIds(dir = "drills"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return libraryDrillIds(file);
    const id = /^id:\s*(\S+)/m.exec(readFileSync(file, "utf8"))?.[1];
    return entry.name.endsWith(".yaml") && id ? [id] : [];
  });
}

async function agent(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const signIn = await context.post("/login", { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  return context;
}

/** The assigned drills' forms on the home page: the fields each posts to /practice. */
function assignedForms(home: string) {
  return [...home.matchAll(/name="assignmentId" value="(\d+)"\/><input type="hidden" name="position" value="(\d+)"/g)].map((m) => ({ assignmentId: m[1] ?? "", position: m[2] ?? "" }));
}

async function answer(context: APIRequestContext, playPath: string) {
  const page = await (await context.get(playPath)).text();
  const revisionId = /name="revisionId" value="(\d+)"/.exec(page)?.[1] ?? "";
  const response = await context.post(playPath, { form: { clientId: randomUUID(), revisionId, marks: "[]", decision: "escalate", escalationReason: "Needs a specialist." }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  return response.headers()["location"] ?? "";
}

test("replaying a completed assigned drill is refused, so the farming script earns nothing", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const luis = await agent(baseURL, "luis.agent@northwind.example");
  const [item] = assignedForms(await (await luis.get("/")).text());
  if (!item) throw new Error("Luis has no assigned drill on his home page");
  const served = await luis.post("/practice", { form: item, maxRedirects: 0 });
  expect(served.status()).toBe(302);
  await answer(luis, served.headers()["location"] ?? "");
  // The page's content: the scripts around it carry a fresh CSP nonce each time.
  const progressOf = async () => /<main[\s\S]*<\/main>/.exec(await (await luis.get("/progress")).text())?.[0] ?? "no progress page";
  const progressBefore = await progressOf();

  for (let round = 0; round < 5; round++) {
    const replay = await luis.post("/practice", { form: item, maxRedirects: 0 });
    expect(replay.status()).toBe(409);
    expect(await replay.text()).toMatch(/already done this assigned drill/);
  }
  // The completed drill is gone from the list of assigned drills to do.
  expect(assignedForms(await (await luis.get("/")).text())).not.toContainEqual(item);
  expect(await progressOf()).toBe(progressBefore);
  await luis.dispose();
});

test("no agent-facing page carries a drill id before the feedback", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const ids = libraryDrillIds();
  expect(ids.length).toBeGreaterThan(50);
  const yuki = await agent(baseURL, "yuki.agent@northwind.example");
  const pages: Record<string, string> = { home: await (await yuki.get("/")).text() };
  const [item] = assignedForms(pages.home ?? "");
  const served = await yuki.post("/practice", { form: item ?? {}, maxRedirects: 0 });
  const playPath = served.headers()["location"] ?? "";
  expect(playPath).toMatch(/^\/play\/\d+$/);
  pages.drill = await (await yuki.get(playPath)).text();
  pages.drillData = await (await yuki.get(`${playPath}.data`)).text();
  pages.homeData = await (await yuki.get("/_root.data")).text();
  pages.progress = await (await yuki.get("/progress")).text();
  for (const [name, body] of Object.entries(pages)) {
    const leaked = ids.filter((id) => body.includes(id));
    expect(leaked, `${name} mentions drill ids`).toEqual([]);
  }
  await yuki.dispose();
});

test("a NUL character in a rewrite is a 400 at the rewrite, with no SQL or stored content", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const felix = await agent(baseURL, "felix.agent@northwind.example");
  const served = await felix.post("/practice", { form: {}, maxRedirects: 0 });
  const playPath = served.headers()["location"] ?? "";
  const page = await (await felix.get(playPath)).text();
  const revisionId = /name="revisionId" value="(\d+)"/.exec(page)?.[1] ?? "";
  for (const url of [playPath, `${playPath}.data`]) {
    const response = await felix.post(url, { form: { clientId: randomUUID(), revisionId, marks: "[]", decision: "rewrite", rewrite: "Hello\u0000there" }, maxRedirects: 0 });
    expect(response.status(), url).toBe(400);
    const body = await response.text();
    expect(body).toMatch(/Your rewrite contains a NUL character, which cannot be saved/);
    expect(body).not.toMatch(/Failed query|params|insert into|"flaws"|expectedDecision/i);
  }
  await felix.dispose();
});
