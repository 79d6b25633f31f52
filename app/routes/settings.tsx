import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { chosenPracticeLanguages, PracticeLanguageFields, requireLanguagesUnlessFollowing } from "~/app/admin/user-schema";
import { requireUser } from "~/app/auth/guard.server";
import { ErrorList, Field } from "~/app/components/forms";
import { PracticeLanguagesFields } from "~/app/components/practice-languages-fields";
import { languageNames } from "~/app/vocabulary";
import { getDb } from "~/app/db.server";
import { inputErrorReply } from "~/app/http.server";
import { practiceLanguagesFor, setUserPracticeLanguages } from "~/app/practice/languages.server";
import { WEEKLY_GOAL } from "~/app/practice/weekly-goal";
import { setWeeklyGoal, weeklyGoalOf } from "~/app/practice/weekly-goal.server";

export const meta: MetaFunction = () => [{ title: "Your settings · Redline" }];

const SettingsSchema = z.object(PracticeLanguageFields).superRefine(requireLanguagesUnlessFollowing({ always: true }));

const GOAL_RANGE = `Enter a whole number from ${WEEKLY_GOAL.min} to ${WEEKLY_GOAL.max}.`;
const WeeklyGoalSchema = z.object({
  weeklyGoal: z.number({ error: GOAL_RANGE }).int(GOAL_RANGE).min(WEEKLY_GOAL.min, GOAL_RANGE).max(WEEKLY_GOAL.max, GOAL_RANGE),
});

/** Which of the page's forms a post is for (the submit button's name). */
const IntentSchema = z.object({ intent: z.enum(["languages", "weekly-goal"]).default("languages") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const db = await getDb();
  const [languages, weeklyGoal] = await Promise.all([practiceLanguagesFor({ db, userId: user.id }), weeklyGoalOf({ db, userId: user.id })]);
  const saved = new URL(request.url).searchParams.get("saved");
  return { languages, weeklyGoal, saved: saved === "weekly-goal" ? "weekly-goal" : saved === null ? null : "languages" };
}

/** The agent's own practice languages or weekly goal; the domain refuses anyone else's languages, and the goal is only ever the agent's own. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const formData = await request.formData();
  const intent = IntentSchema.safeParse({ intent: formData.get("intent") ?? undefined });
  if (!intent.success) throw data("Unknown form.", { status: 400 });
  const db = await getDb();
  if (intent.data.intent === "weekly-goal") {
    const submission = parseWithZod(formData, { schema: WeeklyGoalSchema });
    if (submission.status !== "success") return data({ intent: "weekly-goal" as const, result: submission.reply() }, { status: 400 });
    try {
      await setWeeklyGoal({ db, userId: user.id, goal: submission.value.weeklyGoal });
    } catch (error) {
      const { reply, status } = inputErrorReply(submission, error);
      return data({ intent: "weekly-goal" as const, result: reply }, { status });
    }
    throw redirect("/settings?saved=weekly-goal#weekly-goal");
  }
  const submission = parseWithZod(formData, { schema: SettingsSchema });
  if (submission.status !== "success") return data({ intent: "languages" as const, result: submission.reply() }, { status: 400 });
  try {
    await setUserPracticeLanguages({ db, actor: user, userId: user.id, languages: chosenPracticeLanguages(submission.value) ?? [] });
  } catch (error) {
    const { reply, status } = inputErrorReply(submission, error);
    return data({ intent: "languages" as const, result: reply }, { status });
  }
  throw redirect("/settings?saved");
}

export default function Settings() {
  const { languages, weeklyGoal, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "practice-settings",
    lastResult: actionData?.intent === "languages" ? actionData.result : undefined,
    defaultValue: { followTeamLanguages: languages.source === "team" ? "on" : undefined, practiceLanguages: languages.languages },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    shouldRevalidate: "onInput",
  });
  const [goalForm, goalFields] = useForm({
    id: "weekly-goal-form",
    lastResult: actionData?.intent === "weekly-goal" ? actionData.result : undefined,
    defaultValue: { weeklyGoal: String(weeklyGoal) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WeeklyGoalSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>Your settings</h1>
      <section className="panel" aria-labelledby="weekly-goal">
        <h2 id="weekly-goal">Weekly goal</h2>
        <p role="status">
          {saved === "weekly-goal" && !actionData ? "Saved. " : ""}
          Your goal is {weeklyGoal} first {weeklyGoal === 1 ? "attempt" : "attempts"} a week (Monday to Sunday, UTC). Only you see it.
        </p>
        <Form method="post" className="stacked" {...getFormProps(goalForm)}>
          <ErrorList id={goalForm.errorId} errors={goalForm.errors} level="form" />
          <Field
            labelProps={{ children: "First attempts per week" }}
            inputProps={{ ...getInputProps(goalFields.weeklyGoal, { type: "number" }), min: WEEKLY_GOAL.min, max: WEEKLY_GOAL.max, step: 1, inputMode: "numeric" }}
            hint={`A whole number from ${WEEKLY_GOAL.min} to ${WEEKLY_GOAL.max}; your home page shows how far you are this week.`}
            errors={goalFields.weeklyGoal.errors}
          />
          <div>
            <button type="submit" name="intent" value="weekly-goal" className="primary">
              Save goal
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-labelledby="languages-heading">
        <h2 id="languages-heading">Practice languages</h2>
        <p role="status">
          {saved === "languages" && !actionData ? "Saved. " : ""}
          You practise in {languageNames(languages.languages)}
          {languages.source === "team" ? ", your team's default." : ", your own choice."}
        </p>
        <Form method="post" className="stacked" {...getFormProps(form)}>
          <ErrorList id={form.errorId} errors={form.errors} level="form" />
          <PracticeLanguagesFields fields={fields} teamLanguages={languages.teamLanguages} legend="Languages you practise in" />
          <div>
            <button type="submit" name="intent" value="languages" className="primary">
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
