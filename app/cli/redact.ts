import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DETECTOR_LABELS, isDetectorId, type DetectorId } from "~/app/content/detectors";
import { parsePolicy } from "~/app/content/policy";
import { decodeInput } from "~/app/near-miss/decode-input";
import { redact, redactionRules } from "~/app/near-miss/redaction";

const USAGE = `Usage: npm run --silent redact [-- --policies <dir>] < file.txt

Redacts a text exactly as the near-miss channel does before storing a report: the restricted
categories the policies in <dir> (default: policies) declare, plus email addresses and phone
numbers. Prints the redacted text on standard output and the count per category on standard
error; exits with status 1 when the input is not readable text (binary, or not UTF-8).`;

function fail(message: string, status = 1): never {
  process.stderr.write(`redact: ${message}\n`);
  process.exit(status);
}

function options() {
  try {
    return parseArgs({ options: { policies: { type: "string", default: "policies" }, help: { type: "boolean", short: "h", default: false } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, 2);
  }
}

/** The categories the policy sources declare restricted, with their labels. */
async function declaredCategories(policiesDir: string): Promise<Map<DetectorId, string>> {
  const declared = new Map<DetectorId, string>();
  let files: string[];
  try {
    files = (await readdir(policiesDir)).filter((file) => file.endsWith(".md") && file.toLowerCase() !== "readme.md").sort();
  } catch {
    return fail(`cannot read the policies directory ${policiesDir}`, 2);
  }
  for (const file of files) {
    const parsed = parsePolicy(await readFile(path.join(policiesDir, file), "utf8"), path.join(policiesDir, file));
    for (const category of parsed.policy?.restricted ?? []) if (isDetectorId(category.detector)) declared.set(category.detector, category.label);
  }
  return declared;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

const values = options();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  const declared = await declaredCategories(values.policies);
  const decoded = decodeInput(await readStdin());
  if (!decoded.ok) fail(decoded.message);
  const rules = redactionRules([...declared.keys()]);
  const result = redact(decoded.text, rules);
  process.stdout.write(result.text);
  for (const id of rules.detectors) {
    process.stderr.write(`${id}\t${result.counts[id] ?? 0}\t${declared.get(id) ?? DETECTOR_LABELS[id]}\n`);
  }
}
