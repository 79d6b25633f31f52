import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { z } from "zod";
import { createDatabase, startPostgres, type PostgresServer } from "./postgres-server";
import { ensureSystemPackages } from "./system-packages";

/**
 * `npm test`: type-check, unit and database tests on PGlite, the database
 * tests again on a real PostgreSQL, then the Chromium end-to-end tests
 * against the built app. Prints one closing line with the totals.
 */

const VitestReport = z.object({ numPassedTests: z.number(), numFailedTests: z.number() });
const PlaywrightReport = z.object({ stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number() }) });

const totals = { passed: 0, failed: 0 };
const failedSteps: string[] = [];

function step(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

function countVitest(file: string) {
  if (!existsSync(file)) return;
  const report = VitestReport.parse(JSON.parse(readFileSync(file, "utf8")));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
}

function countPlaywright(file: string) {
  if (!existsSync(file)) return;
  const { stats } = PlaywrightReport.parse(JSON.parse(readFileSync(file, "utf8")));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
}

ensureSystemPackages();
rmSync("test-results", { recursive: true, force: true });
mkdirSync("test-results", { recursive: true });

step("type-check", "npx", ["tsc", "--noEmit"]);

step("unit and database tests (PGlite)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest-pglite.json"]);
countVitest("test-results/vitest-pglite.json");

let postgres: PostgresServer | undefined;
try {
  const url = process.env.DATABASE_URL || (postgres = await startPostgres()).url;
  console.log(`\nReal PostgreSQL for the database suite: ${url.replace(/:[^:@/]*@/, ":***@")}`);
  step(
    "database tests (PostgreSQL)",
    "npx",
    ["vitest", "run", "tests/db", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest-postgres.json"],
    { TEST_DATABASE_URL: url },
  );
  countVitest("test-results/vitest-postgres.json");

  if (step("build", "npx", ["remix", "vite:build"])) {
    step("end-to-end tests (Chromium, embedded database)", "npx", ["playwright", "test"]);
    countPlaywright("test-results/playwright.json");
    const e2eDatabase = await createDatabase(url, "redline_e2e");
    try {
      step("end-to-end tests (Chromium, PostgreSQL)", "npx", ["playwright", "test"], { E2E_DATABASE_URL: e2eDatabase.url });
      countPlaywright("test-results/playwright-postgres.json");
    } finally {
      await e2eDatabase.drop();
    }
  }
} finally {
  postgres?.stop();
}

console.log(failedSteps.length > 0 ? `\nFailed steps: ${failedSteps.join(", ")}` : "\nAll steps passed.");
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = failedSteps.length > 0 || totals.failed > 0 ? 1 : 0;
