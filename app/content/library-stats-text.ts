import { percent } from "~/app/format";
import type { LibraryStats } from "./validate";

/** The library's mix as content:check --stats and content:report print it. */
export function formatLibraryStats(stats: LibraryStats): string {
  const flawLines = Object.entries(stats.flawTypes).map(([type, count]) => `  ${type.padEnd(20)} ${String(count.flaws).padStart(4)} flaws in ${count.drills} drills`);
  return [
    `Drills: ${stats.drills}`,
    `Clean controls: ${stats.controls} (${percent(stats.drills === 0 ? 0 : stats.controls / stats.drills)})`,
    `Drills with several flaws: ${stats.multiFlawDrills}`,
    "Flaw types:",
    ...flawLines,
    `Expected decision: ${formatCounts(stats.expected)}`,
    `Difficulty: ${formatCounts(stats.difficulty)}`,
    `Channel: ${formatCounts(stats.channels)}`,
    `Locale: ${formatCounts(Object.fromEntries(Object.entries(stats.locales).sort(([a], [b]) => (a < b ? -1 : 1))))}`,
  ].join("\n");
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([key, count]) => `${key} ${count}`)
    .join(", ");
}
