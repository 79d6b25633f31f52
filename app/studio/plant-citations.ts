import { findCitations } from "~/app/content/drill";
import { sentenceEndFrom } from "~/app/text/sentences";
import { citedClaims, type CitedClaim } from "./draft-claims";
import { pick, sectionName, type Planting, type PlantingContext, type SectionEntry } from "./planting";
import { findQuantities, numberStyleOf, sameValue } from "./quantities";
import { sectionStatements } from "./section-statements";

/** Claims whose citation resolves: the ones a planted citation flaw can be explained against. */
function resolvedClaims({ drill, sections }: PlantingContext): (CitedClaim & { entry: SectionEntry })[] {
  return citedClaims(drill.draft).flatMap((claim) => {
    const entry = sections.get(claim.citation.anchor);
    return entry ? [{ ...claim, entry }] : [];
  });
}

/**
 * A citation removed from its claim (with the space before it). A claim whose sentence cites the
 * same section again further on is not chosen: that later citation would already count as citing it.
 */
export function plantMissingCitation(context: PlantingContext): Planting {
  const { drill, wording, random } = context;
  const candidates = resolvedClaims(context).filter((claim) => {
    const draft = removeCitation(drill.draft, claim);
    const sentenceEnd = sentenceEndFrom(draft, claim.end);
    return !findCitations(draft).some((citation) => citation.anchor === claim.citation.anchor && citation.start >= claim.end && citation.start < sentenceEnd);
  });
  const claim = pick(candidates, random);
  if (claim === undefined) return { skipped: "the draft cites no policy section whose citation could be removed" };
  const anchor = claim.citation.anchor;
  return {
    draft: removeCitation(drill.draft, claim),
    quote: { start: claim.start, end: claim.end },
    explanation: wording.missingCitation({ section: sectionName(context, claim.entry), anchor }),
    policy: anchor,
    note: wording.missingCitationTitle(anchor),
    difficultyChange: 0,
  };
}

function removeCitation(draft: string, claim: CitedClaim): string {
  return `${draft.slice(0, claim.end)}${draft.slice(claim.citation.end)}`;
}

/** Names a policy might plausibly have but the library does not: `refunds.window-exceptions`. */
const INVENTED_SUFFIXES = ["exceptions", "extended", "details", "faq"];

/**
 * A citation pointed elsewhere: at a section of the same policy that the draft does not cite and
 * that states none of the claim's values (it does not say what the draft claims), or, when there is
 * none or the seeded choice says so, at a section that does not exist. The quote covers the claim
 * and the new citation.
 */
export function plantFabricatedCitation(context: PlantingContext): Planting {
  const { drill, sections, wording, random } = context;
  const claim = pick(resolvedClaims(context), random);
  if (claim === undefined) return { skipped: "the draft cites no policy section" };
  const anchor = claim.citation.anchor;
  const unrelated = unrelatedSections(context, claim);
  const chooseUnrelated = random() < 0.5;
  const other = chooseUnrelated ? pick(unrelated, random) : undefined;
  const fake = other?.section.anchor ?? INVENTED_SUFFIXES.map((suffix) => `${anchor}-${suffix}`).find((candidate) => !sections.has(candidate));
  if (fake === undefined) return { skipped: `every invented name for a section next to [${anchor}] exists` };

  const citation = `[${fake}]`;
  const draft = `${drill.draft.slice(0, claim.citation.start)}${citation}${drill.draft.slice(claim.citation.end)}`;
  const section = sectionName(context, claim.entry);
  return {
    draft,
    quote: { start: claim.start, end: claim.citation.start + citation.length },
    explanation: other
      ? wording.unrelatedCitation({ fake, fakeSection: sectionName(context, other), section, anchor })
      : wording.nonexistentCitation({ fake, section, anchor }),
    policy: anchor,
    note: other ? wording.unrelatedCitationTitle(fake) : wording.nonexistentCitationTitle(fake),
    difficultyChange: other ? 1 : 0,
  };
}

function unrelatedSections({ drill }: PlantingContext, claim: CitedClaim & { entry: SectionEntry }): SectionEntry[] {
  const cited = new Set(findCitations(drill.draft).map((citation) => citation.anchor));
  const claimed = findQuantities(drill.draft.slice(claim.start, claim.end), numberStyleOf(drill.locale));
  const { policy } = claim.entry;
  return policy.sections
    .filter((section) => !cited.has(section.anchor))
    .filter((section) => !claimed.some((quantity) => sectionStatements(section).some((statement) => sameValue(statement.quantity, quantity))))
    .map((section) => ({ policy, section }));
}
