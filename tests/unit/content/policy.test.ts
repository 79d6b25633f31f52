import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatContentError } from "~/app/content/errors";
import { parsePolicy } from "~/app/content/policy";

const FILE = "policies/refunds.md";

function policyText(frontMatter: string, body: string): string {
  return `---\n${frontMatter}\n---\n${body}`;
}

const FRONT_MATTER = "id: refunds\ntitle: Refunds and returns\nversion: 2026-03\neffective: 2026-03-01";

function messages(text: string): string[] {
  return parsePolicy(text, FILE).errors.map(formatContentError);
}

describe("parsePolicy", () => {
  it("parses front matter, sections and the rendered body", () => {
    const text = policyText(
      FRONT_MATTER,
      [
        "# Refunds and returns",
        "",
        "Intro text.",
        "",
        "## Return window {#refunds.window}",
        "Customers may return an unused item within 30 days.",
        "",
        "### Example",
        "Delivered 1 March, returnable until 31 March.",
        "",
        "## Restocking fee {#refunds.restocking} ##",
        "A 10 % fee applies to opened items.",
        "",
        "```",
        "## Not a heading {#refunds.code}",
        "```",
        "",
        "## Notes",
        "Not part of any section.",
      ].join("\n"),
    );
    const { policy, errors } = parsePolicy(text, FILE);
    expect(errors).toEqual([]);
    expect(policy).toMatchObject({
      id: "refunds",
      title: "Refunds and returns",
      version: "2026-03",
      effective: "2026-03-01",
      restricted: [],
    });
    expect(policy?.sections.map(({ anchor, heading, level, line }) => ({ anchor, heading, level, line }))).toEqual([
      { anchor: "refunds.window", heading: "Return window", level: 2, line: 11 },
      { anchor: "refunds.restocking", heading: "Restocking fee", level: 2, line: 17 },
    ]);
    const [window, restocking] = policy?.sections ?? [];
    expect(window?.markdown).toBe(
      "Customers may return an unused item within 30 days.\n\n### Example\nDelivered 1 March, returnable until 31 March.",
    );
    expect(restocking?.markdown).toBe("A 10 % fee applies to opened items.\n\n```\n## Not a heading {#refunds.code}\n```");
    expect(window?.hash).toBe(
      createHash("sha256").update(`Return window\n${window?.markdown}`).digest("hex"),
    );
    expect(policy?.markdown).toContain("## Return window\n");
    expect(policy?.markdown).toContain("## Restocking fee ##\n");
    expect(policy?.markdown).not.toContain("{#refunds.window}");
    expect(policy?.markdown).toContain("{#refunds.code}");
    expect(policy?.markdown.startsWith("# Refunds and returns")).toBe(true);
  });

  it("changes a section's hash only when its heading or text changes", () => {
    const parse = (body: string) => parsePolicy(policyText(FRONT_MATTER, body), FILE).policy?.sections[0]?.hash;
    const original = parse("## Window {#refunds.window}\n30 days.\n");
    expect(parse("\n\n## Window {#refunds.window}\n30 days.\n\n\n")).toBe(original);
    expect(parse("## Window {#refunds.window}\n45 days.\n")).not.toBe(original);
    expect(parse("## Return window {#refunds.window}\n30 days.\n")).not.toBe(original);
  });

  it("reads restricted categories", () => {
    const text = policyText(
      "id: data-handling\ntitle: Data\nversion: 3\neffective: 2026-03-01\nrestricted:\n  - id: payment_card\n    label: Payment card number\n    detector: payment_card",
      "## Scope {#data-handling.scope}\nEverything.",
    );
    const { policy, errors } = parsePolicy(text, "policies/data-handling.md");
    expect(errors).toEqual([]);
    expect(policy?.version).toBe("3");
    expect(policy?.restricted).toEqual([{ id: "payment_card", label: "Payment card number", detector: "payment_card" }]);
  });

  it("accepts CRLF line endings and a byte order mark", () => {
    const text = `\uFEFF${policyText(FRONT_MATTER, "## Window {#refunds.window}\n30 days.\n")}`.replace(/\n/g, "\r\n");
    const { policy, errors } = parsePolicy(text, FILE);
    expect(errors).toEqual([]);
    expect(policy?.sections[0]).toMatchObject({ anchor: "refunds.window", markdown: "30 days.", line: 7 });
  });

  it("reports missing or unclosed front matter", () => {
    expect(messages("# Refunds\n")).toEqual([
      "policies/refunds.md:1:1: missing front matter: a policy starts with a --- line, then id, title, version and effective, then ---",
    ]);
    expect(messages("---\nid: refunds\n# Refunds\n")).toEqual([
      "policies/refunds.md:1:1: front matter is not closed: add a --- line after it",
    ]);
  });

  it("reports bad front matter fields at their lines", () => {
    const text = policyText(
      "id: Refunds\ntitle: ''\nversion: 2026-03\neffective: 1 March 2026\nowner: legal\nrestricted:\n  - id: card\n    label: Card\n    detector: passport\n  - id: card\n    label: Card again\n    detector: payment_card",
      "## Window {#refunds.window}\n30 days.",
    );
    expect(messages(text)).toEqual([
      "policies/refunds.md:2:1: id must be lowercase letters and digits joined by hyphens, e.g. refunds",
      "policies/refunds.md:3:1: title must not be empty",
      "policies/refunds.md:5:1: effective must be a date written YYYY-MM-DD, e.g. 2026-03-01",
      "policies/refunds.md:6:1: unknown key \"owner\"; allowed keys: id, title, version, effective, restricted",
      "policies/refunds.md:10:5: unknown detector \"passport\"; built-in detectors: payment_card, iban, us_ssn, jp_my_number, email, phone, credential",
    ]);
  });

  it("reports a restricted category listed twice", () => {
    const text = policyText(
      `${FRONT_MATTER}\nrestricted:\n  - id: card\n    label: Card\n    detector: payment_card\n  - id: card\n    label: Card again\n    detector: payment_card`,
      "",
    );
    expect(messages(text)).toEqual(['policies/refunds.md:10:5: restricted id "card" is listed twice']);
  });

  it("reports missing front matter keys", () => {
    expect(messages(policyText("id: refunds\ntitle: Refunds", ""))).toEqual([
      'policies/refunds.md:2:1: missing required key "version"',
      'policies/refunds.md:2:1: missing required key "effective"',
    ]);
  });

  it("rejects impossible dates", () => {
    const text = policyText(FRONT_MATTER.replace("2026-03-01", "2026-02-30"), "");
    expect(messages(text)).toEqual(["policies/refunds.md:5:1: effective must be a date written YYYY-MM-DD, e.g. 2026-03-01"]);
  });

  it("reports malformed, misplaced and duplicate anchors at the anchor", () => {
    const text = policyText(
      FRONT_MATTER,
      [
        "## Window {#refunds.window}",
        "30 days.",
        "## Window again {#refunds.window}",
        "## Shipping {#shipping.times}",
        "## Bad {#Refunds Window}",
        "## {#refunds.empty}",
      ].join("\n"),
    );
    const { policy } = parsePolicy(text, FILE);
    expect(messages(text)).toEqual([
      'policies/refunds.md:9:17: anchor "refunds.window" is already used on line 7',
      'policies/refunds.md:10:13: anchor "shipping.times" must start with the policy id: "refunds."',
      'policies/refunds.md:11:8: malformed anchor "{#Refunds Window}": use lowercase letters and digits joined by . _ or -, e.g. {#refunds.section}',
      'policies/refunds.md:12:1: heading of anchor "refunds.empty" has no text',
    ]);
    expect(policy?.sections.map((section) => section.anchor)).toEqual(["refunds.window", "shipping.times", "refunds.empty"]);
  });

  it("accepts anchors with digits, dots, hyphens and underscores", () => {
    const text = policyText(
      "id: account-security\ntitle: Security\nversion: 1\neffective: 2026-03-01",
      "## 2FA {#account-security.2fa}\n## Keys {#account-security.api-keys.v2_old}\n",
    );
    expect(parsePolicy(text, "policies/account-security.md").errors).toEqual([]);
  });

  it("reports YAML syntax errors in the front matter at their file line", () => {
    expect(messages(policyText("id: refunds\ntitle: [Refunds", ""))).toEqual([
      expect.stringMatching(/^policies\/refunds\.md:[34]:\d+: YAML syntax error: /),
    ]);
  });
});
