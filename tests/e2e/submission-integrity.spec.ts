import { randomUUID } from "node:crypto";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, expect, test } from "./fixtures";

/** The submit endpoint as a hostile or clumsy client sees it: bad input is refused with a reason, replays record once. */

async function agentContext(baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const signIn = await context.post("/login", { form: { email: "grace.agent@northwind.example", password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  return context;
}

async function serveDrill(context: APIRequestContext) {
  const served = await context.post("/practice", { form: {}, maxRedirects: 0 });
  expect(served.status()).toBe(302);
  const location = served.headers()["location"] ?? "";
  expect(location).toMatch(/^\/play\/\d+$/);
  const page = await (await context.get(location)).text();
  const revisionId = /name="revisionId" value="(\d+)"/.exec(page)?.[1];
  if (!revisionId) throw new Error("no revisionId on the drill page");
  return { path: location, revisionId: Number(revisionId) };
}

test("bad submissions get a 400 that says what is wrong, and a replay records one attempt", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const context = await agentContext(baseURL);
  const { path, revisionId } = await serveDrill(context);
  const valid = { clientId: randomUUID(), revisionId: String(revisionId), marks: "[]", decision: "send", timeOnTaskMs: "12000" };

  // The page answers in words a person can act on, never "field: message", and shows each message
  // where it belongs: under the field a person fills in, or for the form as a whole when the page
  // itself filled in the input. [form, status, message as the page renders it, the error list's id].
  const cases: [Record<string, string>, number, string, string][] = [
    [{ ...valid, marks: "not json" }, 400, "Your marks could not be read\\. Reload the page and try again\\.", "error"],
    [{ ...valid, marks: JSON.stringify([{ start: 0, end: 4, type: "rudeness" }]) }, 400, "A mark has an unknown flaw type &quot;rudeness&quot;\\. Reload the page and try again\\.", "error"],
    [{ ...valid, marks: JSON.stringify([{ start: 0, end: 100000, type: "tone" }]) }, 400, "One of your marks lies outside the draft\\. Reload the page and try again\\.", "error"],
    [{ ...valid, revisionId: String(revisionId + 1000) }, 400, `You were served revision ${revisionId} of this drill, not ${revisionId + 1000}\\.`, "error"],
    [{ ...valid, decision: "approve" }, 400, "Choose what to do with the draft: send as is, rewrite or escalate\\.", "decision-error"],
    [{ ...valid, clientId: "123" }, 400, "This page did not finish loading, so your answer was not sent\\. Reload the page and try again\\.", "error"],
    [{ ...valid, decision: "escalate" }, 400, "Say why you are escalating\\.", "escalationReason-error"],
  ];
  for (const [form, status, message, list] of cases) {
    const response = await context.post(path, { form, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(form)).toBe(status);
    const body = await response.text();
    expect(body, JSON.stringify(form)).toMatch(new RegExp(`<ul id="attempt-\\d+-${list}"[^>]*><li>${message}</li></ul>`));
    expect(body, JSON.stringify(form)).not.toMatch(/\b(clientId|revisionId|marks|decision|rewrite|escalationReason|timeOnTaskMs): /);
  }

  const first = await context.post(path, { form: valid, maxRedirects: 0 });
  const replay = await context.post(path, { form: valid, maxRedirects: 0 });
  expect(first.status()).toBe(302);
  expect(replay.headers()["location"]).toBe(first.headers()["location"]);
  // A fresh id on an answered drill records nothing: the page sends the agent to the stored feedback.
  const another = await context.post(path, { form: { ...valid, clientId: randomUUID() }, maxRedirects: 0 });
  expect(another.headers()["location"]).toBe(first.headers()["location"]);
  await context.dispose();
});

test("an agent cannot open or answer another agent's drill, or read their feedback", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const grace = await agentContext(baseURL);
  const { path, revisionId } = await serveDrill(grace);
  const submitted = await grace.post(path, { form: { clientId: randomUUID(), revisionId: String(revisionId), marks: "[]", decision: "send" }, maxRedirects: 0 });
  const feedback = submitted.headers()["location"] ?? "";
  expect(feedback).toMatch(/^\/attempts\/\d+$/);

  const omar = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  await omar.post("/login", { form: { email: "omar.agent@northwind.example", password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect((await omar.get(path, { maxRedirects: 0 })).status()).toBe(404);
  expect((await omar.get(feedback, { maxRedirects: 0 })).status()).toBe(404);
  const answer = await omar.post(path, { form: { clientId: randomUUID(), revisionId: String(revisionId), marks: "[]", decision: "send" }, maxRedirects: 0 });
  expect(answer.status()).toBe(404);
  await grace.dispose();
  await omar.dispose();
});

test("\"Next drill\" reopens an unanswered drill instead of serving a fresh one", async ({ baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not set");
  const felix = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  await felix.post("/login", { form: { email: "felix.agent@northwind.example", password: DEMO_PASSWORD }, maxRedirects: 0 });
  const first = await serveDrill(felix);
  const again = await serveDrill(felix);
  expect(again.path).toBe(first.path);
  await felix.post(first.path, { form: { clientId: randomUUID(), revisionId: String(first.revisionId), marks: "[]", decision: "send" }, maxRedirects: 0 });
  const next = await serveDrill(felix);
  expect(next.path).not.toBe(first.path);
  await felix.dispose();
});
