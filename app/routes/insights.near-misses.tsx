import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { nearMissFigures, type FigureCell, type FigureRow } from "~/app/near-miss/aggregates.server";
import { CATEGORY_SHORT_LABELS } from "~/app/near-miss/words";
import { NEAR_MISS_CATEGORIES, type NearMissCategory } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Near-miss figures · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, { permission: "insights:read" });
  return nearMissFigures({ db: await getDb(), viewer });
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function monthLabel(month: string) {
  const [year, number] = month.split("-");
  return `${MONTH_NAMES[Number(number) - 1] ?? number} ${year}`;
}

function isCategory(key: string): key is NearMissCategory {
  return NEAR_MISS_CATEGORIES.some((category) => category === key);
}

function Cell({ cell }: { cell: FigureCell }) {
  if (cell.status === "shown") return <td>{cell.text}</td>;
  return (
    <td className="suppressed" data-suppressed={cell.status}>
      {cell.text}
    </td>
  );
}

function FiguresTable({ id, caption, rowHeading, rows, months, totals }: { id: string; caption: string; rowHeading: string; rows: FigureRow[]; months: string[]; totals: FigureCell[] }) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="figures near-miss-figures" id={id}>
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeading}</th>
            {months.map((month) => (
              <th scope="col" key={month}>
                {monthLabel(month)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{isCategory(row.key) ? CATEGORY_SHORT_LABELS[row.key] : row.label}</th>
              {row.cells.map((cell, index) => (
                <Cell key={months[index]} cell={cell} />
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All reports</th>
            {totals.map((cell, index) => (
              <Cell key={months[index]} cell={cell} />
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export default function NearMissFigures() {
  const { k, months, categoryRows, teamRows, totals, admin } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/insights">Insights</Link>
      </p>
      <h1>Near-miss reports</h1>
      <p>
        How many near-miss reports came in each month, by category for the whole organisation and by team{admin ? "" : " for the teams you lead"}. Reports are anonymous: these counts are all there is, and they are
        never combined with drill results or any other performance figure.
      </p>
      <section className="panel" aria-labelledby="reading-heading">
        <h2 id="reading-heading">Reading the tables</h2>
        <ul>
          <li>
            <strong>&lt; {k}</strong>: fewer than {k} reports (possibly none). Small counts are hidden so that no report can be traced to the few people who could have filed it.
          </li>
          <li>
            <strong>hidden</strong>: a larger count, hidden too, because otherwise a small one could be worked out from the month's total.
          </li>
          <li>
            Only finished months are shown (a month counts the ISO weeks whose Thursday falls in it), each on its own: there are no totals over several months, so one month cannot be subtracted from
            another, and a published month never changes.
          </li>
        </ul>
      </section>
      <section className="panel" aria-labelledby="categories-heading">
        <h2 id="categories-heading">By category</h2>
        <FiguresTable id="near-miss-categories" caption="Reports per category and month, the whole organisation" rowHeading="Category" rows={categoryRows} months={months} totals={totals} />
      </section>
      <section className="panel" aria-labelledby="teams-heading">
        <h2 id="teams-heading">By team</h2>
        {teamRows.length === 0 ? (
          <p>You do not lead a team yet.</p>
        ) : (
          <FiguresTable id="near-miss-teams" caption={admin ? "Reports per team and month (a team only when the reporter gave it)" : "Reports per team and month, for the teams you lead (a team only when the reporter gave it)"} rowHeading="Team" rows={teamRows} months={months} totals={totals} />
        )}
      </section>
    </>
  );
}
