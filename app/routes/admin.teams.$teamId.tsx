import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, replyWithInputError } from "~/app/http.server";
import { TeamSchema } from "~/app/admin/team-schema";
import { getTeam, updateTeam } from "~/app/admin/teams.server";
import { listLeaders } from "~/app/admin/users.server";
import { requireUser } from "~/app/auth/guard.server";
import { TeamForm } from "~/app/components/team-form";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "Edit team · Redline" }];

const ParamsSchema = z.object({ teamId: z.coerce.number().int().positive() });

async function loadTeam(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  invariantResponse(parsed.success, "No such team.", 404);
  const team = await getTeam({ db: await getDb(), teamId: parsed.data.teamId });
  invariantResponse(team, "No such team.", 404);
  return team;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" });
  const team = await loadTeam(params);
  return { team, leaders: await listLeaders({ db: await getDb() }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "users:manage" });
  const team = await loadTeam(params);
  const submission = parseWithZod(await request.formData(), { schema: TeamSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await updateTeam({ db: await getDb(), actorId: admin.id, teamId: team.id, name: submission.value.name, leaderIds: submission.value.leaderIds, practiceLanguages: submission.value.practiceLanguages, workingDays: submission.value.workingDays });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect("/admin/teams");
}

export default function EditTeam() {
  const { team, leaders } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `edit-team-${team.id}`,
    lastResult,
    defaultValue: { name: team.name, leaderIds: team.leaderIds.map(String), practiceLanguages: team.practiceLanguages, workingDays: team.workingDays.map(String) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TeamSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>Edit {team.name}</h1>
      <TeamForm form={form} fields={fields} leaders={leaders} submitLabel="Save changes" />
    </>
  );
}
