import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList } from "~/app/components/forms";
import { getDb } from "~/app/db.server";
import { Pager } from "~/app/components/pager";
import { pageOf, parsePageParam } from "~/app/paging";
import { inboxQuery, parseInboxFilters } from "~/app/near-miss/inbox-filters";
import { dueSummary, groupBySection, inboxChoices, listInbox } from "~/app/near-miss/triage.server";
import { CATEGORY_SHORT_LABELS, clockText, SEVERITY_SHORT_LABELS, STATUS_LABELS } from "~/app/near-miss/words";
import { NEAR_MISS_CATEGORIES, NEAR_MISS_STATUSES } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Near-miss inbox · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "near_miss:triage" });
  const db = await getDb();
  const url = new URL(request.url);
  const { filters, problems } = parseInboxFilters(url.searchParams);
  const { page, problem: pageProblem } = parsePageParam(url.searchParams.get("page"));
  const reports = await listInbox({ db, filters });
  const choices = await inboxChoices({ db });
  // What is due counts every report the filters keep; the page shows INBOX_PAGE_SIZE of them.
  const { items, ...shown } = pageOf(reports, page, INBOX_PAGE_SIZE);
  return { filters, problems, pageProblem, groups: groupBySection(items), shown, due: dueSummary(reports), choices };
}

const INBOX_PAGE_SIZE = 50;

export default function NearMissInbox() {
  const { filters, problems, pageProblem, groups, shown, due, choices } = useLoaderData<typeof loader>();
  const { total } = shown;
  const headings = new Map(choices.sections.map((s) => [s.anchor, `${s.heading} (${s.policyTitle})`]));
  return (
    <>
      <h1>Near-miss inbox</h1>
      <p className="muted">
        Reports are anonymous: they carry the week they were filed in and, only if the reporter chose, a team — nothing else about who sent them. Acknowledge by the Monday after the week of a report (move it to
        reviewing, or reply), give feedback within 3 months of that week's Monday (a reply marked as feedback).
      </p>
      <section className="panel" aria-labelledby="due-heading">
        <h2 id="due-heading">Due under the reporting promise</h2>
        <ul className="due-summary">
          <li className={due.acknowledgementOverdue > 0 ? "clock-overdue" : undefined}>Acknowledgements overdue: {due.acknowledgementOverdue}</li>
          <li>Acknowledgements due within 2 days: {due.acknowledgementDueSoon}</li>
          <li className={due.feedbackOverdue > 0 ? "clock-overdue" : undefined}>Feedback overdue: {due.feedbackOverdue}</li>
          <li>Feedback due within 2 days: {due.feedbackDueSoon}</li>
          <li>Reporter wrote last, no answer yet: {due.awaitingReply}</li>
        </ul>
      </section>
      <Form method="get" className="panel inbox-filters" aria-label="Filters">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ""} aria-invalid={problems.status ? true : undefined} aria-describedby={problems.status ? "filter-status-error" : undefined}>
            <option value="">Any</option>
            {NEAR_MISS_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
          <ErrorList id="filter-status-error" errors={[problems.status]} />
        </div>
        <div className="field">
          <label htmlFor="filter-category">Category</label>
          <select id="filter-category" name="category" defaultValue={filters.category ?? ""} aria-invalid={problems.category ? true : undefined} aria-describedby={problems.category ? "filter-category-error" : undefined}>
            <option value="">Any</option>
            {NEAR_MISS_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_SHORT_LABELS[category]}
              </option>
            ))}
          </select>
          <ErrorList id="filter-category-error" errors={[problems.category]} />
        </div>
        <div className="field">
          <label htmlFor="filter-section">Policy section</label>
          <select id="filter-section" name="section" defaultValue={filters.section ?? ""} aria-invalid={problems.section ? true : undefined} aria-describedby={problems.section ? "filter-section-error" : undefined}>
            <option value="">Any</option>
            {choices.sections.map((section) => (
              <option key={section.anchor} value={section.anchor}>
                {section.heading} · {section.policyTitle}
              </option>
            ))}
          </select>
          <ErrorList id="filter-section-error" errors={[problems.section]} />
        </div>
        <div className="field">
          <label htmlFor="filter-week">Week</label>
          <select id="filter-week" name="week" defaultValue={filters.week ?? ""} aria-invalid={problems.week ? true : undefined} aria-describedby={problems.week ? "filter-week-error" : undefined}>
            <option value="">Any</option>
            {choices.weeks.map((week) => (
              <option key={week} value={week}>
                {week}
              </option>
            ))}
          </select>
          <ErrorList id="filter-week-error" errors={[problems.week]} />
        </div>
        <p>
          <button type="submit" className="primary">
            Filter
          </button>{" "}
          {inboxQuery(filters) ? <Link to="/near-misses">Clear filters</Link> : null}
        </p>
      </Form>
      <p role="status">
        {total} report{total === 1 ? "" : "s"}
        {inboxQuery(filters) ? (total === 1 ? " matches the filters" : " match the filters") : ""}.
        {shown.pages > 1 ? ` Showing ${shown.first}–${shown.last}, newest week first.` : ""}
      </p>
      {pageProblem ? (
        <p className="form-errors" role="alert">
          {`The first page is shown: ${pageProblem}.`}
        </p>
      ) : null}
      {groups.map((group) => (
        <section key={group.anchor ?? "none"} className="panel" aria-labelledby={`group-${group.anchor ?? "none"}`}>
          <h2 id={`group-${group.anchor ?? "none"}`}>
            {group.anchor ? (
              <>
                {headings.get(group.anchor) ?? group.anchor} <code className="muted">{group.anchor}</code>
              </>
            ) : (
              "No policy section named"
            )}{" "}
            <span className="badge">{group.reports.length}</span>
          </h2>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Week</th>
                  <th scope="col">Report</th>
                  <th scope="col">Status</th>
                  <th scope="col">Promise 7</th>
                </tr>
              </thead>
              <tbody>
                {group.reports.map((report) => (
                  <tr key={report.id}>
                    <td>{report.week}</td>
                    <td>
                      <Link to={`/near-misses/${report.id}`}>
                        {CATEGORY_SHORT_LABELS[report.category]} · {report.tool}
                      </Link>
                      <span className="figure-note">{report.excerpt}</span>
                      <span className="figure-note">
                        Severity: {SEVERITY_SHORT_LABELS[report.severity]} · Team: {report.team ?? "not given"}
                        {report.awaitingReply ? " · the reporter wrote last" : ""}
                      </span>
                    </td>
                    <td>{STATUS_LABELS[report.status]}</td>
                    <td>
                      <span className={`figure-note clock-${report.clocks.acknowledgement.state}`}>{clockText(report.clocks.acknowledgement, "Acknowledgement")}</span>
                      <span className={`figure-note clock-${report.clocks.feedback.state}`}>{clockText(report.clocks.feedback, "Feedback")}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <Pager page={shown.page} pages={shown.pages} query={new URLSearchParams(inboxQuery(filters))} label="Pages of reports" />
    </>
  );
}
