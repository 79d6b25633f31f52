import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { can } from "~/app/auth/permissions";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { drillFromNearMiss } from "~/app/studio/from-near-miss.server";

const ParamsSchema = z.object({ reportId: z.string().uuid() });

/** Only a POST makes a drill; a GET goes back to the report. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "near_miss:triage" });
  const parsed = ParamsSchema.safeParse(params);
  invariantResponse(parsed.success, "There is no such report.", 404);
  throw redirect(`/near-misses/${parsed.data.reportId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "near_miss:triage" });
  invariantResponse(can(user.role, "studio:author"), "You do not have access to the studio.", 403);
  const parsed = ParamsSchema.safeParse(params);
  invariantResponse(parsed.success, "There is no such report.", 404);
  try {
    const drillId = await drillFromNearMiss({ db: await getDb(), actorId: user.id, reportId: parsed.data.reportId });
    throw redirect(`/studio/drills/${drillId}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    throw refusalResponse(error);
  }
}
