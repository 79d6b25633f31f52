import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ChangeSummary, ReplyComparison } from "~/app/components/reply-comparison";
import { DETECTOR_IDS, DETECTOR_LABELS } from "~/app/content/detectors";
import { getDb } from "~/app/db.server";
import { getCandidate, setCandidateStatus } from "~/app/drill-candidates/candidates.server";
import { MAX_EDITS } from "~/app/drill-candidates/changed-spans";
import { InputError } from "~/app/input-error";
import { drillFromCandidate } from "~/app/studio/from-candidate.server";
import { DRILL_CANDIDATE_STATUS_LABELS } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Drill candidate · Redline" }];

const ParamsSchema = z.object({ candidateId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const ActionSchema = z.object({ intent: z.enum(["drill", "dismiss", "restore"], { error: "Send the form from the candidate's page." }) });

function candidateIdOf(params: unknown): number {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("There is no such candidate.", { status: 404 });
  return parsed.data.candidateId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "studio:author" });
  const candidate = await getCandidate({ db: await getDb(), candidateId: candidateIdOf(params) });
  if (!candidate) throw new Response("There is no such candidate.", { status: 404 });
  return { candidate };
}

const DONE: Record<"dismiss" | "restore", string> = {
  dismiss: "Dismissed. The candidate is listed under Dismissed; restore it to bring it back.",
  restore: "Restored: the candidate is new again.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const author = await requireUser(request, { permission: "studio:author" });
  const candidateId = candidateIdOf(params);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: null, error: "Send the form from the candidate's page." }, { status: 400 });
  const db = await getDb();
  try {
    if (parsed.data.intent === "drill") {
      const drillId = await drillFromCandidate({ db, actorId: author.id, candidateId });
      return redirect(`/studio/drills/${drillId}`);
    }
    await setCandidateStatus({ db, actorId: author.id, candidateId, to: parsed.data.intent === "dismiss" ? "dismissed" : "new" });
    return { message: DONE[parsed.data.intent], error: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (error.status === 404) throw new Response(error.message, { status: 404 });
    return data({ message: null, error: error.message }, { status: error.status });
  }
}

export default function DrillCandidatePage() {
  const { candidate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { spans } = candidate.comparison;
  const redacted = DETECTOR_IDS.filter((id) => (candidate.redactions[id] ?? 0) > 0).map((id) => `${candidate.redactions[id]} ${DETECTOR_LABELS[id]}${candidate.redactions[id] === 1 ? "" : "s"}`);
  return (
    <>
      <p>
        <Link to={`/studio/candidates?status=${candidate.status}`}>Drill candidates</Link>
      </p>
      <h1>Candidate {candidate.id}</h1>
      <p className="figure-note">
        {DRILL_CANDIDATE_STATUS_LABELS[candidate.status]} · received {candidate.receivedAt.slice(0, 10)} · {candidate.locale ?? "language not given"} ·{" "}
        {redacted.length > 0 ? `redacted on arrival: ${redacted.join(", ")}` : "nothing needed redacting"}
      </p>
      <div role="status">{result?.message ? <p className="notice">{result.message}</p> : null}</div>
      <div role="alert">{result?.error ? <p className="form-errors">{result.error}</p> : null}</div>
      <section className="panel" aria-labelledby="customer-heading">
        <h2 id="customer-heading">Customer message</h2>
        <p className="stored-text">{candidate.customerMessage}</p>
      </section>
      <section className="panel" aria-labelledby="compare-heading">
        <h2 id="compare-heading">What the agent changed</h2>
        {candidate.comparison.rewritten ? <p>The agent rewrote the reply: it differs from the draft in more than {MAX_EDITS} words, so the whole draft is one change.</p> : null}
        <ReplyComparison draft={candidate.comparison.draft} reply={candidate.comparison.reply} />
        <h3>
          {spans.length} change{spans.length === 1 ? "" : "s"}, each a proposed flaw
        </h3>
        <ol className="candidate-changes">
          {spans.map((span) => (
            <li key={span.start}>
              <ChangeSummary span={span} />
            </li>
          ))}
        </ol>
        {candidate.policyRefs.length > 0 ? <p>Policy sections the assistant named: {candidate.policyRefs.map((anchor) => <code key={anchor}>{anchor} </code>)}</p> : null}
      </section>
      <section className="panel" aria-labelledby="drill-heading">
        <h2 id="drill-heading">Training drill</h2>
        {candidate.drillId ? (
          <p>
            This candidate became the studio drill <Link to={`/studio/drills/${candidate.drillId}`}>{candidate.drillId}</Link>.
          </p>
        ) : (
          <Form method="post">
            <p>
              A draft studio drill with the customer message and the AI draft (both redacted), and a proposed flaw at each change
              {candidate.policyRefs[0] ? <> with the policy {candidate.policyRefs[0]}</> : null}, for you to type, explain, keep or drop.
            </p>
            <p className="actions">
              <button type="submit" name="intent" value="drill" className="primary" disabled={busy}>
                Turn into a drill
              </button>{" "}
              {candidate.status === "new" ? (
                <button type="submit" name="intent" value="dismiss" disabled={busy}>
                  Dismiss
                </button>
              ) : null}
              {candidate.status === "dismissed" ? (
                <button type="submit" name="intent" value="restore" disabled={busy}>
                  Restore
                </button>
              ) : null}
            </p>
          </Form>
        )}
      </section>
    </>
  );
}
