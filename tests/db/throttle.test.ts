import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPostgres, type Connection } from "~/db/client.server";
import { makeTeam, makeUser } from "~/db/factories";
import { hashPassword } from "~/app/auth/password.server";
import { signIn } from "~/app/auth/sign-in.server";
import { THROTTLE } from "~/app/auth/throttle.server";
import { createTestDatabase, resetDatabase } from "./test-database";

let connection: Connection & { url?: string };
let passwordHash: string;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  connection = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => connection.close());
beforeEach(() => resetDatabase(connection));

async function accounts(count: number) {
  const team = await makeTeam(connection.db);
  return Promise.all(Array.from({ length: count }, (_, i) => makeUser(connection.db, { teamId: team.id, passwordHash, email: `user${i}@example.test` })));
}

describe("sign-in throttling", () => {
  it("throttles an account only from the client that failed: the user elsewhere still signs in", async () => {
    const [victim] = await accounts(1);
    if (!victim) throw new Error("no account");
    for (let i = 0; i < THROTTLE.perAccountAndClient; i++) {
      expect(await signIn({ db: connection.db, email: victim.email, password: "wrong-guess", client: "203.0.113.9" })).toMatchObject({ ok: false, reason: "invalid" });
    }
    expect(await signIn({ db: connection.db, email: victim.email, password: PASSWORD, client: "203.0.113.9" })).toMatchObject({ ok: false, reason: "throttled", scope: "account" });
    expect(await signIn({ db: connection.db, email: victim.email, password: PASSWORD, client: "198.51.100.4" })).toMatchObject({ ok: true });
  });

  it("slows spraying: one client failing across many accounts is throttled for every account", async () => {
    const users = await accounts(THROTTLE.perClient + 2);
    for (const user of users.slice(0, THROTTLE.perClient)) {
      expect(await signIn({ db: connection.db, email: user.email, password: "Summer2026!", client: "203.0.113.9" })).toMatchObject({ reason: "invalid" });
    }
    const next = users[THROTTLE.perClient];
    if (!next) throw new Error("no account");
    const sprayed = await signIn({ db: connection.db, email: next.email, password: PASSWORD, client: "203.0.113.9" });
    expect(sprayed).toMatchObject({ ok: false, reason: "throttled", scope: "client" });
    if (sprayed.ok || sprayed.reason !== "throttled") return;
    expect(sprayed.retryAfterSeconds).toBeGreaterThan(0);
    expect(sprayed.retryAfterSeconds).toBeLessThanOrEqual(THROTTLE.windowMs / 1000);
    expect(await signIn({ db: connection.db, email: next.email, password: PASSWORD, client: "192.0.2.1" })).toMatchObject({ ok: true });
  });

  it("lets exactly the limit of concurrent wrong passwords through, also from two app instances", async () => {
    const [target] = await accounts(1);
    if (!target) throw new Error("no account");
    const second = connection.url ? openPostgres(connection.url, { max: 10 }) : connection;
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => signIn({ db: (i % 2 === 0 ? connection : second).db, email: target.email, password: `wrong-${i}`, client: "203.0.113.9" })),
      );
      expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(THROTTLE.perAccountAndClient);
      expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(40 - THROTTLE.perAccountAndClient);
    } finally {
      if (second !== connection) await second.close();
    }
  });

  it("forgives a client's failures once the right password comes", async () => {
    const [user] = await accounts(1);
    if (!user) throw new Error("no account");
    for (let i = 0; i < THROTTLE.perAccountAndClient - 1; i++) await signIn({ db: connection.db, email: user.email, password: "nope-nope", client: "203.0.113.9" });
    expect(await signIn({ db: connection.db, email: user.email, password: PASSWORD, client: "203.0.113.9" })).toMatchObject({ ok: true });
    for (let i = 0; i < THROTTLE.perAccountAndClient - 1; i++) await signIn({ db: connection.db, email: user.email, password: "nope-nope", client: "203.0.113.9" });
    expect(await signIn({ db: connection.db, email: user.email, password: PASSWORD, client: "203.0.113.9" })).toMatchObject({ ok: true });
  });
});
