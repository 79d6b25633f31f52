import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { openPglite } from "~/db/client.server";
import { checkLibrary } from "~/app/content/library.server";
import { formatSyncSummary, syncLibrary } from "~/app/content/sync.server";

/**
 * `npm run bench:content -- [--drills 10000] [--json]`: how validation and
 * sync scale. Copies the starter drills under new ids until the library has
 * N drills, then times bare YAML parsing (the floor), the full check, a first
 * sync into an in-memory PGlite, and a sync that changes nothing.
 */
const { values } = parseArgs({ options: { drills: { type: "string", default: "10000" }, json: { type: "boolean", default: false } } });
const target = Number(values.drills);

const dir = mkdtempSync(path.join(tmpdir(), "redline-bench-"));
const directories = { policiesDir: path.join(dir, "policies"), drillsDir: path.join(dir, "drills") };
cpSync("policies", directories.policiesDir, { recursive: true });
mkdirSync(directories.drillsDir);

const starters = readdirSync("drills", { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readFileSync(path.join("drills", f), "utf8"));
for (let i = 0; i < target; i++) {
  const text = starters[i % starters.length] ?? "";
  const copy = text.replace(/^id: (.+)$/m, (_, id: string) => `id: ${id}-copy-${i}`);
  const folder = path.join(directories.drillsDir, String(Math.floor(i / 500)));
  if (i % 500 === 0) mkdirSync(folder);
  writeFileSync(path.join(folder, `drill-${i}.yaml`), copy);
}

async function time<T>(work: () => Promise<T> | T) {
  const started = performance.now();
  const result = await work();
  return { ms: Math.round(performance.now() - started), result };
}

try {
  const files = readdirSync(directories.drillsDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"));
  const parseOnly = await time(() => files.forEach((f) => parse(readFileSync(path.join(directories.drillsDir, f), "utf8"))));
  const check = await time(() => checkLibrary(directories));
  if (check.result.errors.length > 0) throw new Error(`the generated library has ${check.result.errors.length} errors`);
  const connection = await openPglite();
  await connection.migrate();
  const firstSync = await time(() => syncLibrary({ db: connection.db, directories }));
  const noopSync = await time(() => syncLibrary({ db: connection.db, directories }));
  await connection.close();
  const report = {
    drills: target,
    parseYamlMs: parseOnly.ms,
    checkMs: check.ms,
    checkToParseRatio: Number((check.ms / Math.max(1, parseOnly.ms)).toFixed(2)),
    firstSyncMs: firstSync.ms,
    unchangedSyncMs: noopSync.ms,
    unchangedSync: noopSync.result.ok ? formatSyncSummary(noopSync.result.summary) : "failed",
  };
  console.log(values.json ? JSON.stringify(report) : report);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
