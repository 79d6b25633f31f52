import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CancelAssignmentSchema } from "~/app/assignments/assignment-schema";
import { assignmentProgress } from "~/app/assignments/assignments.server";
import { assignmentForChange, cancelAssignment } from "~/app/assignments/changes.server";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList } from "~/app/components/forms";
import { getDb } from "~/app/db.server";
import { refusalResponse, replyWithInputError } from "~/app/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Cancel ${data?.title ?? "assignment"} · Redline` }];

async function loadForCancel(request: Request, params: unknown) {
  const user = await requireUser(request, { permission: "assignments:manage" });
  const db = await getDb();
  const assignment = await assignmentForChange({ db, viewer: user, params }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  return { user, db, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, assignment } = await loadForCancel(request, params);
  const progress = await assignmentProgress({ db, assignmentId: assignment.id, viewer: user });
  return {
    id: assignment.id,
    title: assignment.title,
    version: assignment.version,
    cancelledOn: assignment.cancelledAt?.toISOString().slice(0, 10) ?? null,
    teams: progress?.teams.map((t) => t.name) ?? [],
    agents: progress?.agents.length ?? 0,
    done: progress?.overall.done ?? 0,
    total: progress?.overall.total ?? 0,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, assignment } = await loadForCancel(request, params);
  const submission = parseWithZod(await request.formData(), { schema: CancelAssignmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await cancelAssignment({ db, actorId: user.id, assignmentId: assignment.id, version: submission.value.version });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect(`/assignments/${assignment.id}`);
}

export default function CancelAssignment() {
  const assignment = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof CancelAssignmentSchema>>({ id: `cancel-assignment-${assignment.id}`, lastResult });
  const back = `/assignments/${assignment.id}`;
  if (assignment.cancelledOn) {
    return (
      <>
        <h1>“{assignment.title}” is cancelled</h1>
        <p>This assignment was cancelled on {assignment.cancelledOn}.</p>
        <p>
          <Link to={back}>Back to the assignment</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Cancel “{assignment.title}”?</h1>
      <p>
        {assignment.teams.length > 0 ? `The ${assignment.agents === 1 ? "agent" : `${assignment.agents} agents`} of ${assignment.teams.join(", ")}` : "Its agents"} will no longer see it on
        their home page or be served its drills; a drill of it that one of them has open is closed. What they did stays: their attempts, and the
        completion so far ({assignment.done} of {assignment.total} agent-drills), readable on the assignment's page, marked cancelled. Cancelling
        cannot be undone.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={[...(form.errors ?? []), ...(fields.version.errors ?? []), ...(fields.confirm.errors ?? [])]} level="form" />
        <input type="hidden" name={fields.version.name} value={assignment.version} />
        <button type="submit" className="primary" name={fields.confirm.name} value="yes">
          Cancel assignment
        </button>{" "}
        <Link to={back}>Keep it</Link>
      </Form>
    </>
  );
}
