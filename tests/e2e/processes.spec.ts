import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { SERVER_ENTRY } from "~/app/cli/app-server";

/** Process-level behaviour: the admin CLI and a clean shutdown of the server. */

function tempDataDir() {
  return mkdtempSync(path.join(tmpdir(), "redline-proc-"));
}

function cliEnv(dataDir: string, extra: Record<string, string> = {}) {
  return { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "production" as const, SESSION_SECRET: "a-test-secret-of-32-characters!!", LOG_LEVEL: "silent", ...extra };
}

function userCreate(dataDir: string, args: string[], stdin: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "app/cli/user-create.ts", ...args], { input: stdin, env: cliEnv(dataDir), encoding: "utf8" });
}

test("user:create makes the first production admin from a password on stdin, and refuses bad input", async () => {
  const dataDir = tempDataDir();
  try {
    const ok = userCreate(dataDir, ["--email", "First.Admin@Example.com", "--role", "admin"], "a-strong-password\n");
    expect(ok.stderr).not.toMatch(/Error/);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("Created admin first.admin@example.com");
    expect(ok.stdout).not.toContain("a-strong-password");

    const duplicate = userCreate(dataDir, ["--email", "first.admin@example.com", "--role", "admin"], "another-strong-password\n");
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain("--email: first.admin@example.com already has an account.");

    const shortPassword = userCreate(dataDir, ["--email", "b@example.com", "--role", "agent"], "short\n");
    expect(shortPassword.status).toBe(2);
    expect(shortPassword.stderr).toContain("password: Use at least 10 characters.");

    for (const weak of ["1234567890", "aaaaaaaaaa", "          "]) {
      const refused = userCreate(dataDir, ["--email", "w@example.com", "--role", "agent"], `${weak}\n`);
      expect(refused.status, JSON.stringify(weak)).toBe(1);
      expect(refused.stderr).toContain("password: Choose a harder password");
    }

    const badRole = userCreate(dataDir, ["--email", "c@example.com", "--role", "boss"], "a-strong-password\n");
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain("--role: Choose a role.");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the server stops cleanly on SIGTERM with PGlite open, and production seeds no demo accounts", async () => {
  test.setTimeout(90_000);
  const dataDir = tempDataDir();
  const port = 3290 + Math.floor(Math.random() * 100);
  const server = spawn(process.execPath, [SERVER_ENTRY], { env: cliEnv(dataDir, { PORT: String(port), LOG_LEVEL: "info" }) });
  let output = "";
  server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await expect.poll(() => output, { timeout: 60_000 }).toContain(`Redline is running at http://127.0.0.1:${port}`);
    expect(output).not.toContain("demo");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true, db: "pglite" });
    // Logs are JSON lines; none carries a cookie or a password.
    const signIn = await fetch(`http://127.0.0.1:${port}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: "nobody@example.com", password: "secret-password-123" }),
      headers: { Cookie: "redline_session=abc", Origin: `http://127.0.0.1:${port}` },
      redirect: "manual",
    });
    expect(signIn.status).toBe(401);

    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000))]);
    expect(code).toBe(0);
    expect(output).toContain('"msg":"shutting down"');
    expect(output).not.toContain("secret-password-123");
    expect(output).not.toContain("redline_session");
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
