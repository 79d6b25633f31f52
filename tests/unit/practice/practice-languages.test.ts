import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chooseNextDrill, type DrillCandidate } from "~/app/practice/next-drill";
import { DEFAULT_RATING } from "~/app/practice/glicko2";
import { languageOfLocale, PRACTICE_LANGUAGES } from "~/app/vocabulary";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : entry.name.endsWith(".yaml") ? [full] : [];
  });
}

const drill = (drillId: string, locale: string, overrides: Partial<DrillCandidate> = {}): DrillCandidate => ({
  drillId,
  locale,
  rating: DEFAULT_RATING,
  isControl: false,
  flawTypes: ["hallucination"],
  status: "active",
  ...overrides,
});

describe("practice languages", () => {
  it("are the languages the drill library is written in, each used", () => {
    const locales = yamlFiles("drills").map((file) => String((parse(readFileSync(file, "utf8")) as { locale: unknown }).locale));
    const languages = new Set(locales.map(languageOfLocale));
    expect(languages.has(null), "a drill in a language PRACTICE_LANGUAGES lacks").toBe(false);
    expect([...languages].sort()).toEqual([...PRACTICE_LANGUAGES].sort());
  });

  it("belong to a locale by its primary subtag", () => {
    expect(languageOfLocale("ja-JP")).toBe("ja");
    expect(languageOfLocale("EN")).toBe("en");
    expect(languageOfLocale("fr-CA")).toBe("fr");
    expect(languageOfLocale("pt-BR")).toBeNull();
  });

  it("limit reviews and practice, never assignments", () => {
    const candidates = [drill("en-1", "en"), drill("ja-1", "ja-JP"), drill("ja-2", "ja", { isControl: true, flawTypes: [] })];
    const practice = chooseNextDrill({ agent: DEFAULT_RATING, candidates, languages: ["en"], random: () => 0 });
    expect(practice).toMatchObject({ drillId: "en-1", reason: "practice" });
    const review = chooseNextDrill({ agent: DEFAULT_RATING, candidates, languages: ["en"], dueReviews: [{ kind: "drill", drillId: "ja-1", due: new Date(0) }], random: () => 0 });
    expect(review?.drillId).toBe("en-1");
    const assigned = chooseNextDrill({ agent: DEFAULT_RATING, candidates, languages: ["en"], assigned: [{ drillId: "ja-1", dueAt: null, completed: false }], random: () => 0 });
    expect(assigned).toMatchObject({ drillId: "ja-1", reason: "assigned" });
    expect(chooseNextDrill({ agent: DEFAULT_RATING, candidates: [drill("ja-1", "ja")], languages: ["en"], random: () => 0 })).toBeNull();
  });
});
