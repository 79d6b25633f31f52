import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// A fresh embedded database per run: the start command migrates and seeds it. With
// E2E_DATABASE_URL (an empty PostgreSQL database, as `npm test` makes one) the same suite runs on
// PostgreSQL, the demo organisation seeded with --demo.
// Decided once in the runner and inherited by its workers and the teardown, which removes it.
process.env.E2E_DATA_DIR ??= path.join(tmpdir(), `redline-e2e-${process.pid}`);
const dataDir = process.env.E2E_DATA_DIR;
const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
const run = databaseUrl ? "playwright-postgres" : "playwright";

export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  outputDir: `test-results/${run}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: `test-results/${run}.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: databaseUrl ? "node build/cli/start.js --demo" : `rm -rf ${dataDir} && node build/cli/start.js`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
  },
});
