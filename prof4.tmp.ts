import { readFileSync } from "node:fs";
import { openPostgres } from "~/db/client.server";
import { parseReviewMonth } from "~/app/insights/review-month";
import * as review from "~/app/insights/review.server";
import * as slips from "~/app/insights/slips.server";
import * as q from "~/app/insights/rollup-queries.server";
import * as ti from "~/app/insights/team-insights.server";
import { tiersAt } from "~/app/practice/tier-history.server";
import { organisationBands } from "~/app/settings/band-settings.server";
import { parseFilters } from "~/app/insights/filters";
import { weeklyTrend } from "~/app/insights/trend.server";
const hold = JSON.parse(readFileSync("/tmp/bench-hold.json", "utf8"));
const { db, close } = openPostgres(hold.benchUrl, { max: 4 }) as any;
const teamIds: number[] = hold.org.teamIds;
const rv = parseReviewMonth("2026-11", new Date());
const settings = (await organisationBands({ db })).settings;
const { range } = parseFilters(new URLSearchParams(""), new Date());
const a = await q.activeAgents({ db, teamIds, range: rv.range });
const userIds = [...a.values()].flat();
async function t(name: string, f: () => Promise<unknown>) {
  await f(); const xs: number[] = [];
  for (let i = 0; i < 9; i++) { const s = performance.now(); await f(); xs.push(performance.now() - s); }
  xs.sort((x, y) => x - y); console.log(name.padEnd(40), xs[4]!.toFixed(1), "ms");
}
const cases: Record<string, () => Promise<unknown>> = {
  monthlyReviewOrg: () => review.monthlyReview({ db, teamIds, wholeOrganisation: true, review: rv, settings }),
  "sumsByTeam month": () => q.sumsByTeam({ db, teamIds, range: rv.range }),
  "missedTypes month": () => slips.missedTypes({ db, teamIds, range: rv.range, flawType: null }),
  "missedDrills ORG": () => slips.missedDrills({ db, teamIds, wholeOrganisation: true, range: rv.range, flawType: null }),
  "controls ORG": () => slips.overriddenControls({ db, teamIds, wholeOrganisation: true, range: rv.range }),
  "activeAgents": () => q.activeAgents({ db, teamIds, range: rv.range }),
  "tiersAt": () => tiersAt({ db, userIds, until: rv.range.until }),
  "kinds": () => ti.productionKinds({ db, teamIds, range: rv.range, settings }),
  "teamTable 30d": () => ti.teamTable({ db, teams: teamIds.map((id) => ({ id, name: "t" + id })), range, flawType: null }),
  "standings 30d": async () => ti.standings({ db, userIds, range }),
  "weeklyTrend 30d": () => weeklyTrend({ db, teamIds, range, flawType: null, settings }),
};
for (const [name, f] of Object.entries(cases)) await t(name, f);
await close();
