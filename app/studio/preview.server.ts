import type { Db } from "~/db/client.server";
import { acceptedTypes } from "~/app/content/accepted-types";
import { parseDrillFile, sectionsReliedOn } from "~/app/content/drill";
import { policySources, sectionsAsOf } from "~/app/policies/policies.server";
import { draftOverlay } from "~/app/practice/feedback-overlay";
import { plantedFlaws } from "~/app/practice/planted-flaws";
import { loadStudioDrill } from "./studio-drills.server";

/**
 * A drill as an agent will meet it (the working copy of a studio drill, the published revision of
 * a file drill), and the feedback an agent who catches every flaw gets: the draft with the planted
 * flaws on it, each flaw's explanation, and the policy section it violates as it reads today.
 */
export async function drillPreview({ db, drillId }: { db: Db; drillId: string }) {
  const studio = await loadStudioDrill({ db, drillId });
  if (!studio) return null;
  const source = studio.draft?.source ?? studio.publishedYaml ?? "";
  const parsed = parseDrillFile(source, `studio:${drillId}`);
  if (!parsed.drill) return { id: drillId, problems: parsed.errors.map((error) => `line ${error.line}: ${error.message}`) };
  const drill = parsed.drill;
  const planted = plantedFlaws(drill);
  const sections = await sectionsAsOf({ db, anchors: sectionsReliedOn(drill), at: new Date() });
  return {
    id: drillId,
    problems: [] as string[],
    title: drill.title,
    agentView: { locale: drill.locale, channel: drill.channel, customer: drill.customer, draft: drill.draft, citations: drill.citations },
    sources: await policySources({ db }),
    expected: drill.expected,
    escalation: drill.escalation ?? null,
    flaws: drill.flaws.map((flaw, index) => {
      const section = flaw.policy ? sections.get(flaw.policy) : undefined;
      return { index, type: flaw.type, quote: flaw.quote, explanation: flaw.explanation, policy: flaw.policy && section ? { anchor: flaw.policy, heading: section.heading, html: section.html } : null };
    }),
    overlay: draftOverlay({
      draft: drill.draft,
      flaws: planted.map((flaw) => ({ index: flaw.index, type: flaw.type, start: flaw.start, end: flaw.end, status: "caught" as const, markedAs: [flaw.type] })),
      marks: planted.map((flaw) => ({ start: flaw.start, end: flaw.end, type: flaw.type, caught: flaw.index })),
      accepts: (index, type) => {
        const flaw = planted[index];
        return flaw !== undefined && acceptedTypes(flaw).has(type);
      },
    }),
  };
}
