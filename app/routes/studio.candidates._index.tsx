import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ChangeSummary } from "~/app/components/reply-comparison";
import { getDb } from "~/app/db.server";
import { listCandidates } from "~/app/drill-candidates/candidates.server";
import { DRILL_CANDIDATE_STATUS_LABELS, INBOX_CANDIDATE_STATUSES } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Drill candidates · Redline" }];

const QuerySchema = z.object({
  status: z.enum(INBOX_CANDIDATE_STATUSES).default("new"),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

/** A query it cannot read shows the newest new candidates and says so (never a 500, never the value back). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "studio:author" });
  const parsed = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { status: "new" as const, before: undefined };
  const page = await listCandidates({ db: await getDb(), status: query.status, before: query.before });
  return { ...query, ...page, problem: parsed.success ? null : "The address asked for a list this inbox does not have; showing the newest new candidates. Pick a tab." };
}

const EXCERPT = 140;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).trimEnd()}…` : text);

export default function DrillCandidates() {
  const { status, before, candidates, counts, nextBefore, problem } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Drill candidates</h1>
      <p className="muted">
        Replies from production where the agent changed the AI draft before sending it, posted by the live assistant to <code>POST /api/v1/drill-candidates</code>. Every text was redacted on arrival.
        What the agent took out or changed is a likely flaw: turn a candidate into a draft drill with those spans proposed as flaws, or dismiss it. Replies sent unchanged are never shown. <Link to="/studio">Back to the studio</Link>
      </p>
      <nav aria-label="Candidate status" className="candidate-tabs">
        <ul>
          {INBOX_CANDIDATE_STATUSES.map((one) => (
            <li key={one}>
              <Link to={`?status=${one}`} aria-current={one === status ? "page" : undefined}>
                {DRILL_CANDIDATE_STATUS_LABELS[one]} ({counts[one]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {problem ? (
        <p className="form-errors" role="alert">
          {problem}
        </p>
      ) : null}
      <p role="status">
        {candidates.length === 0 ? `No candidates are ${DRILL_CANDIDATE_STATUS_LABELS[status].toLowerCase()}.` : `${counts[status]} ${DRILL_CANDIDATE_STATUS_LABELS[status].toLowerCase()}${before ? ", older ones" : ""}:`}
      </p>
      {candidates.length > 0 ? (
        <ol className="candidate-list">
          {candidates.map((candidate) => {
            const [first] = candidate.comparison.spans;
            return (
              <li key={candidate.id} className="panel">
                <h2 className="candidate-heading">
                  <Link to={`/studio/candidates/${candidate.id}`}>Candidate {candidate.id}</Link>{" "}
                  <span className="badge">
                    {candidate.comparison.spans.length} change{candidate.comparison.spans.length === 1 ? "" : "s"}
                  </span>
                </h2>
                <p className="figure-note">
                  Received {candidate.receivedAt.slice(0, 10)} · {candidate.locale ?? "language not given"}
                  {candidate.policyRefs.length > 0 ? ` · ${candidate.policyRefs.join(", ")}` : ""}
                  {candidate.drillId ? (
                    <>
                      {" "}
                      · drill <Link to={`/studio/drills/${candidate.drillId}`}>{candidate.drillId}</Link>
                    </>
                  ) : null}
                </p>
                <p>Customer: {excerpt(candidate.customerMessage)}</p>
                {first ? (
                  <p className="candidate-change">
                    <ChangeSummary span={first} limit={EXCERPT} />
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {nextBefore ? (
        <p>
          <Link to={`?status=${status}&before=${nextBefore}`}>Older candidates</Link>
        </p>
      ) : null}
    </>
  );
}
