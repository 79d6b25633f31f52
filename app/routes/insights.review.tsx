import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { FLAW_LABELS } from "~/app/vocabulary";
import {
  BandBadge,
  ProductionValue,
  RateValue,
  SpottingValue,
} from "~/app/components/insights-figures";
import { PrintButton } from "~/app/components/print-button";
import { getDb } from "~/app/db.server";
import {
  nearMissFigures,
  type FigureCell,
} from "~/app/near-miss/aggregates.server";
import { isMonthClosed } from "~/app/near-miss/clocks";
import { CATEGORY_SHORT_LABELS } from "~/app/near-miss/words";
import { NEAR_MISS_CATEGORIES, type NearMissCategory } from "~/app/vocabulary";
import { refusalResponse } from "~/app/http.server";
import { filteredTeams } from "~/app/insights/scope.server";
import { monthlyReview } from "~/app/insights/review.server";
import { parseReviewMonth } from "~/app/insights/review-month";
import { changeText, TIER_LABELS } from "~/app/insights/words";
import type { ProficiencySummary } from "~/app/insights/standing";
import { TIERS } from "~/app/practice/metrics";
import {
  organisationBands,
  teamBands,
} from "~/app/settings/band-settings.server";
import type { ReactNode } from "react";
import { z } from "zod";
import type { ProductionFigure } from "~/app/insights/figures";

export const meta: MetaFunction = () => [
  { title: "Monthly review · Insights · Redline" },
];

const TeamParams = z.array(z.coerce.number().int().positive()).catch([]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  const db = await getDb();
  const url = new URL(request.url);
  const review = parseReviewMonth(url.searchParams.get("month"));
  const { all, chosen } = await filteredTeams({
    db,
    viewer: user,
    teamIds: [...new Set(TeamParams.parse(url.searchParams.getAll("team")))],
  }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  // One team's review uses its own thresholds; several teams' the organisation's.
  const [single] = chosen;
  const bands =
    chosen.length === 1 && single
      ? await teamBands({ db, teamId: single.id })
      : await organisationBands({ db });
  const [figures, nearMisses] = await Promise.all([
    monthlyReview({
      db,
      teamIds: chosen.map((team) => team.id),
      review,
      settings: bands.settings,
    }),
    nearMissFigures({ db, viewer: user }),
  ]);
  // The near-miss channel's own figures, as its page publishes them (one suppression for every viewer), for this month only.
  const column = nearMisses.months.indexOf(review.month);
  const nearMiss = {
    k: nearMisses.k,
    closed: isMonthClosed(review.month, new Date()),
    categories:
      column < 0
        ? []
        : nearMisses.categoryRows.map((row) => ({
            key: row.key,
            label: row.label,
            cell: row.cells[column],
          })),
    teams:
      column < 0
        ? []
        : nearMisses.teamRows
            .filter((row) => chosen.some((team) => String(team.id) === row.key))
            .map((row) => ({
              key: row.key,
              label: row.label,
              cell: row.cells[column],
            })),
    total: column < 0 ? null : nearMisses.totals[column] ?? null,
  };
  return {
    review,
    teams: all,
    chosen: chosen.map((team) => ({ id: team.id, name: team.name })),
    figures,
    nearMiss,
  };
}

function Weeks({
  range,
}: {
  range: { firstWeek: string; lastWeek: string; weeks: string[] };
}) {
  return (
    <>
      {range.weeks.length} ISO weeks, {range.firstWeek} to the week of{" "}
      {range.lastWeek}
    </>
  );
}

export default function MonthlyReview() {
  const { review, teams, chosen, figures, nearMiss } =
    useLoaderData<typeof loader>();
  const teamQuery =
    chosen.length === teams.length
      ? ""
      : chosen.map((team) => `&team=${team.id}`).join("");
  return (
    <article className="review">
      <p className="no-print">
        <Link to="/insights">← Insights</Link>
      </p>
      <h1>Monthly review: {review.label}</h1>
      <p className="muted">
        {chosen.map((team) => team.name).join(", ") || "No teams"} · first
        attempts only · <Weeks range={review.range} /> (a week belongs to the
        month that holds its Thursday) · compared with {review.previous.label}.
      </p>
      <Form
        method="get"
        className="panel insights-filters no-print"
        aria-label="Review month and teams"
      >
        {teams.length > 1 ? (
          <fieldset className="field">
            <legend>Teams</legend>
            <span className="muted">None ticked: every team you can see.</span>
            {teams.map((team) => (
              <div className="checkbox" key={team.id}>
                <input
                  type="checkbox"
                  id={`review-team-${team.id}`}
                  name="team"
                  value={team.id}
                  defaultChecked={
                    teamQuery !== "" && chosen.some((c) => c.id === team.id)
                  }
                />
                <label
                  htmlFor={`review-team-${team.id}`}
                  className="plain-label"
                >
                  {team.name}
                </label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <div className="field">
          <label htmlFor="review-month">Month</label>
          <input
            id="review-month"
            type="month"
            name="month"
            defaultValue={review.month}
            min="2000-01"
            aria-describedby={review.problem ? "month-problem" : undefined}
          />
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary">
            Show
          </button>{" "}
          <PrintButton />
        </div>
        <p className="filter-range">
          <Link
            to={`/insights/review?month=${review.previous.month}${teamQuery}`}
          >
            ← {review.previous.label}
          </Link>
        </p>
        {review.problem ? (
          <p id="month-problem" className="form-errors" role="alert">
            {review.problem}
          </p>
        ) : null}
      </Form>
      {figures === null ? (
        <p className="muted">You lead no teams yet.</p>
      ) : (
        <ReviewBody figures={figures} previousLabel={review.previous.label} />
      )}
      <NearMisses nearMiss={nearMiss} />
    </article>
  );
}

type NearMiss = ReturnType<typeof useLoaderData<typeof loader>>["nearMiss"];

function countCell(cell: FigureCell | undefined) {
  if (!cell) return <td className="suppressed">hidden</td>;
  return cell.status === "shown" ? (
    <td>{cell.text}</td>
  ) : (
    <td className="suppressed">{cell.text}</td>
  );
}

const isCategory = (key: string): key is NearMissCategory =>
  NEAR_MISS_CATEGORIES.some((category) => category === key);

/** The month's near-miss reports, from the channel's own published figures: anonymous counts, small ones hidden, never joined with the figures above. */
function NearMisses({ nearMiss }: { nearMiss: NearMiss }) {
  return (
    <section className="panel" aria-labelledby="near-miss-heading">
      <h2 id="near-miss-heading">Near-miss reports</h2>
      {!nearMiss.closed ? (
        <p className="muted">
          A month's near-miss figures are published once it is over.
        </p>
      ) : nearMiss.total === null ? (
        <p className="muted">No near-miss reports this month.</p>
      ) : (
        <>
          <p className="muted">
            Anonymous reports of AI errors and misuse, counted by the near-miss
            channel and never combined with the drill figures above. &lt;{" "}
            {nearMiss.k} means fewer than {nearMiss.k} (possibly none);
            &quot;hidden&quot; keeps a small count from being worked out from
            the total.
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <caption className="visually-hidden">
                Near-miss reports this month by category, the whole organisation
              </caption>
              <thead>
                <tr>
                  <th scope="col">Category (whole organisation)</th>
                  <th scope="col">Reports</th>
                </tr>
              </thead>
              <tbody>
                {nearMiss.categories.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">
                      {isCategory(row.key)
                        ? CATEGORY_SHORT_LABELS[row.key]
                        : row.label}
                    </th>
                    {countCell(row.cell)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All reports</th>
                  {countCell(nearMiss.total ?? undefined)}
                </tr>
              </tfoot>
            </table>
          </div>
          {nearMiss.teams.length > 0 ? (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <caption className="visually-hidden">
                  Near-miss reports this month that named one of these teams
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Team (when the reporter named it)</th>
                    <th scope="col">Reports</th>
                  </tr>
                </thead>
                <tbody>
                  {nearMiss.teams.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      {countCell(row.cell)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** One figure this month, the month before, and the change between them. */
function CompareRow({
  heading,
  current,
  previous,
  change,
}: {
  heading: ReactNode;
  current: ReactNode;
  previous: ReactNode;
  change: string;
}) {
  return (
    <tr>
      <th scope="row">{heading}</th>
      <td>{current}</td>
      <td>{previous}</td>
      <td>{change}</td>
    </tr>
  );
}

function OverrideValue({
  figures,
}: {
  figures: Pick<Figures["current"]["figures"], "override" | "band">;
}) {
  return (
    <>
      <RateValue figure={figures.override} unit="decisions" />
      <BandBadge band={figures.band} label="Drill band" />
    </>
  );
}

const countChange = (current: number, previous: number) =>
  `${current - previous >= 0 ? "+" : "−"}${Math.abs(current - previous)}`;

const productionChange = (
  current: ProductionFigure | null,
  previous: ProductionFigure | null
) => (current ? changeText(current.override, previous?.override ?? null) : "—");

function reachedText(summary: ProficiencySummary): string {
  if (
    summary.proficient === 0 ||
    summary.medianDays === null ||
    summary.medianDrills === null
  )
    return "nobody reached proficiency";
  return `${summary.proficient} ${
    summary.proficient === 1 ? "agent" : "agents"
  } reached proficiency, after a median of ${summary.medianDrills} drills and ${
    summary.medianDays
  } days`;
}

type Figures = NonNullable<
  ReturnType<typeof useLoaderData<typeof loader>>["figures"]
>;

function ReviewBody({
  figures,
  previousLabel,
}: {
  figures: Figures;
  previousLabel: string;
}) {
  const { current, previous } = figures;
  return (
    <>
      <section className="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">The month at a glance</h2>
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">This month</th>
                <th scope="col">{previousLabel}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              <CompareRow
                heading="First attempts"
                current={current.figures.attempts}
                previous={previous.figures.attempts}
                change={countChange(
                  current.figures.attempts,
                  previous.figures.attempts
                )}
              />
              <CompareRow
                heading="Error-spotting"
                current={<SpottingValue figures={current.figures} />}
                previous={<SpottingValue figures={previous.figures} />}
                change={changeText(
                  current.figures.spotting,
                  previous.figures.spotting
                )}
              />
              <CompareRow
                heading="Drill override rate"
                current={<OverrideValue figures={current.figures} />}
                previous={<OverrideValue figures={previous.figures} />}
                change={changeText(
                  current.figures.override,
                  previous.figures.override
                )}
              />
              <CompareRow
                heading="Unneeded overrides (clean drafts)"
                current={
                  <RateValue figure={current.figures.unneeded} unit="clean" />
                }
                previous={
                  <RateValue figure={previous.figures.unneeded} unit="clean" />
                }
                change={changeText(
                  current.figures.unneeded,
                  previous.figures.unneeded
                )}
              />
              <CompareRow
                heading="Production override rate"
                current={<ProductionValue production={current.production} />}
                previous={<ProductionValue production={previous.production} />}
                change={productionChange(
                  current.production,
                  previous.production
                )}
              />
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="kinds-heading">
        <h2 id="kinds-heading">
          Where AI suggestions were overridden in production
        </h2>
        {figures.kinds.length === 0 ? (
          <p className="muted">No production events in either month.</p>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Suggestion kind</th>
                  <th scope="col">This month</th>
                  <th scope="col">{previousLabel}</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {figures.kinds.map((row) => (
                  <CompareRow
                    key={row.kind}
                    heading={row.kind || "(no kind given)"}
                    current={<ProductionValue production={row.current} />}
                    previous={<ProductionValue production={row.previous} />}
                    change={productionChange(row.current, row.previous)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="slipped-heading">
        <h2 id="slipped-heading">Where flaws slipped through in drills</h2>
        {figures.types.length === 0 ? (
          <p className="muted">No planted flaws this month.</p>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Flaw type</th>
                  <th scope="col">Missed</th>
                  <th scope="col">Error-spotting</th>
                  <th scope="col">Change since {previousLabel}</th>
                </tr>
              </thead>
              <tbody>
                {figures.types.map((row) => (
                  <tr key={row.flawType}>
                    <th scope="row">{FLAW_LABELS[row.flawType]}</th>
                    <td>
                      {row.missed} of {row.planted}
                    </td>
                    <td>
                      <RateValue figure={row.spotting} unit="flaws" />
                    </td>
                    <td>{changeText(row.spotting, row.previousSpotting)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>Drills missed most</h3>
        {figures.drills.length === 0 ? (
          <p className="muted">No missed flaws this month.</p>
        ) : (
          <ul className="review-list">
            {figures.drills.map((drill) => (
              <li key={drill.drillId}>
                <strong>{drill.title}</strong>{" "}
                <span className="muted">
                  ({drill.missed} {drill.missed === 1 ? "flaw" : "flaws"} missed in{" "}
                  {drill.attempts} first{" "}
                  {drill.attempts === 1 ? "attempt" : "attempts"})
                </span>
                <ul>
                  {drill.flaws.map((flaw) => (
                    <li key={`${flaw.flawType}-${flaw.quote}`}>
                      {FLAW_LABELS[flaw.flawType]}, missed {flaw.missed} of{" "}
                      {flaw.planted}:{" "}
                      <q className="missed-text">{flaw.quote}</q>
                      {flaw.policy ? (
                        <span className="anchor-link">
                          {" "}
                          [{flaw.policy.anchor}]
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="controls-heading">
        <h2 id="controls-heading">Clean controls most often overridden</h2>
        <p className="muted">
          Drafts with nothing wrong that agents rewrote or escalated anyway
          (controls seen at least 3 times).
        </p>
        {figures.controls.length === 0 ? (
          <p className="muted">No control was overridden this month.</p>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Control</th>
                  <th scope="col">Overridden</th>
                </tr>
              </thead>
              <tbody>
                {figures.controls.map((row) => (
                  <tr key={row.drillId}>
                    <th scope="row">{row.title}</th>
                    <td>
                      <RateValue figure={row.overridden} unit="attempts" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="tiers-heading">
        <h2 id="tiers-heading">Tier movements</h2>
        <p>
          {figures.tiers.up} moved up, {figures.tiers.down} moved down,{" "}
          {figures.tiers.same} stayed, of {figures.tiers.agents} agents (tiers
          at the end of {previousLabel} and at the end of this month).
        </p>
        <div className="table-scroll" tabIndex={0}>
          <table>
            <caption className="visually-hidden">
              Agents by tier at the end of {previousLabel} (rows) and at the end
              of this month (columns)
            </caption>
            <thead>
              <tr>
                <th scope="col">From \ to</th>
                {TIERS.map((tier) => (
                  <th scope="col" key={tier}>
                    {TIER_LABELS[tier]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {TIERS.map((from) => (
                <tr key={from}>
                  <th scope="row">{TIER_LABELS[from]}</th>
                  {TIERS.map((to) => (
                    <td key={to}>{figures.tiers.from[from][to]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="proficiency-heading">
        <h2 id="proficiency-heading">Time to proficiency</h2>
        <p>This month: {reachedText(figures.proficiency)}.</p>
        <p>
          {previousLabel}: {reachedText(figures.previousProficiency)}.
        </p>
      </section>
    </>
  );
}
