import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth/guard.server";
import { BandSettingsForm } from "~/app/components/insights-band-form";
import { bandsNote } from "~/app/insights/words";
import { getDb } from "~/app/db.server";
import { refusalResponse, replyWithInputError } from "~/app/http.server";
import { teamSettingsPage } from "~/app/insights/pages.server";
import { BandSettingsFormSchema } from "~/app/settings/band-settings";
import { clearTeamBands, organisationBands, saveTeamBands } from "~/app/settings/band-settings.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Band settings: ${data?.team.name ?? "team"} · Redline` }];

async function page(request: Request, teamId: string | undefined) {
  const user = await requireUser(request, { permission: "team-bands:manage" });
  const db = await getDb();
  const settings = await teamSettingsPage({ db, viewer: user, teamId }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  return { user, db, ...settings };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, team, bands, values } = await page(request, params.teamId);
  const organisation = await organisationBands({ db });
  return { team, source: bands.source, values, organisation: organisation.settings };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, team } = await page(request, params.teamId);
  const formData = await request.formData();
  if (formData.get("intent") === "clear") {
    await clearTeamBands({ db, viewer: user, teamId: team.id });
    throw redirect(`/insights/teams/${team.id}`);
  }
  const submission = parseWithZod(formData, { schema: BandSettingsFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await saveTeamBands({ db, viewer: user, teamId: team.id, values: submission.value });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect(`/insights/teams/${team.id}`);
}

export default function TeamBandSettings() {
  const { team, source, values, organisation } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/insights/teams/${team.id}`}>← {team.name}</Link>
      </p>
      <h1>Band settings for {team.name}</h1>
      <p>
        {source === "team" ? "This team has its own settings." : "This team uses the organisation's defaults."} {bandsNote(organisation, "organisation defaults")}, light edits below{" "}
        {Math.round(organisation.lightEdit * 100)} %. Saving here overrides them for {team.name} only; the change is audited.
      </p>
      <section className="panel">
        <BandSettingsForm id={`team-bands-${team.id}`} values={values} lastResult={lastResult} submitLabel={`Save for ${team.name}`} />
      </section>
      {source === "team" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="clear" />
          <button type="submit" className="link-button">
            Use the organisation's defaults again
          </button>
        </Form>
      ) : null}
    </>
  );
}
