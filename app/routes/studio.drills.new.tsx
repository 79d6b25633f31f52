import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList, Field } from "~/app/components/forms";
import { SLUG_PATTERN } from "~/app/content/schema-fields";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";
import { createStudioDrill } from "~/app/studio/studio-drills.server";

export const meta: MetaFunction = () => [{ title: "New drill · Studio · Redline" }];

const NewDrillSchema = z.object({
  id: z.string({ error: "Give the drill an id." }).trim().max(80, "Keep the id under 80 characters.").regex(SLUG_PATTERN, "Use lowercase letters and digits joined by hyphens, e.g. refunds-day-31."),
  title: z.string({ error: "Give the drill a title." }).trim().min(1, "Give the drill a title.").max(200, "Keep the title under 200 characters."),
  locale: z.string({ error: "Give the drill's language, e.g. en." }).trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "A language tag such as en, ja, de or pt-BR."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "studio:author" });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "studio:author" });
  const submission = parseWithZod(await request.formData(), { schema: NewDrillSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const id = await createStudioDrill({ db: await getDb(), actorId: user.id, ...submission.value });
    throw redirect(`/studio/drills/${id}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return replyWithInputError(submission, error);
  }
}

export default function NewStudioDrill() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof NewDrillSchema>>({ id: "new-drill", lastResult, defaultValue: { locale: "en" } });
  return (
    <>
      <p className="muted">
        <Link to="/studio">Studio</Link>
      </p>
      <h1>New drill</h1>
      <p>Start with an id, a title and the language; the editor then takes every field of the drill format. The drill stays a draft, served to nobody, until you publish it.</p>
      <Form method="post" {...getFormProps(form)} className="panel">
        <ErrorList id={form.errorId} errors={form.errors} level="form" />
        <Field labelProps={{ children: "Id" }} hint="Lowercase words joined by hyphens, starting with the theme: refunds-day-31. It cannot change later." inputProps={{ ...getInputProps(fields.id, { type: "text" }), autoComplete: "off" }} errors={fields.id.errors} />
        <Field labelProps={{ children: "Title" }} hint="What authors see in the list; agents never see it." inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
        <Field labelProps={{ children: "Language (locale)" }} inputProps={getInputProps(fields.locale, { type: "text" })} errors={fields.locale.errors} />
        <button type="submit" className="primary">
          Create draft
        </button>
      </Form>
    </>
  );
}
