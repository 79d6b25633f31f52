import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { BandSettingsForm } from "~/app/components/insights-band-form";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";
import { BandSettingsFormSchema, toPercent } from "~/app/settings/band-settings";
import { organisationBands, saveOrganisationBands } from "~/app/settings/band-settings.server";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, Field } from "~/app/components/forms";
import { ItemAnalysisSettings } from "~/app/components/item-analysis-settings";
import { ItemAnalysisSettingsFormSchema } from "~/app/item-analysis/settings";
import { itemAnalysisMinAttempts, saveItemAnalysisMinAttempts } from "~/app/item-analysis/settings.server";
import { NearMissSettingsFormSchema } from "~/app/near-miss/settings";
import { saveSmallCellK, smallCellK } from "~/app/near-miss/settings.server";

export const meta: MetaFunction = () => [{ title: "Settings · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" });
  const db = await getDb();
  const bands = await organisationBands({ db });
  return { values: toPercent(bands.settings), source: bands.source, nearMiss: await smallCellK({ db }), itemAnalysis: await itemAnalysisMinAttempts({ db }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "settings:manage" });
  const formData = await request.formData();
  if (formData.get("intent") === "near-miss") {
    const nearMiss = parseWithZod(formData, { schema: NearMissSettingsFormSchema });
    if (nearMiss.status !== "success") return data(nearMiss.reply(), { status: 400 });
    await saveSmallCellK({ db: await getDb(), actorId: admin.id, k: nearMiss.value.k });
    return data(nearMiss.reply({ resetForm: false }), { status: 200 });
  }
  if (formData.get("intent") === "item-analysis") {
    const itemAnalysis = parseWithZod(formData, { schema: ItemAnalysisSettingsFormSchema });
    if (itemAnalysis.status !== "success") return data(itemAnalysis.reply(), { status: 400 });
    try {
      await saveItemAnalysisMinAttempts({ db: await getDb(), actorId: admin.id, minAttempts: itemAnalysis.value.minAttempts });
    } catch (error) {
      return replyWithInputError(itemAnalysis, error);
    }
    return data(itemAnalysis.reply({ resetForm: false }), { status: 200 });
  }
  const submission = parseWithZod(formData, { schema: BandSettingsFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await saveOrganisationBands({ db: await getDb(), actorId: admin.id, values: submission.value });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  return data(submission.reply({ resetForm: false }), { status: 200 });
}

export default function Settings() {
  const { values, source, nearMiss, itemAnalysis } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const isNearMiss = actionResult?.initialValue?.intent === "near-miss";
  const isItemAnalysis = actionResult?.initialValue?.intent === "item-analysis";
  const lastResult = isNearMiss || isItemAnalysis ? undefined : actionResult;
  const saved = lastResult?.status === "success";
  return (
    <>
      <h1>Settings</h1>
      <section className="panel">
        <h2>Override-rate bands</h2>
        <p>
          The organisation's defaults for every team's bands{source === "built-in" ? " (the built-in defaults until saved here)" : ""}. Leaders may override them for the teams they lead. Changes are audited.
        </p>
        {saved ? (
          <p role="status" className="notice">
            Saved. Bands everywhere use the new defaults, except in teams with their own settings.
          </p>
        ) : null}
        <BandSettingsForm id="organisation-bands" values={values} lastResult={lastResult} submitLabel="Save defaults" />
      </section>
      <NearMissSettings k={nearMiss.k} builtIn={nearMiss.source === "built-in"} lastResult={isNearMiss ? actionResult : undefined} />
      <ItemAnalysisSettings minAttempts={itemAnalysis.minAttempts} builtIn={itemAnalysis.source === "built-in"} lastResult={isItemAnalysis ? actionResult : undefined} />
    </>
  );
}

function NearMissSettings({ k, builtIn, lastResult }: { k: number; builtIn: boolean; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm<{ intent: string; k: number }>({
    id: "near-miss-settings",
    lastResult,
    defaultValue: { k: String(k) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NearMissSettingsFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel">
      <h2>Near-miss aggregates</h2>
      <p>
        Counts from 1 to k − 1 in the near-miss figures are shown as “&lt; k”, and enough others are hidden that none can be worked out{builtIn ? " (the built-in k = 5 until saved here)" : ""}. Changes are audited.
      </p>
      {lastResult?.status === "success" ? (
        <p role="status" className="notice">
          Saved. The near-miss figures hide counts under {k}.
        </p>
      ) : null}
      <Form method="post" className="stacked" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} level="form" />
        <input type="hidden" name="intent" value="near-miss" />
        <Field labelProps={{ children: "Smallest count shown (k)" }} hint="A whole number from 2 to 50; 5 is the usual choice." inputProps={{ ...getInputProps(fields.k, { type: "number" }), min: 2, max: 50, step: 1 }} errors={fields.k.errors} />
        <p>
          <button type="submit" className="primary">
            Save k
          </button>
        </p>
      </Form>
    </section>
  );
}
