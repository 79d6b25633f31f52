import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { BandSettingsForm } from "~/app/components/insights-band-form";
import { getDb } from "~/app/db.server";
import { replyWithInputError } from "~/app/http.server";
import { BandSettingsFormSchema, toPercent } from "~/app/settings/band-settings";
import { organisationBands, saveOrganisationBands } from "~/app/settings/band-settings.server";

export const meta: MetaFunction = () => [{ title: "Settings · Redline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" });
  const bands = await organisationBands({ db: await getDb() });
  return { values: toPercent(bands.settings), source: bands.source };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "settings:manage" });
  const submission = parseWithZod(await request.formData(), { schema: BandSettingsFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await saveOrganisationBands({ db: await getDb(), actorId: admin.id, values: submission.value });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  return data(submission.reply({ resetForm: false }), { status: 200 });
}

export default function Settings() {
  const { values, source } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
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
    </>
  );
}
