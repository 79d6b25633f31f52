import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { FLAW_LABELS } from "~/app/vocabulary";
import { InsightsFilters } from "~/app/components/insights-filters";
import { FiguresTables, TableHeading } from "~/app/components/insights-tables";
import { InsightsTrends } from "~/app/components/insights-trends";
import { getDb } from "~/app/db.server";
import { refusalResponse } from "~/app/http.server";
import { filterQuery } from "~/app/insights/filters";
import { agentPage } from "~/app/insights/pages.server";
import { figureWords } from "~/app/insights/figure-words";
import { agentProficiencyText, intervalText, OUTCOME_LABELS, rateText, TIER_LABELS } from "~/app/insights/words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.agent.name ?? "Agent"} · Insights · Redline` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  const page = await agentPage({ db: await getDb(), viewer: user, teamId: params.teamId, userId: params.userId, url: new URL(request.url) }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  return {
    ...page,
    query: filterQuery(page.filters),
    recent: page.recent.map((attempt) => ({ ...attempt, at: attempt.at.toISOString().slice(0, 16).replace("T", " ") })),
  };
}

export default function AgentInsights() {
  const { team, agent, filters, range, problem, row, bands, trend, weakest, recent, query } = useLoaderData<typeof loader>();
  const csv = (table: string) => `/insights/export.csv?${filterQuery({ ...filters, teamIds: [team.id] }, { table, agent: String(agent.id) })}`;
  return (
    <>
      <p>
        <Link to={`/insights/teams/${team.id}?${query}`}>← {team.name}</Link>
      </p>
      <h1>{agent.name}</h1>
      <p className="muted">
        {TIER_LABELS[row.tier]} · proficiency {agentProficiencyText(row.proficiency)} · first attempts in {team.name} only.
      </p>
      <InsightsFilters filters={filters} range={range} problem={problem} />
      <FiguresTables label="Agent" csv={csv("agents")} rows={[{ id: row.id, name: row.name, figures: figureWords(row.figures, row.production) }]} />
      <section className="panel" aria-labelledby="weakest-heading">
        <h2 id="weakest-heading">Weakest flaw types</h2>
        {weakest.length === 0 ? (
          <p className="muted">No planted flaws in this window.</p>
        ) : (
          <ol>
            {weakest.map((weak) => (
              <li key={weak.flawType}>
                <strong>{FLAW_LABELS[weak.flawType]}</strong>: {rateText(weak.spotting, "flaws")} spotted, {weak.missed} missed
                {weak.spotting.interval ? <span className="muted"> ({intervalText(weak.spotting.interval)})</span> : null}
              </li>
            ))}
          </ol>
        )}
        <p className="muted">Lowest error-spotting first, over this window. False flags beside it: {rateText(row.figures.falseFlags, "marks")}.</p>
      </section>
      <section className="panel" aria-labelledby="trend-heading">
        <TableHeading id="trend-heading" title="Weekly trend" csv={csv("trend")} />
        <InsightsTrends weeks={trend} settings={bands.settings} settingsNote="this team's" />
      </section>
      <section className="panel" aria-labelledby="recent-heading">
        <TableHeading id="recent-heading" title="Recent first attempts" csv={csv("attempts")} />
        {recent.length === 0 ? (
          <p className="muted">No first attempts in this window.</p>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Drill</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Flaws caught</th>
                  <th scope="col">False flags</th>
                  <th scope="col">Points</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((attempt) => (
                  <tr key={attempt.id}>
                    <td>{attempt.at}</td>
                    <td>{attempt.drillTitle}</td>
                    <td className={`outcome-${attempt.outcome}`}>{OUTCOME_LABELS[attempt.outcome]}</td>
                    <td>{attempt.flawed ? `${attempt.caught} of ${attempt.planted}` : "— (clean draft)"}</td>
                    <td>{attempt.falseFlags}</td>
                    <td>{attempt.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted">The latest {recent.length} in this window; the CSV holds all of them.</p>
      </section>
    </>
  );
}
