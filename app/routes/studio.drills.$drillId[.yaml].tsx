import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { refuseWhileTakingBlind } from "~/app/calibration/calibration.server";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { loadStudioDrill } from "~/app/studio/studio-drills.server";

const ParamsSchema = z.object({ drillId: z.string().min(1).max(120) });

/** The drill as a drill file: its latest published revision, or the working copy of a drill never published. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "studio:author" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const studio = parsed.success ? await loadStudioDrill({ db, drillId: parsed.data.drillId }) : null;
  invariantResponse(studio, "There is no such drill.", 404);
  await refuseWhileTakingBlind({ db, userId: user.id, drillId: studio.drill.id }).catch((error: unknown) => {
    throw refusalResponse(error);
  });
  const yaml = studio.publishedYaml ?? studio.draft?.source;
  invariantResponse(yaml, "This drill has nothing to download yet.", 404);
  return new Response(yaml, {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${studio.drill.id}.yaml"`,
      "Cache-Control": "no-store",
    },
  });
}
