import { formatLibraryStats } from "~/app/content/library-stats-text";
import type { LibraryStats } from "~/app/content/validate";
import { percent } from "~/app/format";
import type { ContentOrigin, DrillStatus } from "~/app/vocabulary";
import type { Count, Discrimination, Hint } from "./item-analysis";
import { countText, discriminationText, durationText, hintText, METHOD_LABELS } from "./wording";

/**
 * The ground-truth report (`npm run content:report`): the library's mix, and the item analysis of
 * every drill with enough first attempts, the drills with the most hints first — the list an
 * author works through.
 */
export type ReportedDrill = {
  id: string;
  title: string;
  origin: ContentOrigin;
  file: string | null;
  status: DrillStatus;
  attempts: number;
  facility: Count;
  pointsFacility: Count;
  medianTimeMs: number;
  discrimination: Discrimination | null;
  hints: (Hint & { text: string })[];
};

export type ContentReport = {
  minAttempts: number;
  /** The current revisions of every published drill (live, or set aside for review). */
  mix: LibraryStats;
  drills: ReportedDrill[];
  /** Drills with first attempts, but fewer than the minimum. */
  notEnough: number;
};

/** Most hints first, then the lowest discrimination (unmeasured last), then id. */
export function compareReportedDrills(a: ReportedDrill, b: ReportedDrill): number {
  return b.hints.length - a.hints.length || (a.discrimination?.index ?? 2) - (b.discrimination?.index ?? 2) || a.id.localeCompare(b.id);
}

export function formatContentReport(report: ContentReport): string {
  const lines = ["The library", formatLibraryStats(report.mix), "", `Item analysis (first attempts only; figures from ${report.minAttempts} attempts)`];
  lines.push(`${report.drills.length} ${report.drills.length === 1 ? "drill has" : "drills have"} enough attempts; ${report.notEnough} more ${report.notEnough === 1 ? "has" : "have"} fewer.`);
  for (const drill of report.drills) {
    lines.push("", `${drill.id} — ${drill.title} (${drill.origin === "file" ? drill.file : "studio"}, ${drill.status})`);
    lines.push(`  attempts ${drill.attempts} · facility ${countText(drill.facility)} · points ${percent(drill.pointsFacility.rate)} · median time ${durationText(drill.medianTimeMs)}`);
    lines.push(`  discrimination ${discriminationText(drill.discrimination)}${drill.discrimination ? ` [${METHOD_LABELS[drill.discrimination.method]}]` : ""}`);
    if (drill.hints.length === 0) lines.push("  no open hints");
    for (const hint of drill.hints) lines.push(`  - ${hint.text}`);
  }
  return lines.join("\n");
}

export function withText(hints: readonly Hint[]): (Hint & { text: string })[] {
  return hints.map((hint) => ({ ...hint, text: hintText(hint) }));
}
