import type { Db } from "~/db/client.server";
import { parseFilters } from "./filters";
import { filteredTeams, type Viewer } from "./scope.server";

/**
 * What an insights page or export asks for: the filters in its URL, the weeks they cover, and the
 * teams they name, every one of them in the viewer's scope (a team outside it is a 404).
 */
export async function insightsRequest({ db, viewer, url, now = new Date() }: { db: Db; viewer: Viewer; url: URL; now?: Date }) {
  const { filters, range, problem } = parseFilters(url.searchParams, now);
  const { all, chosen, wholeOrganisation } = await filteredTeams({ db, viewer, teamIds: filters.teamIds });
  return { filters, range, problem, teams: all, chosen, wholeOrganisation };
}
