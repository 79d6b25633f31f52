import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `npm run --silent redact < file` is `tsx app/cli/redact.ts` with the file on standard input. */
function redactCommand(input: Buffer | string, args: string[] = []) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "app/cli/redact.ts", ...args], { input, cwd: process.cwd() });
  return { status: result.status, stdout: result.stdout.toString("utf8"), stderr: result.stderr.toString("utf8") };
}

describe("npm run redact", () => {
  it("prints the redacted text on stdout and the count per category on stderr", () => {
    const result = redactCommand("Card 4111\u00a01111\u00a01111\u00a01111; write to dana@example.com.\nOrder #100234598 on 2026-03-01.\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("Card [REDACTED: payment card]; write to [REDACTED: email address].\nOrder #100234598 on 2026-03-01.\n");
    const counts = Object.fromEntries(result.stderr.trim().split("\n").map((line) => line.split("\t").slice(0, 2)));
    expect(counts).toEqual({ payment_card: "1", iban: "0", us_ssn: "0", jp_my_number: "0", email: "1", phone: "0", credential: "0" });
    expect(result.stderr).toContain("Payment card number");
  }, 30_000);

  it("uses the restricted categories of the policies it is pointed at", () => {
    const result = redactCommand("SSN 512-44-7381", ["--policies", "tests/fixtures/content/valid/policies"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("SSN [REDACTED: US SSN]");
  }, 30_000);

  it("exits 1 with a message for input that is not UTF-8 text, and prints none of it", () => {
    const binary = redactCommand(Buffer.from([0x34, 0x31, 0x31, 0x31, 0xff, 0xfe, 0x00, 0x01]));
    expect(binary.status).toBe(1);
    expect(binary.stdout).toBe("");
    expect(binary.stderr).toMatch(/^redact: the input is not UTF-8 text/);
    const nul = redactCommand("4111 1111 1111 1111\u0000");
    expect(nul.status).toBe(1);
    expect(nul.stderr).toMatch(/binary/);
    expect(nul.stderr).not.toContain("4111");
  }, 30_000);
});
