import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { InsightsFilters } from "~/app/components/insights-filters";
import { FiguresTables, TableHeading } from "~/app/components/insights-tables";
import { InsightsTrends } from "~/app/components/insights-trends";
import { getDb } from "~/app/db.server";
import { refusalResponse } from "~/app/http.server";
import { filterQuery } from "~/app/insights/filters";
import { teamPage } from "~/app/insights/pages.server";
import { figureWords } from "~/app/insights/figure-words";
import { agentProficiencyText, bandsNote, TIER_LABELS } from "~/app/insights/words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Insights · Redline` }];

const SOURCES = { team: "this team's setting", organisation: "organisation default", "built-in": "built-in default" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  const page = await teamPage({ db: await getDb(), viewer: user, teamId: params.teamId, url: new URL(request.url) }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  // The agents' figures are sent for hydration as they read, not every rate behind them.
  const rows = page.rows.map((row) => ({ id: row.id, name: row.name, figures: figureWords(row.figures, row.production), tier: TIER_LABELS[row.tier], proficiency: agentProficiencyText(row.proficiency) }));
  return { ...page, rows, bandsLine: bandsNote(page.bands.settings, SOURCES[page.bands.source]), query: filterQuery(page.filters) };
}

export default function TeamInsights() {
  const { team, filters, range, problem, rows, bands, bandsLine, trend, query } = useLoaderData<typeof loader>();
  const teamFilters = { ...filters, teamIds: [team.id] };
  return (
    <>
      <p>
        <Link to={`/insights?${query}`}>← All teams</Link>
      </p>
      <div className="toolbar">
        <h1>{team.name}</h1>
        <Link to={`/insights/teams/${team.id}/settings`}>Band settings</Link>
      </div>
      <p className="muted">{bandsLine}. Each agent's figures are over their first attempts in this team.</p>
      <InsightsFilters filters={filters} range={range} problem={problem} />
      <FiguresTables
        label="Agents"
        csv={`/insights/export.csv?${filterQuery(teamFilters, { table: "agents" })}`}
        rows={rows.map((row) => ({ ...row, to: `/insights/teams/${team.id}/agents/${row.id}?${query}` }))}
        skillHeadings={
          <>
            <th scope="col">Tier</th>
            <th scope="col">Time to proficiency</th>
          </>
        }
        skill={(row) => (
          <>
            <td>{row.tier}</td>
            <td>{row.proficiency}</td>
          </>
        )}
      />
      <section className="panel" aria-labelledby="trend-heading">
        <TableHeading id="trend-heading" title="Weekly trend" csv={`/insights/export.csv?${filterQuery(teamFilters, { table: "trend" })}`} />
        <InsightsTrends weeks={trend} settings={bands.settings} settingsNote={`this team's (${SOURCES[bands.source]})`} />
      </section>
      <p>
        <Link to={`/insights/slips?${filterQuery(teamFilters)}`}>Where errors slip through in {team.name}</Link>
      </p>
    </>
  );
}
