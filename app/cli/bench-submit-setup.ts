import { inArray } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { users } from "~/db/schema";
import { DEMO_PASSWORD, DEMO_USERS } from "~/db/seed";
import { hashPassword } from "~/app/auth/password.server";
import type { Drill } from "~/app/content/drill";
import { loadRevision } from "~/app/drills/drills.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { answerFor, formBody, seededRandom } from "./bench-submit-answers";

export type Submission = { servedId: number; body: string };
export type Agent = { email: string; userId: number; teamId: number; cookie: string; queue: Submission[] };

// ── seeding: agents, served drills, sessions ──

export async function seedAgents(database: Database, agentCount: number): Promise<Agent[]> {
  const demoEmails = DEMO_USERS.filter((u) => u.role === "agent").map((u) => u.email);
  const demo = await database.db.select({ id: users.id, email: users.email, teamId: users.teamId }).from(users).where(inArray(users.email, demoEmails));
  if (demo.length !== demoEmails.length) throw new Error(`expected ${demoEmails.length} demo agents, found ${demo.length}: did the app seed the demo organisation?`);
  demo.sort((a, b) => demoEmails.indexOf(a.email) - demoEmails.indexOf(b.email));
  const chosen = demo.slice(0, agentCount).map((u) => ({ email: u.email, userId: u.id, teamId: u.teamId, cookie: "", queue: [] as Submission[] }));
  if (chosen.length < agentCount) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const team = await makeTeam(database.db, { name: "Bench agents" });
    for (let i = chosen.length; i < agentCount; i++) {
      const email = `bench.agent${i + 1}@bench.example`;
      const user = await makeUser(database.db, { teamId: team.id, passwordHash, email, name: `Bench Agent ${i + 1}` });
      chosen.push({ email, userId: user.id, teamId: team.id, cookie: "", queue: [] });
    }
  }
  return chosen;
}

/** Serves every agent the drills it will submit, through the app's own serveNextDrill. */
export async function preServe({ database, agents, perConnection, connections, remainingMs }: { database: Database; agents: Agent[]; perConnection: number; connections: number; remainingMs: () => number }) {
  const connectionsOf = (index: number) => Array.from({ length: connections }, (_, i) => i).filter((i) => i % agents.length === index).length;
  const drills = new Map<number, Promise<Drill>>();
  const drillFor = (revisionId: number) => {
    let drill = drills.get(revisionId);
    if (!drill) {
      drill = loadRevision({ db: database.db, revisionId }).then((r) => {
        if (!r) throw new Error(`revision ${revisionId} vanished`);
        return r.drill;
      });
      drills.set(revisionId, drill);
    }
    return drill;
  };
  let served = 0;
  await Promise.all(
    agents.map(async (agent, index) => {
      const random = seededRandom(1000 + index);
      const wanted = perConnection * connectionsOf(index);
      for (let n = 0; n < wanted; n++) {
        if (remainingMs() < 0) throw new Error("ran out of time while serving drills");
        const row = await serveNextDrill({ db: database.db, userId: agent.userId, teamId: agent.teamId, random });
        if (!row) throw new Error(`nothing to serve to ${agent.email}: is the drill library imported?`);
        const drill = await drillFor(row.revisionId);
        agent.queue.push({ servedId: row.id, body: formBody({ revisionId: row.revisionId, answer: answerFor(drill, n + index), n }) });
        served += 1;
      }
    }),
  );
  return served;
}

export async function signIn(base: string, agent: Agent) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: agent.email, password: DEMO_PASSWORD }).toString(),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("redline_session=") && c.length > "redline_session=".length);
  if (response.status !== 302 || !cookie) throw new Error(`signing in ${agent.email} failed: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  agent.cookie = cookie;
}

