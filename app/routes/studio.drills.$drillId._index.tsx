import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { refuseWhileTakingBlind } from "~/app/calibration/calibration.server";
import { latestRound } from "~/app/calibration/calibration.server";
import type { UnplantedSpan } from "~/app/calibration/results";
import { CalibrationResults, UnplantedConfirmation } from "~/app/components/calibration-results";
import { ErrorList } from "~/app/components/forms";
import { ItemAnalysisSection } from "~/app/components/item-analysis";
import { StudioDrillEditor } from "~/app/components/studio-drill-editor";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { InputError } from "~/app/input-error";
import { drillItemAnalysis } from "~/app/item-analysis/item-analysis.server";
import { itemAnalysisMinAttempts } from "~/app/item-analysis/settings.server";
import { policySources } from "~/app/policies/policies.server";
import { formIssues, studioFieldsFromEntries, type StudioFeedback } from "~/app/studio/studio-form";
import { checkStudioFields, copyIntoStudio, loadStudioDrill, publishStudioDrill, retireStudioDrill, saveStudioDraft } from "~/app/studio/studio-drills.server";
import { fieldsOfSource } from "~/app/studio/studio-source";
import { createFlawedVariants } from "~/app/studio/variants.server";
import { DRILL_STATUS_LABELS, FLAW_LABELS } from "~/app/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Drill"} · Studio · Redline` }];

const ParamsSchema = z.object({ drillId: z.string().min(1).max(120) });
/** `?revision=N` analyses one revision; anything else, all of them. */
const AnalysisQuerySchema = z.object({ revision: z.coerce.number().int().min(1).optional().catch(undefined) });
const IntentSchema = z.object({
  intent: z.enum(["check", "save", "publish", "confirm-publish", "retire", "copy", "generate"], { error: "Press one of the form's buttons." }),
  version: z.coerce.number({ error: "The form lost its version; reload the page." }).int().min(1).optional(),
  copyId: z.string().max(120, "The id of the copy is at most 120 characters; choose a shorter one.").optional(),
  /** The calibration round whose unplanted spans the author saw and publishes despite. */
  confirmRound: z.coerce.number().int().positive().optional(),
});

async function load(request: Request, params: unknown) {
  const user = await requireUser(request, { permission: "studio:author" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const studio = parsed.success ? await loadStudioDrill({ db, drillId: parsed.data.drillId }) : null;
  invariantResponse(studio, "There is no such drill.", 404);
  await refuseWhileTakingBlind({ db, userId: user.id, drillId: studio.drill.id }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  return { user, db, studio };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, studio } = await load(request, params);
  const sections = (await policySources({ db })).map(({ anchor, heading, policyTitle }) => ({ anchor, heading, policyTitle }));
  const { drill } = studio;
  const analysisQuery = AnalysisQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const itemAnalysis = await drillItemAnalysis({ db, drillId: drill.id, revision: analysisQuery.revision ?? null, minAttempts: (await itemAnalysisMinAttempts({ db })).minAttempts });
  const source = studio.draft?.source ?? studio.publishedYaml ?? "";
  const fields = fieldsOfSource(source);
  const base = { control: studio.publishedControl, id: drill.id, origin: drill.origin, file: drill.file, status: drill.status, unpublished: studio.unpublished, revisions: studio.revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt.toISOString(), publishedBy: r.publishedBy })), title: fields.title || drill.id, itemAnalysis };
  if (drill.origin === "file" || !studio.draft) return { ...base, editable: false as const, yaml: studio.publishedYaml ?? "" };
  const checked = await checkStudioFields({ db, drillId: drill.id, fields });
  const calibration = await latestRound({ db, drillId: drill.id, workingCopy: studio.draft.source });
  return { ...base, editable: true as const, fields, version: studio.draft.version, feedback: checked.feedback, sections, calibration };
}

/**
 * A live check saves nothing, so the page's data (the stored draft, the item analysis) is not read
 * again after one. A publish refused for problems saved the draft as a new version: the page reads
 * it again despite the 400, or the next save would be based on the old version and refused.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  if (intent === "check") return false;
  if (intent === "publish") return true;
  return defaultShouldRevalidate;
};

type ActionReply = {
  feedback?: StudioFeedback;
  formError?: string;
  message?: string;
  conflict?: boolean;
  unplanted?: { roundId: number; spans: UnplantedSpan[] };
  variants?: Awaited<ReturnType<typeof createFlawedVariants>>;
};

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionReply | ReturnType<typeof data<ActionReply>>> {
  const { user, db, studio } = await load(request, params);
  const form = await request.formData();
  const intent = IntentSchema.safeParse(Object.fromEntries(form));
  if (!intent.success) return data<ActionReply>({ formError: intent.error.issues[0]?.message ?? "Press one of the form's buttons." }, { status: 400 });
  const drillId = studio.drill.id;
  try {
    if (intent.data.intent === "copy") {
      const id = await copyIntoStudio({ db, actorId: user.id, fromId: drillId, id: (intent.data.copyId ?? "").trim() });
      throw redirect(`/studio/drills/${id}`);
    }
    if (intent.data.intent === "generate") {
      const variants = await createFlawedVariants({ db, actorId: user.id, drillId });
      return { variants, message: `${variants.created.length} flawed ${variants.created.length === 1 ? "variant" : "variants"} created as drafts: review each before publishing.` } as ActionReply;
    }
    if (intent.data.intent === "retire") {
      await retireStudioDrill({ db, actorId: user.id, drillId });
      return { message: `${drillId} is retired: it is no longer served or assignable. Its revisions and attempts are kept.` } as ActionReply;
    }
    if (intent.data.intent === "confirm-publish") {
      const { version, confirmRound } = intent.data;
      if (version === undefined || confirmRound === undefined || !studio.draft) return data<ActionReply>({ formError: "The confirmation lost its round or version; reload the page and publish again." }, { status: 400 });
      const published = await publishStudioDrill({ db, actorId: user.id, drillId, source: studio.draft.source, baseVersion: version, confirmedRound: confirmRound });
      return publishReply(published);
    }
    const parsed = studioFieldsFromEntries(form.entries());
    if (!parsed.success) return data<ActionReply>({ feedback: { fieldErrors: formIssues(parsed.error.issues), formErrors: [], draftProblems: [], warnings: [] } }, { status: 400 });
    const fields = { ...parsed.data, id: drillId };
    const checked = await checkStudioFields({ db, drillId, fields });
    if (intent.data.intent === "check") return { feedback: checked.feedback } as ActionReply;
    const baseVersion = intent.data.version;
    if (baseVersion === undefined) return data<ActionReply>({ formError: "The form lost its version; reload the page." }, { status: 400 });
    if (intent.data.intent === "save") {
      await saveStudioDraft({ db, actorId: user.id, drillId, source: checked.source, baseVersion });
      return { feedback: checked.feedback, message: checked.valid ? "Draft saved. It is ready to publish." : "Draft saved, with the problems shown; fix them to publish." } as ActionReply;
    }
    const published = await publishStudioDrill({ db, actorId: user.id, drillId, source: checked.source, baseVersion });
    return publishReply(published, checked.feedback);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return data<ActionReply>({ formError: error.message, conflict: error.problem === "edit_conflict" }, { status: error.status });
  }
}

function publishReply(published: Awaited<ReturnType<typeof publishStudioDrill>>, feedback?: StudioFeedback) {
  // Not an error status: the refusal saved the draft (a new version), and only a 2xx reply makes Remix reload the page's data with it.
  if ("unplanted" in published) return { feedback, unplanted: published.unplanted } as ActionReply;
  if (!published.ok) return data<ActionReply>({ feedback, formError: "Not published: fix the problems shown at their fields first. Your draft was saved." }, { status: 400 });
  return {
    feedback,
    message: published.created ? `Published as revision ${published.revision}: agents are served it from now on.` : `Nothing new to publish: revision ${published.revision} already says this. It is published.`,
  } as ActionReply;
}

export default function StudioDrillPage() {
  const loaded = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <p className="muted">
        <Link to="/studio">Studio</Link> · {loaded.origin === "file" ? <>file <code>{loaded.file}</code></> : "studio drill"} · {DRILL_STATUS_LABELS[loaded.status]}
        {loaded.unpublished && loaded.status !== "draft" ? " · unpublished changes" : ""}
      </p>
      <h1>{loaded.title}</h1>
      <nav aria-label="This drill" className="inline-links">
        <Link to="preview">Preview as an agent</Link> <Link to="revisions">Revisions ({loaded.revisions.length})</Link>{" "}
        <a href={`/studio/drills/${loaded.id}.yaml`} download>
          Download YAML
        </a>
      </nav>
      {reply?.message ? (
        <p className="notice" role="status">
          {reply.message}
        </p>
      ) : null}
      <ErrorList errors={[reply?.formError]} level="form" />
      {reply?.unplanted && loaded.editable ? <UnplantedConfirmation unplanted={reply.unplanted} version={loaded.version} locale={loaded.fields.locale} /> : null}
      {reply?.variants ? <Variants variants={reply.variants} /> : null}
      {loaded.control ? (
        <section className="panel" aria-labelledby="generator-heading">
          <h2 id="generator-heading">Flaw generator</h2>
          <p>
            This published drill is a clean control. The generator proposes one flawed variant per flaw type (a value from the cited section changed, a citation
            removed or pointed elsewhere, a synthetic restricted value, a tone sentence), each a draft with its flaw annotated and checked by the validator.
          </p>
          <Form method="post">
            <button type="submit" name="intent" value="generate">
              Propose flawed variants
            </button>
          </Form>
        </section>
      ) : null}
      {loaded.editable ? (
        <>
          <StudioDrillEditor
            // A newer version from the server (after a save) starts the form again from what is stored.
            key={loaded.version}
            drillId={loaded.id}
            version={loaded.version}
            initialFields={loaded.fields}
            initialFeedback={loaded.feedback}
            actionFeedback={reply?.feedback}
            sections={loaded.sections}
            submitting={navigation.state === "submitting"}
          />
          <CalibrationResults drillId={loaded.id} round={loaded.calibration} />
          {loaded.status !== "retired" && loaded.status !== "draft" ? (
            <details className="panel">
              <summary>Retire this drill</summary>
              <p>A retired drill is no longer served or assignable; its revisions and every attempt at it are kept.</p>
              <Form method="post">
                <button type="submit" name="intent" value="retire" className="danger">
                  Retire {loaded.id}
                </button>
              </Form>
            </details>
          ) : null}
        </>
      ) : (
        <FileDrill id={loaded.id} file={loaded.file} yaml={loaded.yaml} />
      )}
      <ItemAnalysisSection data={loaded.itemAnalysis} />
    </>
  );
}

function Variants({ variants }: { variants: NonNullable<ActionReply["variants"]> }) {
  return (
    <section className="panel" aria-labelledby="variants-heading">
      <h2 id="variants-heading">Proposed variants</h2>
      <ul>
        {variants.created.map((variant) => (
          <li key={variant.id}>
            <Link to={`/studio/drills/${variant.id}`}>{variant.title}</Link> <span className="muted">({FLAW_LABELS[variant.kind]}, draft)</span>
          </li>
        ))}
      </ul>
      {variants.skipped.length > 0 ? (
        <>
          <p>Not proposed:</p>
          <ul>
            {variants.skipped.map((skip) => (
              <li key={skip.kind}>
                {FLAW_LABELS[skip.kind]}: {skip.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function FileDrill({ id, file, yaml }: { id: string; file: string | null; yaml: string }) {
  return (
    <>
      <p>
        This drill lives in the repository, in <code>{file}</code>: change it there, reviewed like code, and <code>npm run content:sync</code> imports it. The studio
        shows it read only.
      </p>
      <section className="panel" aria-labelledby="copy-heading">
        <h2 id="copy-heading">Copy into the studio</h2>
        <p>A copy is a new studio drill with its own id, starting as a draft; the file drill stays as it is.</p>
        <Form method="post" className="inline-form">
          <label htmlFor="copyId">Id of the copy</label>
          <input id="copyId" name="copyId" defaultValue={`${id}-copy`} required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          <button type="submit" name="intent" value="copy">
            Copy into the studio
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="yaml-heading">
        <h2 id="yaml-heading">The drill as published</h2>
        <pre className="yaml" tabIndex={0}>
          {yaml}
        </pre>
      </section>
    </>
  );
}
