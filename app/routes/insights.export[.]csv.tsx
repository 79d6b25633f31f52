import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { refusalResponse } from "~/app/http.server";
import { exportCsv } from "~/app/insights/csv-export.server";

/** `/insights/export.csv?table=…&<the page's filters>`: a table of the insights pages as a streamed CSV file, under the same scope. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "insights:read" });
  try {
    const { filename, body } = await exportCsv({ db: await getDb(), viewer: user, url: new URL(request.url) });
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return refusalResponse(error);
  }
}
