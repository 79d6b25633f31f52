import { afterEach, expect, it } from "vitest";
import type { Connection } from "~/db/client.server";
import { loader } from "~/app/routes/healthz";

function fakeDatabase(ping: () => Promise<void>): Connection {
  return { kind: "postgres", ping, migrate: async () => {}, close: async () => {}, db: undefined as never };
}

afterEach(() => {
  globalThis.__redlineConnection = undefined;
});

it("answers 200 with the database kind when the database answers", async () => {
  globalThis.__redlineConnection = Promise.resolve(fakeDatabase(async () => {}));
  const response = await loader();
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, db: "postgres" });
});

it("answers 503 when the database is unreachable", async () => {
  globalThis.__redlineConnection = Promise.resolve(
    fakeDatabase(async () => {
      throw new Error("connect ECONNREFUSED");
    }),
  );
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ ok: false, db: "postgres" });
});
