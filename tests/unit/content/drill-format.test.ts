import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDrillFile } from "~/app/content/drill";
import { formatContentError } from "~/app/content/errors";
import { checkLibrary } from "~/app/content/library.server";

const FILE = "drills/billing/fabricated.yaml";

/** A drill as the documented format allows it: no `channel`, a flaw that accepts a second type. */
const DRILL = `id: billing-fabricated-section
title: A refund promise resting on an invented section
locale: en
skills: [citations]
difficulty: 2
customer: |
  Can I get my money back?
draft: |
  Refunds are paid the same day [billing.same-day].
flaws:
  - type: fabricated_citation
    quote: "Refunds are paid the same day [billing.same-day]"
    explanation: There is no such section, and refunds take up to 10 days.
    accept: [hallucination, missing_citation]
`;

function messages(text: string): string[] {
  return parseDrillFile(text, FILE).errors.map(formatContentError);
}

describe("drill format: channel", () => {
  it("is optional and defaults to email", () => {
    const { drill, errors } = parseDrillFile(DRILL, FILE);
    expect(errors).toEqual([]);
    expect(drill?.channel).toBe("email");
  });

  it("keeps a channel that is given", () => {
    expect(parseDrillFile(DRILL.replace("difficulty: 2\n", "difficulty: 2\nchannel: chat\n"), FILE).drill?.channel).toBe("chat");
  });
});

describe("drill format: accept", () => {
  it("reads the extra types a flaw accepts", () => {
    expect(parseDrillFile(DRILL, FILE).drill?.flaws[0]?.accept).toEqual(["hallucination", "missing_citation"]);
  });

  it("leaves accept out when the flaw has none", () => {
    expect(parseDrillFile(DRILL.replace("    accept: [hallucination, missing_citation]\n", ""), FILE).drill?.flaws[0]).not.toHaveProperty("accept");
  });

  it("allows the flaw's own type in the list", () => {
    expect(messages(DRILL.replace("accept: [hallucination, missing_citation]", "accept: [fabricated_citation, hallucination]"))).toEqual([]);
  });

  it("reports an unknown type at its place in the list, with the allowed ones", () => {
    expect(messages(DRILL.replace("accept: [hallucination, missing_citation]", "accept: [hallucination, halucination]"))).toEqual([
      `${FILE}:14:29: accept: unknown flaw type "halucination"; use one of: hallucination, missing_citation, fabricated_citation, restricted_data, tone`,
    ]);
  });

  it("reports an accept that is not a list", () => {
    expect(messages(DRILL.replace("accept: [hallucination, missing_citation]", "accept: hallucination"))).toEqual([
      `${FILE}:14:5: accept must be a list of flaw types, e.g. [hallucination]`,
    ]);
  });

  it("refuses a list that accepts every type, which would make any mark correctly typed", () => {
    expect(messages(DRILL.replace("accept: [hallucination, missing_citation]", "accept: [missing_citation, restricted_data, tone]"))).toEqual([
      `${FILE}:14:5: accept lists every flaw type, so any mark would count as correctly typed; leave at least one out`,
    ]);
  });
});

describe("content:check on a library written without channel", () => {
  const VALID = "tests/fixtures/content/valid";
  let root = "";

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "redline-no-channel-"));
    await cp(VALID, root, { recursive: true });
    const drillsDir = path.join(root, "drills");
    for (const entry of await readdir(drillsDir, { recursive: true })) {
      if (!entry.endsWith(".yaml")) continue;
      const file = path.join(drillsDir, entry);
      await writeFile(file, (await readFile(file, "utf8")).replace(/^channel:.*\n/m, ""));
    }
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("passes, every drill on email", async () => {
    const library = await checkLibrary({ policiesDir: path.join(root, "policies"), drillsDir: path.join(root, "drills") });
    expect(library.errors.map(formatContentError)).toEqual([]);
    expect(library.drills).toHaveLength(5);
    expect(library.drills.every((entry) => entry.drill.channel === "email")).toBe(true);
    const { stdout } = await promisify(execFile)("node_modules/.bin/tsx", [
      "app/cli/content-check.ts",
      "--policies",
      path.join(root, "policies"),
      "--drills",
      path.join(root, "drills"),
    ]);
    expect(stdout.trim().split("\n").at(-1)).toBe("content:check: 2 policies (5 sections), 5 drills, no errors");
  });
});
