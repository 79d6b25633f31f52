import { getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { replyWithInputError } from "~/app/http.server";
import { listTeams } from "~/app/admin/teams.server";
import { passwordField, UserFieldsSchema } from "~/app/admin/user-schema";
import { createUser } from "~/app/admin/users.server";
import { requireUser } from "~/app/auth/guard.server";
import { Field } from "~/app/components/forms";
import { UserForm } from "~/app/components/user-form";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "New user · Redline" }];

const NewUserSchema = UserFieldsSchema.extend({ password: passwordField });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" });
  const teams = await listTeams({ db: await getDb() });
  return { teams: teams.map(({ id, name }) => ({ id, name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "users:manage" });
  const submission = parseWithZod(await request.formData(), { schema: NewUserSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { password, ...input } = submission.value;
  try {
    await createUser({ db: await getDb(), actorId: admin.id, input, password });
  } catch (error) {
    return replyWithInputError(submission, error, ["password"]);
  }
  throw redirect("/admin/users");
}

export default function NewUser() {
  const { teams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-user",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewUserSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>New user</h1>
      <UserForm form={form} fields={fields} teams={teams} submitLabel="Create user">
        <Field
          labelProps={{ children: "Initial password" }}
          hint="Share it with the user out of band; they sign in with it."
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.password.errors}
        />
      </UserForm>
    </>
  );
}
