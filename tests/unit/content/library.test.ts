import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { formatContentError } from "~/app/content/errors";
import { checkLibrary, loadLibrary } from "~/app/content/library.server";
import { libraryStats } from "~/app/content/validate";

const FIXTURES = "tests/fixtures/content";
const VALID = { policiesDir: `${FIXTURES}/valid/policies`, drillsDir: `${FIXTURES}/valid/drills` };
const BROKEN = { policiesDir: `${FIXTURES}/broken/policies`, drillsDir: `${FIXTURES}/broken/drills` };
const P = `${FIXTURES}/broken/policies`;
const D = `${FIXTURES}/broken/drills`;

/** Every broken fixture and exactly the errors it must produce, one file per rule. */
const BROKEN_FIXTURE_ERRORS: Record<string, string[]> = {
  // Drill shape (parseDrillFile)
  [`${D}/yaml-syntax.yaml`]: ["2:8: YAML syntax error: this quoted text is never closed"],
  [`${D}/unknown-key.yaml`]: [
    '10:1: unknown key "notes"; allowed keys: id, title, locale, skills, difficulty, channel, customer, draft, flaws, expected, escalation',
  ],
  [`${D}/bad-difficulty.yaml`]: ["6:1: difficulty must be a whole number from 1 to 5 (got 7)"],
  [`${D}/missing-field.yaml`]: ['1:1: missing required key "locale"'],
  [`${D}/unknown-flaw-type.yaml`]: [
    '11:5: unknown flaw type "halucination"; use one of: hallucination, missing_citation, fabricated_citation, restricted_data, tone',
  ],
  [`${D}/escalate-without-reason.yaml`]: ["15:1: expected: escalate needs an escalation: key saying why the agent must hand over"],
  [`${D}/legacy.yml`]: ["drill files use the .yaml extension; rename it to be checked"],
  // Quotes (parseDrillFile)
  [`${D}/quote-missing.yaml`]: [
    '13:5: quote "Our return window is 45 days [refunds.window]" does not occur in the draft exactly: it differs in spacing, line breaks or letter case; copy it from the draft',
  ],
  [`${D}/quote-ambiguous.yaml`]: [
    '12:5: quote "Our return window is 45 days" occurs 2 times in the draft; add occurrence: N (1 to 2) to say which',
  ],
  // Library rules (validateLibrary)
  [`${D}/unknown-citation.yaml`]: [
    "11:36: citation [refunds.windw] does not match any policy section (did you mean refunds.window?); fix it, or declare it with a fabricated_citation flaw whose quote covers it",
  ],
  [`${D}/restricted-flaw-undetected.yaml`]: [
    '12:5: restricted_data flaw: no restricted-data detector (payment_card, iban, us_ssn, jp_my_number, credential) recognises anything in quote "Visa card ending 4821"',
  ],
  [`${D}/undeclared-restricted.yaml`]: [
    '10:22: restricted data in the draft that no flaw declares: Payment card number "4111 1111 1111 1111"; add a restricted_data flaw quoting it',
  ],
  [`${D}/unresolved-policy.yaml`]: ['14:5: policy "refunds.windows" does not match any policy section anchor (did you mean refunds.window?)'],
  [`${D}/expected-send-on-flawed.yaml`]: [
    "15:1: expected: send contradicts the 1 flaw of this drill; a flawed draft expects rewrite or escalate",
  ],
  [`${D}/expected-rewrite-on-control.yaml`]: [
    "11:1: expected: rewrite contradicts a clean control (no flaws); a control expects send",
  ],
  [`${D}/duplicate-id-b.yaml`]: [`1:1: drill id "broken-duplicate-id" is already used by ${D}/duplicate-id-a.yaml:1:1`],
  // Policies (parsePolicy, validateLibrary)
  [`${P}/bad-front-matter.md`]: ["5:1: effective must be a date written YYYY-MM-DD, e.g. 2026-03-01"],
  [`${P}/unknown-detector.md`]: [
    '9:5: unknown detector "passport"; built-in detectors: payment_card, iban, us_ssn, jp_my_number, email, phone, credential',
  ],
  [`${P}/duplicate-anchor.md`]: ['12:35: anchor "warranty.coverage" is already used on line 9'],
  [`${P}/malformed-anchor.md`]: [
    '9:19: malformed anchor "{#Loyalty Earning}": use lowercase letters and digits joined by . _ or -, e.g. {#loyalty.section}',
  ],
  [`${P}/retired-refunds.md`]: [`2:1: policy id "refunds" is already used by ${P}/refunds.md:2:1`],
  [`${P}/shipping.md`]: [
    '12:18: anchor "refunds.window" must start with the policy id: "shipping."',
    `12:18: anchor "refunds.window" is already defined in ${P}/refunds.md:11:18`,
  ],
};

describe("loadLibrary", () => {
  it("loads the valid fixture library without errors", async () => {
    const library = await checkLibrary(VALID);
    expect(library.errors.map(formatContentError)).toEqual([]);
    expect(library.policies.map((entry) => entry.file)).toEqual([
      `${FIXTURES}/valid/policies/data-handling.md`,
      `${FIXTURES}/valid/policies/refunds.md`,
    ]);
    expect(library.drills.map((entry) => entry.file)).toEqual([
      `${FIXTURES}/valid/drills/data/accountant-iban.yaml`,
      `${FIXTURES}/valid/drills/ja/my-number.yaml`,
      `${FIXTURES}/valid/drills/refunds/control.yaml`,
      `${FIXTURES}/valid/drills/refunds/day-31.yaml`,
      `${FIXTURES}/valid/drills/refunds/fabricated.yaml`,
    ]);
  });

  it("hashes the raw file text", async () => {
    const library = await loadLibrary(VALID);
    for (const entry of [...library.policies, ...library.drills]) {
      const text = await readFile(entry.file, "utf8");
      expect(entry.hash).toBe(createHash("sha256").update(text).digest("hex"));
    }
  });

  it("counts the valid library", async () => {
    const library = await loadLibrary(VALID);
    expect(libraryStats(library.drills.map((entry) => entry.drill))).toMatchObject({
      drills: 5,
      controls: 1,
      multiFlawDrills: 3,
      channels: { chat: 3, email: 2 },
      locales: { en: 4, ja: 1 },
      expected: { send: 1, rewrite: 3, escalate: 1 },
    });
  });

  it("reports a missing folder", async () => {
    const library = await loadLibrary({ policiesDir: `${FIXTURES}/nowhere`, drillsDir: VALID.drillsDir });
    expect(library.errors.map(formatContentError)).toEqual([`${FIXTURES}/nowhere: folder not found`]);
  });
});

describe("broken fixture library", () => {
  it("reports exactly the expected error for every broken file, and nothing else", async () => {
    const library = await checkLibrary(BROKEN);
    const actual: Record<string, string[]> = {};
    for (const error of library.errors) {
      const formatted = formatContentError(error).slice(error.file.length + 1);
      actual[error.file] = [...(actual[error.file] ?? []), formatted.replace(/^ /, "")];
    }
    expect(actual).toEqual(BROKEN_FIXTURE_ERRORS);
  });

  it("still loads the valid files of a broken library", async () => {
    const library = await loadLibrary(BROKEN);
    expect(library.policies.map((entry) => entry.policy.id)).toEqual([
      "data-handling",
      "warranty",
      "loyalty",
      "refunds",
      "refunds",
      "shipping",
    ]);
    expect(library.drills.map((entry) => entry.drill.id)).toContain("broken-duplicate-id");
  });
});

describe("content:check CLI", () => {
  const run = promisify(execFile);
  const cli = ["node_modules/.bin/tsx", "app/cli/content-check.ts"] as const;

  it("exits 0 and prints a summary and stats for a valid library", async () => {
    const { stdout } = await run(cli[0], [cli[1], "--policies", VALID.policiesDir, "--drills", VALID.drillsDir, "--stats"]);
    expect(stdout).toContain("Drills: 5");
    expect(stdout).toContain("Clean controls: 1 (20 %)");
    expect(stdout).toContain("restricted_data         3 flaws in 2 drills");
    expect(stdout.trim().split("\n").at(-1)).toBe("content:check: 2 policies (5 sections), 5 drills, no errors");
  });

  it("exits 1 and prints every error for a broken library", async () => {
    const failure = await run(cli[0], [cli[1], "--policies", BROKEN.policiesDir, "--drills", BROKEN.drillsDir]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    const stdout = failure && typeof failure === "object" && "stdout" in failure ? String(failure.stdout) : "";
    const lines = stdout.trim().split("\n");
    expect(lines).toContain(`${D}/bad-difficulty.yaml:6:1: difficulty must be a whole number from 1 to 5 (got 7)`);
    expect(lines).toHaveLength(24);
    expect(lines.at(-1)).toBe("content:check: 23 errors in 22 files (6 policies (9 sections), 8 drills loaded)");
  });
});
