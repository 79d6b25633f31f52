import { format } from "node:util";
import { afterEach, beforeEach, vi } from "vitest";

/**
 * Fails any test that writes to console.error or console.warn: an error nobody expected is a
 * bug a passing test would hide. A test that means to provoke one says so with
 * `expectConsole(pattern)`; each expected message must then appear.
 */
let unexpected: string[] = [];
let expected: RegExp[] = [];

export function expectConsole(pattern: RegExp) {
  expected.push(pattern);
}

beforeEach(() => {
  unexpected = [];
  expected = [];
  for (const level of ["error", "warn"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const message = format(...args);
      const match = expected.findIndex((pattern) => pattern.test(message));
      if (match === -1) unexpected.push(`console.${level}: ${message}`);
      else expected.splice(match, 1);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  const problems = [...unexpected, ...expected.map((pattern) => `expected a console message matching ${pattern}, none came`)];
  if (problems.length > 0) throw new Error(`Unexpected console output:\n${problems.join("\n")}`);
});
