import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { replyWithInputError } from "~/app/http.server";
import { AssignmentSchema } from "~/app/assignments/assignment-schema";
import { assignmentFormOptions, createAssignment } from "~/app/assignments/assignments.server";
import { requireUser } from "~/app/auth/guard.server";
import { AssignmentForm } from "~/app/components/assignment-form";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "New assignment · Redline" }];

const DAY_MS = 24 * 60 * 60 * 1000;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assignments:manage" });
  const options = await assignmentFormOptions({ db: await getDb(), viewer: user });
  const now = Date.now();
  return { ...options, today: new Date(now).toISOString().slice(0, 10), inAWeek: new Date(now + 7 * DAY_MS).toISOString().slice(0, 10) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assignments:manage" });
  const submission = parseWithZod(await request.formData(), { schema: AssignmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await createAssignment({ db: await getDb(), actorId: user.id, input: submission.value });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect("/assignments");
}

export default function NewAssignment() {
  const { teams, drills, skills, locales, today, inAWeek } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-assignment",
    lastResult,
    defaultValue: { mode: "list", dueAt: inAWeek, count: "10" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AssignmentSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>New assignment</h1>
      <p className="muted">Assigned drills come first in the agents' practice until they are done.</p>
      <AssignmentForm form={form} fields={fields} teams={teams} drills={drills} skills={skills} locales={locales} minDueDate={today} submitLabel="Create assignment" />
    </>
  );
}
