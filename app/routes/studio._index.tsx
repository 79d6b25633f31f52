import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { drillsTakenBlind, pendingTakes } from "~/app/calibration/calibration.server";
import { CalibrationRequests } from "~/app/components/calibration-results";
import { DiscriminationCell, HintsCell } from "~/app/components/item-analysis";
import { getDb } from "~/app/db.server";
import { percent } from "~/app/format";
import { DISCRIMINATION_EXPLAINED } from "~/app/item-analysis/wording";
import { DRILL_LIST_PAGE_SIZE, DRILL_LIST_SORTS, drillListQuerySchema, filterAndSortDrills } from "~/app/studio/drill-list";
import { pageOf } from "~/app/paging";
import { Pager } from "~/app/components/pager";
import { studioDrillRows } from "~/app/studio/drill-list.server";
import { CONTENT_ORIGINS, DRILL_STATUSES, DRILL_STATUS_LABELS, FLAW_LABELS, FLAW_TYPES } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Studio · Redline" }];

const SORT_LABELS: Record<(typeof DRILL_LIST_SORTS)[number], string> = {
  attention: "Needs attention first",
  changed: "Last changed",
  title: "Title",
  attempts: "Most first attempts",
  facility: "Lowest facility",
  discrimination: "Lowest discrimination",
  hints: "Most hints",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "studio:author" });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = drillListQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : {};
  const db = await getDb();
  const [{ rows: all, minAttempts }, requests, blind] = await Promise.all([studioDrillRows({ db }), pendingTakes({ db, userId: user.id }), drillsTakenBlind({ db, userId: user.id })]);
  // A drill the user is asked to take blind stays out of their list (its flaw types would give the key away) until the take is in.
  const rows = all.filter((row) => !blind.has(row.id));
  return {
    query,
    minAttempts,
    problem: parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
    locales: [...new Set(rows.map((row) => row.locale).filter(Boolean))].sort(),
    total: rows.length,
    shown: pageOf(filterAndSortDrills(rows, query), query.page, DRILL_LIST_PAGE_SIZE),
    calibrationRequests: requests.map((request) => ({ roundId: request.roundId, askedBy: request.askedBy, askedOn: request.askedAt.toISOString().slice(0, 10) })),
  };
}

export default function Studio() {
  const { query, problem, locales, total, shown, minAttempts, calibrationRequests } = useLoaderData<typeof loader>();
  const drills = shown.items;
  const pageQuery = new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (key === "page" || value === undefined ? [] : [[key, String(value)]])));
  return (
    <>
      <div className="toolbar">
        <h1>Studio</h1>
        <Link className="primary" to="/studio/drills/new">
          New drill
        </Link>
      </div>
      <p className="muted">
        Every drill, from files and from the studio. A file drill is edited in its file (the studio shows it read only and can copy it); a studio drill is written
        here and published as immutable revisions. <Link to="/studio/policies">Policies</Link> · <Link to="/drills/needs-review">Drills to confirm</Link> · <Link to="/studio/candidates">Drill candidates from production</Link>
      </p>
      <CalibrationRequests requests={calibrationRequests} />
      <Form method="get" className="panel insights-filters" aria-label="Filter drills">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="Id, title or file" />
        </div>
        <Select name="status" label="Status" value={query.status} options={DRILL_STATUSES.map((status) => [status, DRILL_STATUS_LABELS[status]])} />
        <Select name="origin" label="Home" value={query.origin} options={CONTENT_ORIGINS.map((origin) => [origin, origin === "file" ? "File" : "Studio"])} />
        <Select name="locale" label="Language" value={query.locale} options={locales.map((locale) => [locale, locale])} />
        <Select name="type" label="Flaw type" value={query.type} options={FLAW_TYPES.map((type) => [type, FLAW_LABELS[type]])} />
        <Select name="sort" label="Sort" value={query.sort ?? "attention"} options={DRILL_LIST_SORTS.map((sort) => [sort, SORT_LABELS[sort]])} all={false} />
        <button type="submit">Show</button>
      </Form>
      {problem ? (
        <p className="form-errors" role="alert">
          Some filters were not understood and are ignored: {problem}
        </p>
      ) : null}
      <p role="status">{shown.total === 0 ? `No drills of ${total} match` : `Drills ${shown.first}–${shown.last} of ${shown.total}${shown.total === total ? "" : ` matching (${total} in all)`}`}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Drills">
        <table>
          <thead>
            <tr>
              <th scope="col">Drill</th>
              <th scope="col">Home</th>
              <th scope="col">Status</th>
              <th scope="col">Language</th>
              <th scope="col">Flaw types</th>
              <th scope="col">Difficulty</th>
              <th scope="col">First attempts</th>
              <th scope="col">Facility</th>
              <th scope="col">Discrimination</th>
              <th scope="col">Hints</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {drills.map((drill) => (
              <tr key={drill.id}>
                <td>
                  <Link to={`/studio/drills/${drill.id}`}>{drill.title}</Link>
                  <div className="muted">
                    <code>{drill.id}</code>
                  </div>
                </td>
                <td>{drill.origin === "file" ? <code>{drill.file}</code> : "Studio"}</td>
                <td>
                  {DRILL_STATUS_LABELS[drill.status]}
                  {drill.unpublished && drill.status !== "draft" ? <div className="muted">unpublished changes</div> : null}
                </td>
                <td>{drill.locale}</td>
                <td>{drill.flawTypes.length === 0 ? "Clean control" : drill.flawTypes.map((type) => FLAW_LABELS[type]).join(", ")}</td>
                <td>{drill.difficulty ?? "—"}</td>
                <td>{drill.firstAttempts}</td>
                <td>{drill.facility === null ? "—" : percent(drill.facility)}</td>
                <td>
                  <DiscriminationCell discrimination={drill.discrimination} enough={drill.firstAttempts >= minAttempts && drill.firstAttempts > 0} />
                </td>
                <td>
                  <HintsCell hints={drill.hints} />
                </td>
                <td>{drill.changedAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={shown.page} pages={shown.pages} query={pageQuery} label="Pages of drills" />
      <p className="muted">
        Item analysis, from {minAttempts} first attempts (an admin sets the minimum): facility is the share of first attempts with the right decision on the draft (override a
        flawed one, send a clean one). {DISCRIMINATION_EXPLAINED} The drill's page explains each hint, and also finds spans agents marked where no flaw is planted.
      </p>
    </>
  );
}

function Select({ name, label, value, options, all = true }: { name: string; label: string; value: string | undefined; options: [string, string][]; all?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        {all ? <option value="">All</option> : null}
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
