import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { FLAW_TYPES } from "~/app/vocabulary";

const PracticeSchema = z.object({
  focus: z.enum(FLAW_TYPES, { error: "focus: not a flaw type" }).optional(),
  assignmentId: z.coerce.number({ error: "assignmentId: expected a number" }).int().positive().optional(),
  position: z.coerce.number({ error: "position: expected a number" }).int().min(0).optional(),
});

export async function loader() {
  return redirect("/");
}

/** Opens the agent's one open drill, or serves the next one (or the assigned one the agent picked). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const parsed = PracticeSchema.safeParse(Object.fromEntries(await request.formData()));
  invariantResponse(parsed.success, `Bad practice request: ${parsed.error?.issues.map((i) => i.message).join("; ")}`, 400);
  const { focus, assignmentId, position } = parsed.data;
  try {
    const served = await serveNextDrill({
      db: await getDb(),
      userId: user.id,
      teamId: user.teamId,
      focusFlawType: focus,
      assigned: assignmentId !== undefined && position !== undefined ? { assignmentId, position } : undefined,
    });
    invariantResponse(served, "There is no drill to serve right now: the library has no active drills for this request.", 409);
    return redirect(`/play/${served.id}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    throw refusalResponse(error);
  }
}
