import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { safeRedirectTo } from "~/app/auth/redirect";
import { getDb } from "~/app/db.server";
import { markWalkthroughSeen } from "~/app/walkthrough/walkthrough.server";

const SeenSchema = z.object({ redirectTo: z.string({ error: "redirectTo must be a path on this site." }).optional() });

export async function loader() {
  return redirect("/");
}

/**
 * The agent closed the drill page's walkthrough: it does not open by itself again, on any device.
 * The page's script posts without `redirectTo` and gets a small reply; the form without
 * JavaScript names the drill page to go back to.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "practice:play" });
  const parsed = SeenSchema.safeParse(Object.fromEntries(await request.formData()));
  // A resource route: it answers with a Response of its own (Remix's single fetch wants one).
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "Bad form." }, { status: 400 });
  await markWalkthroughSeen({ db: await getDb(), userId: user.id });
  if (parsed.data.redirectTo === undefined) return Response.json({ seen: true });
  throw redirect(safeRedirectTo(parsed.data.redirectTo));
}
