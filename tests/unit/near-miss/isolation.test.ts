import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Promise 5: near-miss reports are never joined with performance data. No module of the channel,
 * and no route that shows its data, may name a table of drills results, ratings, rollups or
 * production events, or import a module that reads them.
 */
const PERFORMANCE_TABLES = ["attempts", "servedDrills", "insightRollups", "teamInsightRollups", "controlRollups", "agentRatings", "agentRatingPoints", "agentStreaks", "drillRatings", "reviewCards", "assistEvents", "assistRollups", "teamAssistRollups", "assignments", "users"];
const PERFORMANCE_MODULES = ["~/app/practice/", "~/app/insights/", "~/app/production/", "~/app/assignments/", "~/app/home.server"];

function channelFiles(): string[] {
  const nearMiss = readdirSync("app/near-miss").map((file) => path.join("app/near-miss", file));
  const routes = readdirSync("app/routes")
    .filter((file) => /^(report|near-misses|insights\.near-misses)/.test(file))
    .map((file) => path.join("app/routes", file));
  return [...nearMiss, ...routes, "app/components/near-miss-parts.tsx", "db/near-miss-schema.ts"];
}

describe("the near-miss channel is never joined with performance data", () => {
  it("names no performance table and imports no performance module", () => {
    const files = channelFiles();
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      const schemaImports = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"~\/db\/schema"/g)].flatMap((match) => (match[1] ?? "").split(",").map((name) => name.trim()));
      expect(schemaImports.filter((name) => PERFORMANCE_TABLES.includes(name)), file).toEqual([]);
      for (const module of PERFORMANCE_MODULES) {
        // The leaders' page takes its scope (the teams a viewer leads) from insights/scope.server, which reads team membership only.
        const imports = [...source.matchAll(/from\s*"([^"]+)"/g)].map((match) => match[1] ?? "").filter((name) => name.startsWith(module) && name !== "~/app/insights/scope.server");
        expect(imports, file).toEqual([]);
      }
      expect(source, file).not.toMatch(/\b(attempts|insight_rollups|team_insight_rollups|control_rollups|team_assist_rollups|served_drills|agent_ratings|assist_events)\b/);
    }
  });
});
