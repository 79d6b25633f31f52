import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { FLAW_LABELS } from "~/app/vocabulary";
import { InsightsFilters } from "~/app/components/insights-filters";
import { RateValue } from "~/app/components/insights-figures";
import { TableHeading } from "~/app/components/insights-tables";
import { getDb } from "~/app/db.server";
import { refusalResponse } from "~/app/http.server";
import { filterQuery } from "~/app/insights/filters";
import { insightsRequest } from "~/app/insights/request.server";
import { missedDrills, missedTypes } from "~/app/insights/slips.server";

export const meta: MetaFunction = () => [{ title: "Where errors slip through · Insights · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  const db = await getDb();
  const { filters, range, problem, teams, chosen, wholeOrganisation } = await insightsRequest({ db, viewer: user, url: new URL(request.url) }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  const teamIds = chosen.map((team) => team.id);
  const [types, drills] = await Promise.all([missedTypes({ db, teamIds, range, flawType: filters.flawType }), missedDrills({ db, teamIds, wholeOrganisation, range, flawType: filters.flawType })]);
  return { filters, range, problem, teams, chosen: chosen.map((team) => team.name), types, drills, query: filterQuery(filters) };
}

export default function Slips() {
  const { filters, range, problem, teams, chosen, types, drills, query } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/insights?${query}`}>← Insights</Link>
      </p>
      <h1>Where errors slip through</h1>
      <p className="muted">{chosen.join(", ") || "No teams"}: planted flaws that first attempts did not mark.</p>
      <InsightsFilters filters={filters} teams={teams} range={range} problem={problem} />
      <section className="panel" aria-labelledby="types-heading">
        <TableHeading id="types-heading" title="Flaw types missed most" csv={`/insights/export.csv?${filterQuery(filters, { table: "missed-types" })}`} />
        {types.length === 0 ? (
          <p className="muted">No planted flaws in this window.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Flaw type</th>
                <th scope="col">Missed</th>
                <th scope="col">Error-spotting</th>
              </tr>
            </thead>
            <tbody>
              {types.map((row) => (
                <tr key={row.flawType}>
                  <th scope="row">{FLAW_LABELS[row.flawType]}</th>
                  <td>
                    {row.missed} of {row.planted}
                  </td>
                  <td>
                    <RateValue figure={row.spotting} unit="flaws" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="drills-heading">
        <TableHeading id="drills-heading" title="Drills missed most" csv={`/insights/export.csv?${filterQuery(filters, { table: "missed-flaws" })}`} />
        <p className="muted">The drills whose planted flaws first attempts in this window missed most, counted over all of them.</p>
        {drills.length === 0 ? (
          <p className="muted">No missed flaws in this window.</p>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Drill</th>
                  <th scope="col">Flaw type</th>
                  <th scope="col">Missed text</th>
                  <th scope="col">Times missed, of first attempts</th>
                  <th scope="col">Policy section violated</th>
                </tr>
              </thead>
              <tbody>
                {drills.flatMap((drill) =>
                  drill.flaws.map((flaw, index) => (
                    <tr key={`${drill.drillId}-${flaw.flawType}-${flaw.quote}`}>
                      {index === 0 ? (
                        <th scope="rowgroup" rowSpan={drill.flaws.length}>
                          {drill.title}
                          <span className="figure-note">
                            {drill.drillId} · {drill.missed} {drill.missed === 1 ? "flaw" : "flaws"} missed in {drill.attempts} first {drill.attempts === 1 ? "attempt" : "attempts"}
                          </span>
                        </th>
                      ) : null}
                      <td>{FLAW_LABELS[flaw.flawType]}</td>
                      <td>
                        <q className="missed-text">{flaw.quote}</q>
                        <span className="figure-note">{flaw.explanation}</span>
                      </td>
                      <td>
                        {flaw.missed} of {flaw.planted}
                      </td>
                      <td>
                        {flaw.policy ? (
                          <Link to={`/policies/${flaw.policy.policyId}#${flaw.policy.anchor}`}>
                            {flaw.policy.heading} <span className="anchor-link">{flaw.policy.anchor}</span>
                          </Link>
                        ) : (
                          <span className="muted">none named</span>
                        )}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
