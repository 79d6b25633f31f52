import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { policies, policySections, teams } from "~/db/schema";
import { DETECTOR_LABELS } from "~/app/content/detectors";
import { currentRedactionRules } from "./reports.server";

export type SectionOption = { anchor: string; heading: string; policyTitle: string };

/** What the report form offers: the current sections of the live policies, every team, and the redaction rules (for the preview). */
export async function reportFormOptions({ db }: { db: Db }) {
  const sections: SectionOption[] = await db
    .select({ anchor: policySections.anchor, heading: policySections.heading, policyTitle: policies.title })
    .from(policySections)
    .innerJoin(policies, eq(policies.id, policySections.policyId))
    .where(and(isNull(policySections.supersededAt), isNull(policies.retiredAt)))
    .orderBy(asc(policies.title), asc(policySections.position));
  const teamOptions = await db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
  const rules = await currentRedactionRules({ db });
  return { sections, teams: teamOptions, detectors: rules.detectors.map((id) => ({ id, label: DETECTOR_LABELS[id] })) };
}
