import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { replyWithInputError } from "../admin/input-error";
import { TeamSchema } from "../admin/team-schema";
import { createTeam } from "../admin/teams.server";
import { listLeaders } from "../admin/users.server";
import { requireUser } from "../auth/guard.server";
import { TeamForm } from "../components/team-form";
import { getDb } from "../db.server";

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
    await createTeam({ db: await getDb(), actorId: admin.id, ...submission.value });
  } catch (error) {
    return data(replyWithInputError(submission, error), { status: 400 });
  }
  throw redirect("/admin/teams");
}

export default function NewTeam() {
  const { leaders } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-team",
    lastResult,
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
