import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { openPostgres, type Connection } from "~/db/client.server";
import { loadRevision } from "~/app/drills/drills.server";
import { THROTTLE } from "~/app/auth/throttle.server";
import type { Drill } from "~/app/content/drill";
import { DEMO_PASSWORD } from "~/db/seed";
import { startAppServer, type AppServer } from "~/app/cli/app-server";
import { answerFor, formBody } from "~/app/cli/bench-submit-answers";
import { createAgents, createBenchTeam } from "~/app/cli/bench-submit-setup";
import { createDatabase } from "~/app/cli/postgres-server";
import { attemptFor, checkIntegrity } from "./integrity";

/**
 * The production shape: two instances of the built app, stateless, on one PostgreSQL database.
 * Driven concurrently at both over HTTP: sign-ins (the throttle counts across both), submissions
 * with distinct, duplicate and rival client ids (each attempt recorded once, ratings equal to a
 * serial replay), then one instance is killed with SIGKILL in the middle of a burst: nothing is
 * half-written and the other instance keeps serving. Runs in the PostgreSQL e2e run of `npm
 * test` (E2E_DATABASE_URL): its own database on that server, its own two servers.
 */

const databaseServer = process.env.E2E_DATABASE_URL ?? "";

const AGENTS = 16;
const ROUNDS = 4;
/** Submissions answered by instance A in the burst before it is killed. */
const KILL_AFTER = 12;
/** Rounds each of B's agents makes after the kill. */
const ROUNDS_AFTER_KILL = 3;
const REQUEST_TIMEOUT_MS = 60_000;

type Agent = { index: number; userId: number; email: string; client: string; cookie: string };
type Reply = { status: number; location: string; setCookie: string | null };

async function request(server: AppServer, path: string, { form, agent, client }: { form?: URLSearchParams; agent?: Agent; client?: string } = {}): Promise<Reply & { body: string }> {
  const headers: Record<string, string> = { "X-Forwarded-For": client ?? agent?.client ?? "192.0.2.1" };
  if (agent?.cookie) headers.Cookie = agent.cookie;
  if (form) headers.Origin = server.base;
  const response = await fetch(`${server.base}${path}`, { method: form ? "POST" : "GET", body: form, headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = await response.text();
  return { status: response.status, location: response.headers.get("location") ?? "", setCookie: response.headers.get("set-cookie"), body };
}

function signIn(server: AppServer, { email, password, client }: { email: string; password: string; client: string }) {
  return request(server, "/login", { form: new URLSearchParams({ email, password }), client });
}

test.describe("two app instances on one PostgreSQL", () => {
  test.skip(!databaseServer, "needs PostgreSQL: runs in the PostgreSQL e2e run of npm test (E2E_DATABASE_URL); the embedded run is about the embedded database, which one process owns");

  const cleanups: (() => Promise<void>)[] = [];
  // Also when the test fails or times out: servers stopped, pool closed, database dropped.
  test.afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error(`two-instances cleanup: ${String(error)}`));
    }
  });

  test("share sessions, throttling, exactly-once submissions and ratings, and survive one being killed", async () => {
    test.setTimeout(12 * 60_000);
    const database = await createDatabase(databaseServer, "redline_two");
    cleanups.push(() => database.drop());
    const env = { DATABASE_URL: database.url, NODE_ENV: "production", SESSION_SECRET: randomBytes(24).toString("hex"), TRUST_PROXY: "1", LOG_LEVEL: "warn" };
    // The first start migrates the empty database and imports the library; the second finds it done.
    const a = await startAppServer({ env });
    cleanups.push(() => a.stop());
    const b = await startAppServer({ env });
    cleanups.push(() => b.stop());
    const instances = [a, b] as const;
    const other = (server: AppServer) => (server === a ? b : a);
    const at = (n: number) => instances[n % 2] as AppServer;

    const connection: Connection = openPostgres(database.url, { max: 4 });
    cleanups.push(() => connection.close());
    const db = connection.db;
    const team = await createBenchTeam(connection);
    const userIds = await createAgents({ connection, team, count: AGENTS + 2, label: "two" });
    const agents: Agent[] = userIds.slice(0, AGENTS).map((userId, index) => ({ index, userId, email: `bench.two.${index + 1}@bench.example`, client: `10.1.0.${index + 1}`, cookie: "" }));
    const victim = agents[0];
    if (!victim) throw new Error("no agents");
    const sprayed = [`bench.two.${AGENTS + 1}@bench.example`, `bench.two.${AGENTS + 2}@bench.example`];

    // ── sign-ins at both instances at once, with an attack on one account and a spray across many
    // (each sprayed address tried once, so only the per-client limit applies) ──
    const attacker = "203.0.113.5";
    const sprayer = "203.0.113.6";
    const attempts = THROTTLE.perAccountAndClient + 7;
    const sprays = THROTTLE.perClient + 10;
    const [signIns, attack, spray] = await Promise.all([
      Promise.all(agents.map((agent) => signIn(at(agent.index), { email: agent.email, password: DEMO_PASSWORD, client: agent.client }))),
      Promise.all(Array.from({ length: attempts }, (_, i) => signIn(at(i), { email: victim.email, password: `wrong-password-${i}`, client: attacker }))),
      Promise.all(Array.from({ length: sprays }, (_, i) => signIn(at(i), { email: sprayed[i] ?? `nobody.${i}@bench.example`, password: `wrong-password-${i}`, client: sprayer }))),
    ]);
    for (const [i, reply] of signIns.entries()) {
      expect(reply.status, `agent ${i} signs in`).toBe(302);
      const agent = agents[i];
      if (agent) agent.cookie = (reply.setCookie ?? "").split(";")[0] ?? "";
    }
    const tally = (replies: Reply[]) => replies.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {});
    // Whichever instance answered, the limit is reached exactly: the count lives in the database.
    expect(tally(attack)).toEqual({ 401: THROTTLE.perAccountAndClient, 429: attempts - THROTTLE.perAccountAndClient });
    expect(tally(spray)).toEqual({ 401: THROTTLE.perClient, 429: sprays - THROTTLE.perClient });
    // The attacker is locked out of the account at both instances, even with the right password; its owner is not.
    for (const server of instances) {
      expect((await signIn(server, { email: victim.email, password: DEMO_PASSWORD, client: attacker })).status).toBe(429);
      expect((await signIn(server, { email: victim.email, password: DEMO_PASSWORD, client: victim.client })).status).toBe(302);
      expect((await signIn(server, { email: sprayed[0] ?? "", password: DEMO_PASSWORD, client: sprayer })).status).toBe(429);
    }

    // ── submissions at both instances: serve at one, answer at the other (sessions are shared) ──
    const drills = new Map<number, Promise<Drill>>();
    const drillOf = (revisionId: number) => {
      let drill = drills.get(revisionId);
      if (!drill) {
        drill = loadRevision({ db, revisionId }).then((revision) => {
          if (!revision) throw new Error(`no revision ${revisionId}`);
          return revision.drill;
        });
        drills.set(revisionId, drill);
      }
      return drill;
    };
    let answered = 0;
    /** Serves the agent a drill at `server` and reads it at `reader`; the form its answer posts (a fresh client id). */
    const serveAndRead = async (agent: Agent, server: AppServer, reader: AppServer) => {
      const served = await request(server, "/practice", { form: new URLSearchParams(), agent });
      expect(served.status, `serve at ${server.base}`).toBe(302);
      const servedId = Number(/^\/play\/(\d+)$/.exec(served.location)?.[1]);
      expect(servedId, served.location).toBeGreaterThan(0);
      const page = await request(reader, `/play/${servedId}`, { agent });
      expect(page.status).toBe(200);
      const revisionId = Number(/name="revisionId" value="(\d+)"/.exec(page.body)?.[1]);
      const n = answered++;
      return { servedId, form: new URLSearchParams(formBody({ revisionId, answer: answerFor(await drillOf(revisionId), n), n })) };
    };
    const withClientId = (form: URLSearchParams, clientId: string) => {
      const copy = new URLSearchParams(form);
      copy.set("clientId", clientId);
      return copy;
    };
    const attemptIdOf = (reply: Reply) => Number(/^\/attempts\/(\d+)$/.exec(reply.location)?.[1] ?? NaN);
    const submitted: { servedId: number; attemptId: number; clientIds: string[] }[] = [];

    await Promise.all(
      agents.map(async (agent) => {
        for (let round = 0; round < ROUNDS; round++) {
          const server = at(agent.index + round);
          const { servedId, form } = await serveAndRead(agent, server, other(server));
          const path = `/play/${servedId}`;
          const clientId = form.get("clientId") ?? "";
          const kind = (agent.index + round) % 3;
          if (kind === 0) {
            // A double submit, one copy to each instance: one attempt, both sent to it.
            const replies = await Promise.all(instances.map((s) => request(s, path, { form, agent })));
            for (const reply of replies) expect(reply.status, reply.body.slice(0, 300)).toBe(302);
            expect(attemptIdOf(replies[0] as Reply)).toBe(attemptIdOf(replies[1] as Reply));
            submitted.push({ servedId, attemptId: attemptIdOf(replies[0] as Reply), clientIds: [clientId] });
          } else if (kind === 1) {
            // Two different client ids for one served drill (two tabs), one at each instance: one
            // is recorded; the other is refused and, the drill being answered, sent to that attempt.
            const rival = withClientId(form, crypto.randomUUID());
            const replies = await Promise.all([request(a, path, { form, agent }), request(b, path, { form: rival, agent })]);
            for (const reply of replies) expect(reply.status, reply.body.slice(0, 300)).toBe(302);
            expect(attemptIdOf(replies[0] as Reply)).toBe(attemptIdOf(replies[1] as Reply));
            submitted.push({ servedId, attemptId: attemptIdOf(replies[0] as Reply), clientIds: [clientId, rival.get("clientId") ?? ""] });
          } else {
            const reply = await request(other(server), path, { form, agent });
            expect(reply.status, reply.body.slice(0, 300)).toBe(302);
            submitted.push({ servedId, attemptId: attemptIdOf(reply), clientIds: [clientId] });
          }
        }
      }),
    );

    const afterConcurrency = await checkIntegrity({ db, userIds });
    expect(afterConcurrency.problems).toEqual([]);
    expect(afterConcurrency.attempts).toBe(AGENTS * ROUNDS);
    expect(afterConcurrency.open).toBe(0);
    expect(new Set(submitted.map((s) => s.attemptId)).size).toBe(AGENTS * ROUNDS);
    for (const { servedId, attemptId, clientIds } of submitted) {
      const stored = await attemptFor({ db, servedId });
      expect(stored?.id, `served drill ${servedId}`).toBe(attemptId);
      expect(clientIds).toContain(stored?.clientId);
    }

    // ── a burst at both instances; A is killed with SIGKILL in the middle of it ──
    let killed = false;
    let answeredByA = 0;
    let roundsByB = 0;
    let answeredByBAfterKill = 0;
    const bFailures: string[] = [];
    const cutOff: { agent: Agent; servedId: number; form: URLSearchParams }[] = [];
    let killing: Promise<void> | undefined;
    const burstA = async (agent: Agent) => {
      for (;;) {
        let drill: { servedId: number; form: URLSearchParams };
        try {
          drill = await serveAndRead(agent, a, a);
        } catch (error) {
          if (killed) return; // Cut off before the answer: the served drill stays open.
          throw error;
        }
        let reply: Reply & { body: string };
        try {
          reply = await request(a, `/play/${drill.servedId}`, { form: drill.form, agent });
        } catch (error) {
          if (!killed) throw error;
          cutOff.push({ agent, ...drill });
          return;
        }
        expect(reply.status, reply.body.slice(0, 300)).toBe(302);
        answeredByA += 1;
        if (answeredByA === KILL_AFTER) {
          killed = true;
          killing = a.kill("SIGKILL");
        }
      }
    };
    const burstB = async (agent: Agent) => {
      for (let afterKill = 0, round = 0; afterKill < ROUNDS_AFTER_KILL && round < 40; round++) {
        const wasKilled = killed;
        try {
          const drill = await serveAndRead(agent, b, b);
          const reply = await request(b, `/play/${drill.servedId}`, { form: drill.form, agent });
          if (reply.status !== 302) bFailures.push(`HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
        } catch (error) {
          bFailures.push(String(error));
        }
        roundsByB += 1;
        if (wasKilled) {
          afterKill += 1;
          answeredByBAfterKill += 1;
        }
      }
    };
    await Promise.all(agents.map((agent) => (agent.index % 2 === 0 ? burstA(agent) : burstB(agent))));
    await killing;
    expect(killed, "instance A was killed during the burst").toBe(true);
    expect(a.exited()).toBe(true);
    // The survivor served every request, during the kill and after it.
    expect(bFailures).toEqual([]);
    expect(answeredByBAfterKill).toBe((AGENTS / 2) * ROUNDS_AFTER_KILL);
    expect((await request(b, "/healthz")).status).toBe(200);

    // Nothing half-written by the killed instance's cut-off transactions.
    const afterKill = await checkIntegrity({ db, userIds });
    expect(afterKill.problems).toEqual([]);

    // A's agents carry on at B with the same sessions: a cut-off answer posted again (same client
    // id) is recorded once, whether or not A had committed it.
    let committedBeforeKill = 0;
    for (const { agent, servedId, form } of cutOff) {
      const before = await attemptFor({ db, servedId });
      if (before) committedBeforeKill += 1;
      const reply = await request(b, `/play/${servedId}`, { form, agent });
      expect(reply.status, reply.body.slice(0, 300)).toBe(302);
      if (before) expect(attemptIdOf(reply)).toBe(before.id);
    }
    for (const agent of agents.filter((x) => x.index % 2 === 0)) {
      const { servedId, form } = await serveAndRead(agent, b, b);
      expect((await request(b, `/play/${servedId}`, { form, agent })).status).toBe(302);
    }
    const final = await checkIntegrity({ db, userIds });
    expect(final.problems).toEqual([]);
    expect(final.open).toBe(0);
    test.info().annotations.push({
      type: "two instances",
      description: `${afterConcurrency.attempts} attempts at both; burst: A answered ${answeredByA} before SIGKILL, ${cutOff.length} answers cut off (${committedBeforeKill} had committed), B ${roundsByB} rounds (${answeredByBAfterKill} after the kill), 0 failures; ${final.attempts} attempts, ${final.counted} counted, in the end`,
    });
    console.log(`two instances: ${test.info().annotations.at(-1)?.description}`);
  });
});
