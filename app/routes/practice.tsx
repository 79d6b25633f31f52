import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { openServedDrill, serveNextDrill } from "~/app/practice/serve.server";
import { FLAW_TYPES } from "~/app/vocabulary";
import { invariantResponse } from "~/app/http.server";

const PracticeSchema = z.object({
  focus: z.enum(FLAW_TYPES).optional(),
  assignmentId: z.coerce.number().int().positive().optional(),
  drillId: z.string().min(1).optional(),
});

export async function loader() {
  return redirect("/");
}

/** Opens the agent's unanswered drill, or serves the next one (or the assigned one the agent picked). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const parsed = PracticeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(`Bad practice request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, { status: 400 });
  const { focus, assignmentId, drillId } = parsed.data;
  const db = await getDb();
  const assigned = assignmentId !== undefined && drillId ? { assignmentId, drillId } : undefined;
  if (!assigned && !focus) {
    const open = await openServedDrill({ db, userId: user.id });
    if (open) return redirect(`/play/${open.id}`);
  }
  const served = await serveNextDrill({
    db,
    userId: user.id,
    teamId: user.teamId,
    focusFlawType: focus,
    assigned,
  });
  invariantResponse(served, "There is no drill to serve right now: the library has no active drills for this request.", 409);
  return redirect(`/play/${served.id}`);
}
