import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDrillFile } from "./drill";
import { compareContentErrors, type ContentError } from "./errors";
import { parsePolicy } from "./policy";
import { validateLibrary, type Library, type LibraryDrill, type LibraryPolicy } from "./validate";

export type { Library, LibraryDrill, LibraryPolicy };
/** A policy file as read: its Markdown is stored with it (the studio compares versions with it). */
export type LoadedPolicy = LibraryPolicy & { source: string };
/** `warnings` never stop a sync; content:check prints them. */
export type LoadedLibrary = Omit<Library, "policies"> & { policies: LoadedPolicy[]; errors: ContentError[]; warnings: ContentError[] };
export type LibraryDirectories = { policiesDir: string; drillsDir: string };

/** Files read at once; a library of thousands of drills must not exhaust file descriptors. */
const READ_CONCURRENCY = 32;

/**
 * Reads and parses every policy (`*.md`, README.md excepted) and drill (`**\/*.yaml`), in path
 * order, collecting the errors of every file. Paths are reported relative to the working directory
 * as the directories were given.
 */
export async function loadLibrary({ policiesDir, drillsDir }: LibraryDirectories): Promise<LoadedLibrary> {
  const errors: ContentError[] = [];
  const warnings: ContentError[] = [];
  const policyFiles = (await listFiles(policiesDir, false, errors)).filter(
    (file) => file.endsWith(".md") && path.basename(file).toLowerCase() !== "readme.md",
  );
  const drillCandidates = await listFiles(drillsDir, true, errors);
  for (const file of drillCandidates.filter((candidate) => candidate.endsWith(".yml"))) {
    errors.push({ file, line: 0, column: 0, message: "drill files use the .yaml extension; rename it to be checked" });
  }
  const drillFiles = drillCandidates.filter((file) => file.endsWith(".yaml"));

  const policies: LoadedPolicy[] = [];
  for (const { file, text } of await readAll(policyFiles)) {
    const parsed = parsePolicy(text, file);
    errors.push(...parsed.errors);
    warnings.push(...(parsed.warnings ?? []));
    if (parsed.policy && parsed.locations) {
      policies.push({ file, hash: sha256(text), source: text, policy: parsed.policy, locations: parsed.locations });
    }
  }
  const drills: LibraryDrill[] = [];
  for (const { file, text } of await readAll(drillFiles)) {
    const parsed = parseDrillFile(text, file);
    errors.push(...parsed.errors);
    warnings.push(...(parsed.warnings ?? []));
    if (parsed.drill && parsed.locations) {
      drills.push({ file, hash: sha256(text), drill: parsed.drill, locations: parsed.locations });
    }
  }
  return { policies, drills, errors, warnings };
}

/**
 * Loads and validates the library: every error of every file, sorted by file and position.
 * `studioPolicies` (a sync has them from the database) are validated with the files, so a drill may
 * cite them; a policy file with a studio policy's id stands in for it.
 */
export async function checkLibrary(directories: LibraryDirectories, studioPolicies: readonly LibraryPolicy[] = []): Promise<LoadedLibrary> {
  const library = await loadLibrary(directories);
  const fileIds = new Set(library.policies.map((entry) => entry.policy.id));
  const policies = [...library.policies, ...studioPolicies.filter((entry) => !fileIds.has(entry.policy.id))];
  const errors = [...library.errors, ...validateLibrary({ policies, drills: library.drills })].sort(compareContentErrors);
  return { ...library, errors };
}

/** A source's content hash: a sync skips a file whose hash is stored, and a studio confirm checks it has not moved. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function listFiles(directory: string, recursive: boolean, errors: ContentError[]): Promise<string[]> {
  const files: string[] = [];
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(path.join(directory, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory() && recursive) await walk(child);
      else if (entry.isFile()) files.push(child);
    }
  }
  try {
    await walk("");
  } catch (error) {
    const reason = error instanceof Error && "code" in error && error.code === "ENOENT" ? "folder not found" : String(error);
    errors.push({ file: directory, line: 0, column: 0, message: reason });
    return [];
  }
  return files.sort().map((file) => toDisplayPath(path.join(directory, file)));
}

function toDisplayPath(file: string): string {
  return file.split(path.sep).join("/");
}

async function readAll(files: readonly string[]): Promise<{ file: string; text: string }[]> {
  const results: { file: string; text: string }[] = [];
  for (let index = 0; index < files.length; index += READ_CONCURRENCY) {
    const batch = files.slice(index, index + READ_CONCURRENCY);
    results.push(...(await Promise.all(batch.map(async (file) => ({ file, text: await readFile(file, "utf8") })))));
  }
  return results;
}
