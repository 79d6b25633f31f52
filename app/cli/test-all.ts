import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { z } from "zod";
import { createDatabase, startPostgres, type PostgresServer } from "./postgres-server";
import { ensureSystemPackages } from "./system-packages";

/**
 * `npm test`: type-check, unit and database tests on PGlite, the database
 * tests again on a real PostgreSQL, then the Chromium end-to-end tests
 * against the built app. Prints one closing line with the totals.
 */

const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  testResults: z.array(
    z.object({
      name: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(z.object({ fullName: z.string(), status: z.string(), failureMessages: z.array(z.string()).nullish() })),
    }),
  ),
});
type PlaywrightSuite = { title: string; specs?: { title: string; file: string; line: number; tests: { results: { status: string; error?: { message?: string } }[] }[]; ok: boolean }[]; suites?: PlaywrightSuite[] };
const PlaywrightSuiteSchema: z.ZodType<PlaywrightSuite> = z.lazy(() =>
  z.object({
    title: z.string(),
    specs: z.array(z.object({ title: z.string(), file: z.string(), line: z.number(), ok: z.boolean(), tests: z.array(z.object({ results: z.array(z.object({ status: z.string(), error: z.object({ message: z.string().optional() }).optional() })) })) })).optional(),
    suites: z.array(PlaywrightSuiteSchema).optional(),
  }),
);
const PlaywrightReport = z.object({ stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number() }), suites: z.array(PlaywrightSuiteSchema) });

const totals = { passed: 0, failed: 0 };
const failedSteps: string[] = [];
/** Each failed test with the start of its message, printed again last: CI keeps only the tail of the output. */
const failures: string[] = [];

function firstLines(message: string | undefined) {
  // Colour codes make the log hard to read where it is kept as text.
  const plain = (message ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  return plain.split("\n").filter((line) => line.trim() !== "").slice(0, 4).map((line) => `      ${line.slice(0, 300)}`).join("\n");
}

function step(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

function countVitest(file: string, suite: string) {
  if (!existsSync(file)) return;
  const report = VitestReport.parse(JSON.parse(readFileSync(file, "utf8")));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  for (const result of report.testResults) {
    if (result.message) failures.push(`  [${suite}] ${result.name}\n${firstLines(result.message)}`);
    for (const test of result.assertionResults.filter((t) => t.status === "failed")) {
      failures.push(`  [${suite}] ${result.name.replace(`${process.cwd()}/`, "")} › ${test.fullName}\n${firstLines(test.failureMessages?.[0])}`);
    }
  }
}

function countPlaywright(file: string, suite: string) {
  if (!existsSync(file)) return;
  const { stats, suites } = PlaywrightReport.parse(JSON.parse(readFileSync(file, "utf8")));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  const walk = (node: PlaywrightSuite) => {
    for (const spec of node.specs ?? []) {
      if (spec.ok) continue;
      const error = spec.tests.flatMap((t) => t.results).find((r) => r.status !== "passed")?.error?.message;
      failures.push(`  [${suite}] ${spec.file}:${spec.line} › ${spec.title}\n${firstLines(error)}`);
    }
    node.suites?.forEach(walk);
  };
  suites.forEach(walk);
}

ensureSystemPackages();
rmSync("test-results", { recursive: true, force: true });
mkdirSync("test-results", { recursive: true });

step("type-check", "npx", ["tsc", "--noEmit"]);

step("unit and database tests (PGlite)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest-pglite.json"]);
countVitest("test-results/vitest-pglite.json", "PGlite");

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
  countVitest("test-results/vitest-postgres.json", "PostgreSQL");
  if (failedSteps.includes("database tests (PostgreSQL)") && postgres) console.log(`\nThe PostgreSQL server's log, last lines:\n${postgres.logTail(40)}`);

  if (step("build", "npx", ["remix", "vite:build"])) {
    step("end-to-end tests (Chromium, embedded database)", "npx", ["playwright", "test"]);
    countPlaywright("test-results/playwright.json", "e2e embedded");
    const e2eDatabase = await createDatabase(url, "redline_e2e");
    try {
      step("end-to-end tests (Chromium, PostgreSQL)", "npx", ["playwright", "test"], { E2E_DATABASE_URL: e2eDatabase.url });
      countPlaywright("test-results/playwright-postgres.json", "e2e PostgreSQL");
    } finally {
      await e2eDatabase.drop();
    }
  }
} finally {
  postgres?.stop();
}

if (failures.length > 0) console.log(`\nFailed tests (${failures.length}):\n${failures.slice(0, 25).join("\n")}`);
if (failedSteps.length > 0) console.log(`\nDisk space where the test databases live:\n${spawnSync("df", ["-h", tmpdir(), process.cwd()], { encoding: "utf8" }).stdout}`);
console.log(failedSteps.length > 0 ? `\nFailed steps: ${failedSteps.join(", ")}` : "\nAll steps passed.");
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = failedSteps.length > 0 || totals.failed > 0 ? 1 : 0;
