import { getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, replyWithInputError } from "~/app/http.server";
import { listTeams } from "~/app/admin/teams.server";
import { agentRefField, chosenPracticeLanguages, passwordField, PracticeLanguageFields, requireLanguagesUnlessFollowing, UserFieldsSchema } from "~/app/admin/user-schema";
import { getUser, updateUser } from "~/app/admin/users.server";
import { requireUser } from "~/app/auth/guard.server";
import { CheckboxField, Field } from "~/app/components/forms";
import { UserForm } from "~/app/components/user-form";
import { getDb } from "~/app/db.server";
import { PracticeLanguagesFields } from "~/app/components/practice-languages-fields";
import { practiceLanguagesFor } from "~/app/practice/languages.server";

export const meta: MetaFunction = () => [{ title: "Edit user · Redline" }];

const EditUserSchema = UserFieldsSchema.extend({
  disabled: z.boolean().default(false),
  newPassword: passwordField.optional(),
  agentRef: agentRefField,
  ...PracticeLanguageFields,
}).superRefine(requireLanguagesUnlessFollowing({ always: false }));

const ParamsSchema = z.object({ userId: z.coerce.number().int().positive() });

async function loadUser(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  invariantResponse(parsed.success, "No such user.", 404);
  const user = await getUser({ db: await getDb(), userId: parsed.data.userId });
  invariantResponse(user, "No such user.", 404);
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" });
  const user = await loadUser(params);
  const db = await getDb();
  const teams = await listTeams({ db });
  const languages = await practiceLanguagesFor({ db, userId: user.id });
  return { user, languages, teams: teams.map(({ id, name }) => ({ id, name })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "users:manage" });
  const user = await loadUser(params);
  const submission = parseWithZod(await request.formData(), { schema: EditUserSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["newPassword"] }), { status: 400 });
  const { disabled, newPassword, agentRef, followTeamLanguages, practiceLanguages, practiceLanguagesShown, ...input } = submission.value;
  try {
    await updateUser({
      db: await getDb(),
      actorId: admin.id,
      userId: user.id,
      input,
      disabled,
      newPassword,
      agentRef: agentRef ?? null,
      practiceLanguages: chosenPracticeLanguages({ followTeamLanguages, practiceLanguages, practiceLanguagesShown }),
    });
  } catch (error) {
    return replyWithInputError(submission, error, ["newPassword"]);
  }
  throw redirect("/admin/users");
}

export default function EditUser() {
  const { user, languages, teams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `edit-user-${user.id}`,
    lastResult,
    defaultValue: { email: user.email, name: user.name, role: user.role, teamId: String(user.teamId), agentRef: user.agentRef ?? undefined,
      disabled: user.disabledAt ? "on" : undefined,
      followTeamLanguages: languages.source === "team" ? "on" : undefined,
      practiceLanguages: languages.languages,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditUserSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>Edit {user.name}</h1>
      <UserForm form={form} fields={fields} teams={teams} submitLabel="Save changes">
        <Field
          labelProps={{ children: "Agent reference" }}
          hint="The agent's id in the live AI assistant, for production events that name agents by it instead of by email. Leave empty for none."
          inputProps={{ ...getInputProps(fields.agentRef, { type: "text" }), autoComplete: "off" }}
          errors={fields.agentRef.errors}
        />
        <PracticeLanguagesFields fields={fields} teamLanguages={languages.teamLanguages} />
        <Field
          labelProps={{ children: "New password" }}
          hint="Leave empty to keep the current one. Setting one signs the user out everywhere."
          inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.newPassword.errors}
        />
        <CheckboxField
          labelProps={{ children: "Disabled (cannot sign in; current sessions end)" }}
          inputProps={getInputProps(fields.disabled, { type: "checkbox" })}
          errors={fields.disabled.errors}
        />
      </UserForm>
    </>
  );
}
