import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { InsightsFilters } from "~/app/components/insights-filters";
import { FiguresTables, TableHeading } from "~/app/components/insights-tables";
import { InsightsTrends } from "~/app/components/insights-trends";
import { getDb } from "~/app/db.server";
import { refusalResponse } from "~/app/http.server";
import { filterQuery } from "~/app/insights/filters";
import { insightsRequest } from "~/app/insights/request.server";
import { productionKinds, teamTable } from "~/app/insights/team-insights.server";
import { ShownProduction } from "~/app/components/insights-figures";
import { figureWords, productionWords } from "~/app/insights/figure-words";
import { bandsNote, proficiencyText, tiersText } from "~/app/insights/words";
import { weeklyTrend } from "~/app/insights/trend.server";
import { organisationBands, teamBands } from "~/app/settings/band-settings.server";

export const meta: MetaFunction = () => [{ title: "Insights · Redline" }];

const SOURCES = { team: "team setting", organisation: "organisation default", "built-in": "built-in default" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  const db = await getDb();
  const { filters, range, problem, teams, chosen } = await insightsRequest({ db, viewer: user, url: new URL(request.url) }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  // One team's chart uses its own thresholds; several teams' combined chart the organisation's.
  const [single] = chosen;
  const trendBands = chosen.length === 1 && single ? await teamBands({ db, teamId: single.id }) : await organisationBands({ db });
  const teamIds = chosen.map((team) => team.id);
  const [rows, trend, kinds] = await Promise.all([
    teamTable({ db, teams: chosen, range, flawType: filters.flawType }),
    weeklyTrend({ db, teamIds, range, flawType: filters.flawType, settings: trendBands.settings }),
    productionKinds({ db, teamIds, range, settings: trendBands.settings }),
  ]);
  // Sent for hydration as they read (50 teams' every rate and setting would be most of the page):
  // the bands' settings once when every team has the same, else beside each team.
  const notes = rows.map((row) => bandsNote(row.bands.settings, SOURCES[row.bands.source]));
  const shared = notes.every((note) => note === notes[0]) ? notes[0] : undefined;
  return {
    admin: user.role === "admin",
    filters,
    range,
    problem,
    teams,
    rows: rows.map((row, index) => ({
      id: row.id,
      name: row.name,
      note: shared ? undefined : notes[index],
      figures: figureWords(row.figures, row.production),
      agents: { active: row.activeAgents, members: row.members },
      tiers: tiersText(row.tiers),
      proficiency: proficiencyText(row.proficiency),
    })),
    bands: shared && rows.length > 1 ? `${shared}, the same for every team.` : undefined,
    trend,
    trendBands,
    kinds: [...kinds].map(([kind, figure]) => ({ kind, production: productionWords(figure) })),
    query: filterQuery(filters),
  };
}

export default function Insights() {
  const { admin, filters, range, problem, teams, rows, bands, trend, trendBands, kinds, query } = useLoaderData<typeof loader>();
  const teamQuery = filterQuery({ ...filters, teamIds: [] });
  return (
    <>
      <h1>Insights</h1>
      <p className="muted">
        {admin ? "Every team" : "The teams you lead"}: first attempts only. Bands show once a team has enough decisions; rates with few behind them carry a 95 % interval.
      </p>
      <InsightsFilters filters={filters} teams={teams} range={range} problem={problem} />
      {rows.length === 0 ? (
        <p className="panel">{admin ? "There are no teams yet." : "You do not lead a team yet. An admin can make you a team's leader."}</p>
      ) : (
        <>
          <FiguresTables
            label="Teams"
            csv={`/insights/export.csv?${filterQuery(filters, { table: "teams" })}`}
            rows={rows.map((row) => ({ ...row, to: `/insights/teams/${row.id}?${teamQuery}` }))}
            bands={bands}
            skillHeadings={
              <>
                <th scope="col">Active agents</th>
                <th scope="col">Tiers</th>
                <th scope="col">Time to proficiency</th>
              </>
            }
            skill={(row) => (
              <>
                <td>
                  {row.agents.active}
                  <span className="figure-note">{`of ${row.agents.members} in the team`}</span>
                </td>
                <td>{row.tiers}</td>
                <td>{row.proficiency}</td>
              </>
            )}
          />
          <section className="panel" aria-labelledby="trend-heading">
            <TableHeading id="trend-heading" title="Weekly trend" csv={`/insights/export.csv?${filterQuery(filters, { table: "trend" })}`} />
            <InsightsTrends
              weeks={trend}
              settings={trendBands.settings}
              settingsNote={rows.length === 1 ? `the team's (${SOURCES[trendBands.source]})` : `the organisation's (${SOURCES[trendBands.source]}), since these teams are combined`}
            />
          </section>
          <section className="panel" aria-labelledby="kinds-heading">
            <h2 id="kinds-heading">Production overrides by suggestion kind</h2>
            {kinds.length === 0 ? (
              <p className="muted">No production AI-assist events in this window.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Suggestion kind</th>
                    <th scope="col">Production band and override rate</th>
                  </tr>
                </thead>
                <tbody>
                  {kinds.map(({ kind, production }) => (
                    <tr key={kind}>
                      <th scope="row">{kind || "(no kind given)"}</th>
                      <td>
                        <ShownProduction production={production} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <p>
            <Link to={`/insights/slips?${query}`}>Where errors slip through</Link>: the flaw types and drills missed most, with the missed text.
          </p>
          <p>
            <Link to="/insights/review">Monthly review</Link>: last month beside the month before, ready to print.
          </p>
          <p>
            <Link to="/insights/near-misses">Near-miss reports</Link>: how many AI near-misses were reported each month, by category and team, small counts hidden.
          </p>
          <p>
            <a href={`/insights/export.csv?${filterQuery(filters, { table: "attempts" })}`} download>
              Download every first attempt in this view (CSV)
            </a>
          </p>
        </>
      )}
    </>
  );
}
