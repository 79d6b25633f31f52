import { asc } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { nearMissReports, teams } from "~/db/schema";
import { teamsInScope, type Viewer } from "~/app/insights/scope.server";
import { NEAR_MISS_CATEGORIES } from "~/app/vocabulary";
import { monthlyFigures, NO_TEAM } from "./aggregates";
import { smallCellK } from "./settings.server";
import { publishedText, type Published } from "./suppression";

export type FigureCell = { text: string; status: Published["status"] };
export type FigureRow = { key: string; label: string; cells: FigureCell[] };

/**
 * The leaders' near-miss figures: reports by category × month for the organisation, and by team ×
 * month for the teams the viewer may read (a leader's own, every team and "no team given" for an
 * admin). Suppression is decided once, on the whole organisation's months, so every viewer sees
 * the same cells hidden: a leader's rows are a subset of the admin's, never a differently
 * suppressed table to subtract from another. Reads the report rows' week, category and team only.
 */
export async function nearMissFigures({ db, viewer, now = new Date() }: { db: Db; viewer: Viewer; now?: Date }) {
  const { k } = await smallCellK({ db });
  const reports = await db.select({ week: nearMissReports.week, category: nearMissReports.category, teamId: nearMissReports.teamId }).from(nearMissReports);
  const allTeams = await db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
  const visible = await teamsInScope({ db, viewer });
  // Oldest month first, as a table is read left to right; the empty months before the first report are left out.
  const all = monthlyFigures({ reports, teams: allTeams, now, k }).reverse();
  const first = all.findIndex(({ period }) => !(period.total.status === "shown" && period.total.value === 0));
  const figures = first === -1 ? all.slice(-1) : all.slice(first);
  const cell = (published: Published): FigureCell => ({ text: publishedText(published, k), status: published.status });
  const row = (lineId: string, key: string, label: string): FigureRow => ({
    key,
    label,
    cells: figures.map(({ period }) => cell(period.lines.find((line) => line.id === lineId)?.cells.find((c) => c.key === key)?.published ?? { status: "hidden" })),
  });
  const categoryRows = NEAR_MISS_CATEGORIES.map((category) => row("category", category, category));
  const teamRows = [...visible.map((team) => row("team", String(team.id), team.name)), ...(viewer.role === "admin" ? [row("team", NO_TEAM, "No team given")] : [])];
  const totals = figures.map(({ period }) => cell(period.total));
  return { k, months: figures.map((f) => f.month), categoryRows, teamRows, totals, admin: viewer.role === "admin" };
}
