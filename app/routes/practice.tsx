import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { serveNextDrill } from "~/app/practice/serve.server";
import { FLAW_TYPES } from "~/app/vocabulary";

/** The home page fills these in; a person only meets this message after tampering or a stale page. */
const NOT_AN_ASSIGNED_DRILL = "That link does not name one of your assigned drills. Go back to your home page and pick it from the list.";

const PracticeSchema = z.object({
  focus: z.enum(FLAW_TYPES, { error: "That is not a flaw type you can practise. Go back to your home page and pick one from the list." }).optional(),
  assignmentId: z.coerce.number({ error: NOT_AN_ASSIGNED_DRILL }).int(NOT_AN_ASSIGNED_DRILL).positive(NOT_AN_ASSIGNED_DRILL).optional(),
  position: z.coerce.number({ error: NOT_AN_ASSIGNED_DRILL }).int(NOT_AN_ASSIGNED_DRILL).min(0, NOT_AN_ASSIGNED_DRILL).optional(),
});

export async function loader() {
  return redirect("/");
}

/** Opens the agent's one open drill, or serves the next one (or the assigned one the agent picked). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const parsed = PracticeSchema.safeParse(Object.fromEntries(await request.formData()));
  // Plain sentences only: the first problem is enough to act on, and none names a field.
  invariantResponse(parsed.success, parsed.error?.issues[0]?.message ?? NOT_AN_ASSIGNED_DRILL, 400);
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
