import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { replyWithInputError } from "~/app/http.server";
import { TeamSchema } from "~/app/admin/team-schema";
import { createTeam } from "~/app/admin/teams.server";
import { listLeaders } from "~/app/admin/users.server";
import { requireUser } from "~/app/auth/guard.server";
import { TeamForm } from "~/app/components/team-form";
import { getDb } from "~/app/db.server";
import { DEFAULT_WORKING_DAYS } from "~/app/vocabulary";

export const meta: MetaFunction = () => [{ title: "New team · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" });
  return { leaders: await listLeaders({ db: await getDb() }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "users:manage" });
  const submission = parseWithZod(await request.formData(), { schema: TeamSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await createTeam({ db: await getDb(), actorId: admin.id, name: submission.value.name, leaderIds: submission.value.leaderIds, practiceLanguages: submission.value.practiceLanguages, workingDays: submission.value.workingDays });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect("/admin/teams");
}

export default function NewTeam() {
  const { leaders } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-team",
    lastResult,
    defaultValue: { practiceLanguages: ["en"], workingDays: DEFAULT_WORKING_DAYS.map(String) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TeamSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>New team</h1>
      <TeamForm form={form} fields={fields} leaders={leaders} submitLabel="Create team" />
    </>
  );
}
