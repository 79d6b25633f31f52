import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { chosenPracticeLanguages, PracticeLanguageFields, requireLanguagesUnlessFollowing } from "~/app/admin/user-schema";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList } from "~/app/components/forms";
import { PracticeLanguagesFields } from "~/app/components/practice-languages-fields";
import { languageNames } from "~/app/vocabulary";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";
import { practiceLanguagesFor, setUserPracticeLanguages } from "~/app/practice/languages.server";

export const meta: MetaFunction = () => [{ title: "Your settings · Redline" }];

const SettingsSchema = z.object(PracticeLanguageFields).superRefine(requireLanguagesUnlessFollowing({ always: true }));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const languages = await practiceLanguagesFor({ db: await getDb(), userId: user.id });
  return { languages, saved: new URL(request.url).searchParams.has("saved") };
}

/** The agent's own practice languages; the domain refuses anyone else's. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const submission = parseWithZod(await request.formData(), { schema: SettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await setUserPracticeLanguages({ db: await getDb(), actor: user, userId: user.id, languages: chosenPracticeLanguages(submission.value) ?? [] });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect("/settings?saved");
}

export default function Settings() {
  const { languages, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "practice-settings",
    lastResult,
    defaultValue: { followTeamLanguages: languages.source === "team" ? "on" : undefined, practiceLanguages: languages.languages },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>Your settings</h1>
      <section className="panel" aria-labelledby="languages-heading">
        <h2 id="languages-heading">Practice languages</h2>
        <p role="status">
          {saved && !lastResult ? "Saved. " : ""}
          You practise in {languageNames(languages.languages)}
          {languages.source === "team" ? ", your team's default." : ", your own choice."}
        </p>
        <Form method="post" className="stacked" {...getFormProps(form)}>
          <ErrorList id={form.errorId} errors={form.errors} level="form" />
          <PracticeLanguagesFields fields={fields} teamLanguages={languages.teamLanguages} legend="Languages you practise in" />
          <div>
            <button type="submit" className="primary">
              Save languages
            </button>
          </div>
        </Form>
        <p>
          <Link to="/">Back to your home page</Link>
        </p>
      </section>
    </>
  );
}
