import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EditAssignmentSchema } from "~/app/assignments/assignment-schema";
import { assignmentFormOptions } from "~/app/assignments/assignments.server";
import { assignmentForChange, editAssignment } from "~/app/assignments/changes.server";
import { requireUser } from "~/app/auth/guard.server";
import { AssignmentForm } from "~/app/components/assignment-form";
import { getDb } from "~/app/db.server";
import { refusalResponse, replyWithInputError } from "~/app/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.assignment.title ?? "assignment"} · Redline` }];

/** The assignment as its editor sees it: a 404 when missing or not theirs to read, a 403 when theirs to read but not to change. */
async function loadForEdit(request: Request, params: unknown) {
  const user = await requireUser(request, { permission: "assignments:manage" });
  const db = await getDb();
  const assignment = await assignmentForChange({ db, viewer: user, params }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  return { user, db, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, assignment } = await loadForEdit(request, params);
  const options = await assignmentFormOptions({ db, viewer: user });
  const today = new Date().toISOString().slice(0, 10);
  const dueOn = assignment.dueAt.toISOString().slice(0, 10);
  return {
    ...options,
    // An overdue assignment keeps its due date through an edit of its teams; only a new date must not be past.
    minDueDate: dueOn < today ? dueOn : today,
    assignment: {
      id: assignment.id,
      title: assignment.title,
      dueOn,
      version: assignment.version,
      cancelledOn: assignment.cancelledAt?.toISOString().slice(0, 10) ?? null,
      teamIds: assignment.teamIds,
      otherTeamNames: assignment.otherTeamNames,
      drills: assignment.drills,
      drillsLocked: assignment.drillsLocked,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, assignment } = await loadForEdit(request, params);
  const submission = parseWithZod(await request.formData(), { schema: EditAssignmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await editAssignment({ db, actorId: user.id, assignmentId: assignment.id, input: submission.value });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect(`/assignments/${assignment.id}`);
}

export default function EditAssignment() {
  const { teams, drills, skills, locales, minDueDate, assignment } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `edit-assignment-${assignment.id}`,
    lastResult,
    defaultValue: { title: assignment.title, teamIds: assignment.teamIds.map(String), dueAt: assignment.dueOn, mode: "keep", count: "10", version: String(assignment.version) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditAssignmentSchema }),
    shouldRevalidate: "onInput",
  });
  const back = (
    <p>
      <Link to={`/assignments/${assignment.id}`}>← {assignment.title}</Link>
    </p>
  );
  if (assignment.cancelledOn) {
    return (
      <>
        {back}
        <h1>Edit assignment</h1>
        <p>This assignment was cancelled on {assignment.cancelledOn}; it can no longer be changed.</p>
      </>
    );
  }
  return (
    <>
      {back}
      <h1>Edit assignment</h1>
      <p className="muted">
        Removing a team keeps what its agents did (their attempts stay); their figures leave this assignment's page and come back if you add the team again.
        {assignment.otherTeamNames.length > 0 ? ` Also assigned to ${assignment.otherTeamNames.join(", ")}, which you do not lead: that stays as it is.` : null}
      </p>
      <AssignmentForm
        form={form}
        fields={fields}
        teams={teams}
        drills={drills}
        skills={skills}
        locales={locales}
        minDueDate={minDueDate}
        current={{ drills: assignment.drills, locked: assignment.drillsLocked }}
        submitLabel="Save changes"
      />
      <p>
        <Link to={`/assignments/${assignment.id}/cancel`}>Cancel this assignment…</Link>
      </p>
    </>
  );
}
