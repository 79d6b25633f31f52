import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { refuseWhileTakingBlind } from "~/app/calibration/calibration.server";
import { ROLE_LABELS } from "~/app/auth/permissions";
import { askForCalibration, calibratorCandidates, latestRound } from "~/app/calibration/calibration.server";
import { CheckboxGroup, ErrorList } from "~/app/components/forms";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse, replyWithInputError } from "~/app/http.server";
import { loadStudioDrill } from "~/app/studio/studio-drills.server";
import { fieldsOfSource } from "~/app/studio/studio-source";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ask for a blind take · ${data?.title ?? "Drill"} · Studio · Redline` }];

const ParamsSchema = z.object({ drillId: z.string().min(1).max(120) });
const AskSchema = z.object({
  calibrators: z.array(z.number({ error: "Choose colleagues from the list." }).int().positive(), { error: "Choose at least one colleague to take the drill." }).min(1, "Choose at least one colleague to take the drill.").max(50, "Ask at most 50 colleagues at once."),
});

/** Only a studio drill's working copy is calibrated (a file drill is reviewed like code). */
async function load(request: Request, params: unknown) {
  const user = await requireUser(request, { permission: "studio:author" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const studio = parsed.success ? await loadStudioDrill({ db, drillId: parsed.data.drillId }) : null;
  invariantResponse(studio?.draft, "There is no such studio drill.", 404);
  await refuseWhileTakingBlind({ db, userId: user.id, drillId: studio.drill.id }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  return { user, db, drillId: studio.drill.id, draft: studio.draft };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, drillId, draft } = await load(request, params);
  const [candidates, round] = await Promise.all([calibratorCandidates({ db, authorId: user.id }), latestRound({ db, drillId, workingCopy: draft.source })]);
  const invited = new Set(round && !round.stale ? round.invited.map((person) => person.id) : []);
  return {
    id: drillId,
    title: fieldsOfSource(draft.source).title || drillId,
    joinsRound: round !== null && !round.stale,
    candidates: candidates.map((candidate) => ({ id: candidate.id, name: candidate.name, role: ROLE_LABELS[candidate.role], invited: invited.has(candidate.id) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, drillId } = await load(request, params);
  const submission = parseWithZod(await request.formData(), { schema: AskSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await askForCalibration({ db, actorId: user.id, drillId, calibratorIds: submission.value.calibrators });
  } catch (error) {
    return replyWithInputError(submission, error);
  }
  throw redirect(`/studio/drills/${drillId}#calibration-heading`);
}

export default function AskForCalibration() {
  const loaded = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof AskSchema>>({ id: "ask-calibration", lastResult });
  return (
    <>
      <p className="muted">
        <Link to="/studio">Studio</Link> · <Link to={`/studio/drills/${loaded.id}`}>{loaded.title}</Link>
      </p>
      <h1>Ask colleagues for a blind take</h1>
      <p>
        Each colleague you choose takes the saved draft as an agent would: the customer message, the AI draft and the policies, marking spans and deciding, without
        the flaws, explanations or expected decision. Their takes show on the drill's page beside the flaws you declared.
        {loaded.joinsRound
          ? " The draft has not changed since the last request, so they join that round."
          : " The round records the text as it is saved now; once you change the draft, the round is marked as taken on an earlier text."}
      </p>
      <Form method="post" className="panel stacked" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} level="form" />
        {loaded.candidates.length === 0 ? (
          <p>There is no other active author or admin to ask.</p>
        ) : (
          <CheckboxGroup
            legend="Colleagues to ask"
            field={fields.calibrators}
            hint="Other authors and admins; you cannot take your own drill."
            options={loaded.candidates.map((candidate) => ({
              value: String(candidate.id),
              label: (
                <>
                  {candidate.name} <span className="muted">· {candidate.role}{candidate.invited ? " · already asked" : ""}</span>
                </>
              ),
            }))}
          />
        )}
        <div>
          <button type="submit" className="primary">
            Ask for blind takes
          </button>
        </div>
      </Form>
    </>
  );
}
