import { describe, expect, it } from "vitest";
import { checkLibrary } from "~/app/content/library.server";
import { libraryStats } from "~/app/content/validate";
import { FLAW_TYPES } from "~/app/vocabulary";

describe("the starter library in policies/ and drills/", async () => {
  const library = await checkLibrary({ policiesDir: "policies", drillsDir: "drills" });
  const stats = libraryStats(library.drills.map((d) => d.drill));

  it("passes the validator", () => {
    expect(library.errors).toEqual([]);
  });

  it("has the policies a support organisation really has", () => {
    expect(library.policies.map((p) => p.policy.id).sort()).toEqual(
      ["account-security", "ai-assistant", "billing", "data-handling", "escalations", "refunds", "service-credits", "shipping"],
    );
    const dataHandling = library.policies.find((p) => p.policy.id === "data-handling");
    expect(dataHandling?.policy.restricted.map((r) => r.detector)).toEqual(["payment_card", "iban", "us_ssn", "jp_my_number", "credential"]);
  });

  it("meets the mix: 60+ drills, every flaw type 10+ times, 25–35 % controls, all difficulties, both channels", () => {
    expect(stats.drills).toBeGreaterThanOrEqual(60);
    for (const type of FLAW_TYPES) expect(stats.flawTypes[type].drills, type).toBeGreaterThanOrEqual(10);
    expect(stats.controlShare).toBeGreaterThanOrEqual(0.25);
    expect(stats.controlShare).toBeLessThanOrEqual(0.35);
    for (const level of ["1", "2", "3", "4", "5"]) expect(stats.difficulty[level], `difficulty ${level}`).toBeGreaterThan(0);
    expect(stats.channels.chat).toBeGreaterThan(0);
    expect(stats.channels.email).toBeGreaterThan(0);
    expect(stats.multiFlawDrills).toBeGreaterThan(0);
  });

  it("has 6+ Japanese drills and 3+ in another language", () => {
    expect(stats.locales.ja ?? 0).toBeGreaterThanOrEqual(6);
    const others = Object.entries(stats.locales).filter(([locale]) => locale !== "en" && locale !== "ja");
    expect(others.reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThanOrEqual(3);
  });

  it("explains every flaw with the policy it violates wherever one applies", () => {
    const flaws = library.drills.flatMap((d) => d.drill.flaws);
    expect(flaws.every((f) => f.explanation.length >= 40)).toBe(true);
    expect(flaws.filter((f) => f.policy).length / flaws.length).toBeGreaterThan(0.9);
  });
});
