import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { can } from "~/app/auth/permissions";
import { agentHome } from "~/app/practice/progress.server";
import { FLAW_LABELS, workingDayNames } from "~/app/vocabulary";
import { IMPROVEMENT } from "~/app/practice/improvement";
import { WEAK_FLAW_TYPES, type WeakTypesState } from "~/app/practice/metrics";
import { homeSummary } from "~/app/home.server";
import { percent } from "~/app/format";
import { MAX_FALSE_FLAG_RATE } from "~/app/practice/spotting-limit";
import { practiceLanguagesFor } from "~/app/practice/languages.server";
import { languageNames } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "Home · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const summary = await homeSummary({ db, user });
  const plays = can(user.role, "practice:play");
  const practice = plays ? await agentHome({ db, userId: user.id, teamId: user.teamId }) : null;
  const languages = plays ? await practiceLanguagesFor({ db, userId: user.id }) : null;
  return { name: user.name, summary, practice, languages };
}

export default function Home() {
  const { name, summary, practice, languages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {name}</h1>
      <p className="muted">Team: {summary.teamName}</p>
      {summary.role === "admin" ? (
        <div className="cards">
          <div className="panel">
            <div className="stat">{summary.activeUsers}</div>
            <div>active users</div>
            <Link to="/admin/users">Manage users</Link>
          </div>
          <div className="panel">
            <div className="stat">{summary.teams}</div>
            <div>teams</div>
            <Link to="/admin/teams">Manage teams</Link>
          </div>
          <div className="panel">
            <div className="stat">Audit</div>
            <div>every admin change, who and when</div>
            <Link to="/admin/audit">Open the audit log</Link>
          </div>
        </div>
      ) : null}
      {summary.role === "leader" ? (
        <section className="panel">
          <h2>Teams you lead</h2>
          {summary.ledTeams.length === 0 ? (
            <p>You do not lead a team yet. An admin can make you a team's leader.</p>
          ) : (
            <>
              <ul>
                {summary.ledTeams.map((team) => (
                  <li key={team.id}>
                    <Link to={`/insights/teams/${team.id}`}>{team.name}</Link> — {team.members} members
                  </li>
                ))}
              </ul>
              <p>
                <Link to="/insights">Insights for your teams</Link>: override-rate bands, error-spotting, tiers and where errors slip through.
              </p>
            </>
          )}
        </section>
      ) : null}
      {practice ? (
        <>
          <section className="panel" aria-labelledby="assigned-heading">
            <h2 id="assigned-heading">Assigned to you</h2>
            {practice.totalAssigned === 0 ? <p className="muted">Nothing is assigned to your team right now.</p> : null}
            {practice.totalAssigned > 0 && practice.assigned.length === 0 ? <p>All {practice.totalAssigned} assigned drills done.</p> : null}
            <ul className="assigned-list">
              {practice.assigned.map((item) => (
                <li key={`${item.assignmentId}-${item.position}`}>
                  <Form method="post" action="/practice" className="inline-form">
                    <input type="hidden" name="assignmentId" value={item.assignmentId} />
                    <input type="hidden" name="position" value={item.position} />
                    <button type="submit" className="link-button">
                      {item.label}
                    </button>{" "}
                    <span className={item.overdue ? "badge overdue" : "badge"}>
                      {item.assignmentTitle} · due {item.dueAt.slice(0, 10)}
                      {item.overdue ? " (overdue)" : ""}
                    </span>
                  </Form>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="week-heading">
            <h2 id="week-heading">Your week</h2>
            <h3 id="goal-heading">Weekly goal</h3>
            <p id="goal-text">
              {practice.weeklyGoal.done} of {practice.weeklyGoal.goal} first attempts this week
              {practice.weeklyGoal.reached ? ": goal reached." : ` (${practice.weeklyGoal.remaining} to go).`} <Link to="/settings#weekly-goal">Change your goal</Link>
            </p>
            <progress className="goal" aria-labelledby="goal-heading" aria-describedby="goal-text" max={practice.weeklyGoal.goal} value={Math.min(practice.weeklyGoal.done, practice.weeklyGoal.goal)} />
            <h3>What you improved this week</h3>
            {practice.improved.length === 0 ? (
              <p className="muted">
                No flaw type rose enough to call it improved this week. A type counts once you have met it at least {IMPROVEMENT.minPlantedThisWeek} times this week and {IMPROVEMENT.minPlantedBefore} times in the {IMPROVEMENT.weeksBefore} weeks before, and catch it at least {IMPROVEMENT.minRisePoints} points more often.
              </p>
            ) : (
              <ul>
                {practice.improved.map((improved) => (
                  <li key={improved.flawType}>
                    {FLAW_LABELS[improved.flawType]}: {improved.caught} of {improved.planted} caught this week, up from {percent(improved.rateBefore)} of {improved.plantedBefore} in the {IMPROVEMENT.weeksBefore} weeks before.
                  </li>
                ))}
              </ul>
            )}
            <h3>Next milestone</h3>
            <p>
              {practice.milestone.sentence} <Link to="/progress">Your progress</Link>
            </p>
          </section>
          <section className="panel" aria-labelledby="practice-heading">
            <h2 id="practice-heading">Practice</h2>
            <div className="cards">
              <div>
                <div className="stat">{practice.streak}</div>
                <div>day streak</div>
                <div className="muted">counts your team's working days, {workingDayNames(practice.workingDays)}</div>
              </div>
              <div>
                <div className="stat">{practice.rating}</div>
                <div>your rating</div>
              </div>
              <div>
                <div className="stat">{practice.attempts}</div>
                <div>drills done</div>
              </div>
            </div>
            <Form method="post" action="/practice">
              <button type="submit" className="primary">
                Next drill
              </button>
            </Form>
            {languages ? (
              <p className="muted">
                Practising in {languageNames(languages.languages)}
                {languages.source === "team" ? " (your team's default)" : ""}. <Link to="/settings">Change your practice languages</Link>
              </p>
            ) : null}
            <h3>Your weakest flaw types</h3>
            <p className="muted">False flags in the last 30 days: {percent(practice.weakTypesFalseFlagRate)} of your marks (at most {percent(MAX_FALSE_FLAG_RATE)} for your spotting to count).</p>
            <WeakTypes state={practice.weakTypes} />
          </section>
        </>
      ) : null}
      {summary.role === "author" ? (
        <div className="cards">
          <div className="panel">
            <div className="stat">{summary.drills}</div>
            <div>
              active drills, {summary.controls} clean controls ({percent(summary.drills === 0 ? 0 : summary.controls / summary.drills)})
            </div>
            <p className="muted">Drills are files in drills/; see README.md to author them.</p>
            {summary.needsReview > 0 ? (
              <p>
                <Link to="/drills/needs-review">{summary.needsReview} need review</Link> after a policy change.
              </p>
            ) : null}
          </div>
          <div className="panel">
            <div className="stat">{summary.policies}</div>
            <div>policies</div>
            <Link to="/policies">Read the policies</Link>
          </div>
          <div className="panel">
            <div className="stat">Assign</div>
            <div>drill sets to teams, with a due date</div>
            <Link to="/assignments">Assignments</Link>
          </div>
        </div>
      ) : null}
    </>
  );
}

function WeakTypes({ state }: { state: WeakTypesState }) {
  switch (state.kind) {
    case "marks_too_broad":
      return <p className="muted">Your marks are too broad to tell which flaw types you miss: mark only what is wrong.</p>;
    case "not_enough":
      return (
        <p className="muted">
          Not enough attempts yet: a flaw type is judged once it has been planted at least {WEAK_FLAW_TYPES.minMissed} times in your drills of the last {WEAK_FLAW_TYPES.days} days.{" "}
          {state.mostPlanted
            ? `So far ${FLAW_LABELS[state.mostPlanted.flawType]} leads with ${state.mostPlanted.planted}: ${state.needed} more to go.`
            : `No planted flaw yet: ${state.needed} of one type to go.`}
        </p>
      );
    case "none_weak":
      return <p className="muted">None: no flaw type you missed {WEAK_FLAW_TYPES.minMissed} times or more in {WEAK_FLAW_TYPES.days} days is below your overall rate.</p>;
    case "weak":
      return (
        <ul>
          {state.weak.map((weak) => (
            <li key={weak.flawType}>
              <Form method="post" action="/practice" className="inline-form">
                {FLAW_LABELS[weak.flawType]} — {percent(weak.rate)} spotted, {weak.missed} missed{" "}
                <input type="hidden" name="focus" value={weak.flawType} />
                <button type="submit" className="link-button">
                  Practise this
                </button>
              </Form>
            </li>
          ))}
        </ul>
      );
  }
}
