import { z } from "zod";
import type { Db } from "~/db/client.server";
import { InputError } from "~/app/input-error";
import { teamBands, organisationBands } from "~/app/settings/band-settings.server";
import { FLAW_TYPES } from "~/app/vocabulary";
import { firstAttemptPages } from "./attempts.server";
import { csvStream, type Cell } from "./csv";
import type { Figures, ProductionFigure } from "./figures";
import { insightsRequest } from "./request.server";
import { monthlyReview, reviewNearMisses, reviewRequest } from "./review.server";
import { REVIEW_TABLES, reviewTableRows, type ReviewTable } from "./review-tables";
import { scopedAgent, type Viewer } from "./scope.server";
import { missedDrills, missedTypes } from "./slips.server";
import { agentTable, teamTable } from "./team-insights.server";
import { weeklyTrend } from "./trend.server";
import { bandText, percentCell } from "./words";

/**
 * `/insights/export.csv?table=…` plus the page's own filters: every table of the insights pages and
 * of the monthly review (`review-…`, with its `month` and `team`s) as CSV, under the page's scope
 * (teams outside it are a 404) and filters. The figure tables are as small as the organisation;
 * the attempts table is paged through, so memory stays constant.
 */

const EXPORT_TABLES = ["teams", "agents", "trend", "missed-types", "missed-flaws", "attempts"] as const;

const FIGURE_HEADER = [
  "first_attempts",
  "error_spotting_pct",
  "planted_flaws",
  "error_spotting_ci_low_pct",
  "error_spotting_ci_high_pct",
  "false_flags_pct",
  "marks",
  ...FLAW_TYPES.flatMap((type) => [`${type}_spotting_pct`, `${type}_planted`]),
  "override_pct",
  "decisions",
  "override_band",
  "production_override_pct",
  "production_suggestions",
  "production_band",
  "appropriate_override_pct",
  "flawed_drafts",
  "unneeded_override_pct",
  "clean_drafts",
  "d_prime",
  "c",
  "c_reading",
  "flawed_share_pct",
  "fix_pct",
  "fix_planted",
  "escalation_accuracy_pct",
  "escalation_expected",
];

const round2 = (value: number) => Math.round(value * 100) / 100;

function figureCells(figures: Figures, production: ProductionFigure | null): Cell[] {
  return [
    figures.attempts,
    percentCell(figures.spotting.rate),
    figures.spotting.of,
    figures.spotting.interval ? percentCell(figures.spotting.interval.low) : null,
    figures.spotting.interval ? percentCell(figures.spotting.interval.high) : null,
    percentCell(figures.falseFlags.rate),
    figures.falseFlags.of,
    ...FLAW_TYPES.flatMap((type) => [percentCell(figures.spottingByType[type].rate), figures.spottingByType[type].of]),
    percentCell(figures.override.rate),
    figures.override.of,
    bandText(figures.band),
    production ? percentCell(production.override.rate) : null,
    production ? production.override.of : null,
    production ? bandText(production.band) : null,
    percentCell(figures.appropriate.rate),
    figures.appropriate.of,
    percentCell(figures.unneeded.rate),
    figures.unneeded.of,
    figures.signal ? round2(figures.signal.dPrime) : null,
    figures.signal ? round2(figures.signal.c) : null,
    figures.signal ? figures.signal.reading : null,
    figures.signal ? percentCell(figures.signal.flawedShare.rate) : null,
    percentCell(figures.fix.rate),
    figures.fix.of,
    percentCell(figures.escalation.rate),
    figures.escalation.of,
  ];
}

/** A table already built (they are as small as the organisation): built before the response starts, so a failure is still a proper error. */
async function* once(rows: readonly (readonly Cell[])[]) {
  yield rows;
}

const OneId = z.coerce.number().int().positive();

/** One table of the monthly review, computed as the page computes it. */
async function exportReviewTable({ db, viewer, url, now, table }: { db: Db; viewer: Viewer; url: URL; now: Date; table: ReviewTable }) {
  const { review, chosen, wholeOrganisation, bands } = await reviewRequest({ db, viewer, url, now });
  const nearMissTable = table === "review-near-miss-categories" || table === "review-near-miss-teams";
  const figures = nearMissTable ? null : await monthlyReview({ db, teamIds: chosen.map((team) => team.id), wholeOrganisation, review, settings: bands.settings });
  const nearMiss = nearMissTable ? await reviewNearMisses({ db, viewer, review, chosen, now }) : null;
  const { header, rows } = reviewTableRows({ table, review: figures, nearMiss });
  return { filename: `redline-${table}-${review.month}.csv`, body: csvStream({ header, pages: once(rows) }) };
}

const ALL_TABLES = [...EXPORT_TABLES, ...REVIEW_TABLES] as const;
const isReviewTable = (table: string): table is ReviewTable => REVIEW_TABLES.some((name) => name === table);

export async function exportCsv({ db, viewer, url, now = new Date() }: { db: Db; viewer: Viewer; url: URL; now?: Date }): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const parsed = z.enum(ALL_TABLES).safeParse(url.searchParams.get("table"));
  if (!parsed.success) throw new InputError("table", `Name a table to export: ${ALL_TABLES.join(", ")}.`);
  if (isReviewTable(parsed.data)) return exportReviewTable({ db, viewer, url, now, table: parsed.data });
  const table = parsed.data;
  const request = await insightsRequest({ db, viewer, url, now });
  const { filters, range, chosen, wholeOrganisation } = request;
  const teamIds = chosen.map((team) => team.id);
  const agentParam = url.searchParams.get("agent");
  // An agent's tables and a team's agent table need exactly one team.
  const single = async () => {
    const [team] = chosen;
    if (filters.teamIds.length !== 1 || !team) throw new InputError("team", "Name exactly one team for this table.");
    if (agentParam === null) return { team, agent: null };
    const agentId = OneId.safeParse(agentParam);
    if (!agentId.success) throw new InputError("agent", "No agent you can see has this id.", { status: 404 });
    return scopedAgent({ db, viewer, teamId: team.id, userId: agentId.data });
  };
  const name = `redline-${table}-${range.firstWeek}-to-${range.lastWeek}.csv`;
  switch (table) {
    case "teams": {
      const header = ["team", "agents_in_team", "active_agents", ...FIGURE_HEADER, "associates", "advanced", "specialists", "coaches", "proficient_agents", "median_days_to_proficiency", "median_drills_to_proficiency", "band_settings", "band_low_pct", "band_high_pct", "band_min_decisions", "light_edit_pct"];
      const rows = await teamTable({ db, teams: chosen, range, flawType: filters.flawType }).then((teams) =>
        teams.map((row) => [
          row.name,
          row.members,
          row.activeAgents,
          ...figureCells(row.figures, row.production),
          row.tiers.associate,
          row.tiers.advanced,
          row.tiers.specialist,
          row.tiers.coach,
          row.proficiency.proficient,
          row.proficiency.medianDays,
          row.proficiency.medianDrills,
          row.bands.source,
          percentCell(row.bands.settings.low),
          percentCell(row.bands.settings.high),
          row.bands.settings.minDecisions,
          percentCell(row.bands.settings.lightEdit),
        ]),
      );
      return { filename: name, body: csvStream({ header, pages: once(rows) }) };
    }
    case "agents": {
      const { team, agent } = await single();
      const header = ["team", "agent", ...FIGURE_HEADER, "tier", "proficiency_days", "proficiency_drills"];
      const rows = await agentTable({ db, team, range, flawType: filters.flawType, userId: agent?.id }).then(({ rows: agents }) =>
        agents.map((row) => [team.name, row.name, ...figureCells(row.figures, row.production), row.tier, row.proficiency?.days ?? null, row.proficiency?.drills ?? null]),
      );
      return { filename: name, body: csvStream({ header, pages: once(rows) }) };
    }
    case "trend": {
      const scope = agentParam === null && filters.teamIds.length !== 1 ? null : await single();
      const settings = scope ? (await teamBands({ db, teamId: scope.team.id })).settings : (await organisationBands({ db })).settings;
      const header = ["week", "first_attempts", "error_spotting_pct", "planted_flaws", "false_flags_pct", "marks", "override_pct", "decisions", "override_band"];
      const rows = await weeklyTrend({ db, teamIds: scope ? [scope.team.id] : teamIds, range, flawType: filters.flawType, settings, userId: scope?.agent?.id }).then((weeks) =>
        weeks.map((week) => [week.week, week.attempts, percentCell(week.spotting.rate), week.spotting.of, percentCell(week.falseFlags.rate), week.falseFlags.of, percentCell(week.override.rate), week.override.of, week.band]),
      );
      return { filename: name, body: csvStream({ header, pages: once(rows) }) };
    }
    case "missed-types": {
      const header = ["flaw_type", "planted", "missed", "error_spotting_pct"];
      const rows = await missedTypes({ db, teamIds, range, flawType: filters.flawType }).then((types) => types.map((row) => [row.flawType, row.planted, row.missed, percentCell(row.spotting.rate)]));
      return { filename: name, body: csvStream({ header, pages: once(rows) }) };
    }
    case "missed-flaws": {
      const header = ["drill_id", "drill", "first_attempts", "flaws_missed", "flaw_type", "missed_text", "times_planted", "times_missed", "policy_section", "policy_heading", "explanation"];
      const rows = await missedDrills({ db, teamIds, wholeOrganisation, range, flawType: filters.flawType }).then((drills) =>
        drills.flatMap((drill) => drill.flaws.map((flaw) => [drill.drillId, drill.title, drill.attempts, drill.missed, flaw.flawType, flaw.quote, flaw.planted, flaw.missed, flaw.policy?.anchor ?? null, flaw.policy?.heading ?? null, flaw.explanation])),
      );
      return { filename: name, body: csvStream({ header, pages: once(rows) }) };
    }
    case "attempts": {
      const scope = agentParam === null ? null : await single();
      const header = ["attempt_id", "at", "team", "agent", "agent_email", "drill_id", "drill", "flawed", "decision", "expected", "outcome", "planted", "caught", "correctly_typed", "missed", "marks", "false_flags", "points", "time_on_task_s"];
      const pages = firstAttemptPages({ db, teamIds: scope ? [scope.team.id] : teamIds, range, flawType: filters.flawType, userId: scope?.agent?.id });
      return {
        filename: name,
        body: csvStream({
          header,
          pages: (async function* () {
            for await (const page of pages) {
              yield page.map((row) => [row.id, row.at.toISOString(), row.teamName, row.agentName, row.agentEmail, row.drillId, row.drillTitle, row.flawed, row.decision, row.expected, row.outcome, row.planted, row.caught, row.correctlyTyped, row.missed, row.marks, row.falseFlags, row.points, Math.round(row.timeOnTaskMs / 1000)]);
            }
          })(),
        }),
      };
    }
  }
}
