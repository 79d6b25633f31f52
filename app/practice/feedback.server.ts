import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions } from "~/db/schema";
import { sectionsReliedOn } from "~/app/content/drill";
import { sectionsAsOf } from "~/app/policies/policies.server";
import { normalizeText, originalRange } from "~/app/text/normalize";
import type { RewriteCheck } from "./scoring";
import { acceptedTypes } from "~/app/content/accepted-types";
import { flawCaughtBy, trimMark } from "./catching";
import { plantedFlaws } from "./planted-flaws";
import { draftOverlay, rewriteOverlay } from "./feedback-overlay";
import { DETECTOR_LABELS, isDetectorId } from "~/app/content/detectors";
import type { PlantedFlaw } from "./types";

/** Everything the feedback page shows for one of the agent's own attempts. */
export async function attemptFeedback({ db, userId, attemptId }: { db: Db; userId: number; attemptId: number }) {
  const [row] = await db
    .select({ attempt: attempts, revisionContent: drillRevisions.content, revisionCreatedAt: drillRevisions.createdAt, revision: drillRevisions.revision })
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
  if (!row) return null;
  const drill = row.revisionContent;
  const score = row.attempt.score;
  const rewriteCheck = storedRewriteCheck(score.rewriteCheck);
  const planted = plantedFlaws(drill);
  const sections = await sectionsAsOf({ db, anchors: sectionsReliedOn(drill), at: row.revisionCreatedAt });
  return {
    attempt: {
      id: row.attempt.id,
      createdAt: row.attempt.createdAt.toISOString(),
      decision: row.attempt.decision,
      // The agent's own answer, theirs to see after submitting. The rewrite ships only as its
      // overlay, with leaked data masked: never the datum itself.
      escalationReason: row.attempt.decision === "escalate" ? row.attempt.escalationReason : null,
      points: row.attempt.points,
      counted: row.attempt.counted,
      rating: Math.round(row.attempt.agentRating),
      ratingDelta: Math.round(row.attempt.agentRatingDelta * 10) / 10,
      seconds: Math.round(row.attempt.timeOnTaskMs / 1000),
    },
    drill: {
      id: drill.id,
      revision: row.revision,
      title: drill.title,
      locale: drill.locale,
      draft: drill.draft,
      expected: drill.expected,
      escalation: drill.escalation ?? null,
      citations: drill.citations.map((c) => ({ anchor: c.anchor, known: sections.has(c.anchor), heading: sections.get(c.anchor)?.heading ?? null })),
    },
    flaws: drill.flaws.map((flaw, index) => {
      const result = score.flaws.find((f) => f.index === index);
      const section = flaw.policy ? sections.get(flaw.policy) : undefined;
      return {
        index,
        type: flaw.type,
        quote: flaw.quote,
        explanation: flaw.explanation,
        status: result?.status ?? "missed",
        markedAs: result?.markedAs ?? [],
        // Mistyped although some mark gave a fitting type: the agent marked it as several types.
        markedSeveralTypes: result?.status === "mistyped" && result.markedAs.some((type) => acceptedTypes(flaw).has(type)),
        inRewrite: inRewrite({ rewriteCheck, index }),
        policy: flaw.policy && section ? { anchor: flaw.policy, heading: section.heading, html: section.html } : null,
      };
    }),
    draftOverlay: draftOverlay({
      draft: drill.draft,
      flaws: planted.map((flaw) => {
        const result = score.flaws.find((f) => f.index === flaw.index);
        return { index: flaw.index, type: flaw.type, start: flaw.start, end: flaw.end, status: result?.status ?? "missed", markedAs: result?.markedAs ?? [] };
      }),
      // Judged as scoring judged them: trimmed, each catching the flaw it overlaps most.
      marks: row.attempt.marks.flatMap((mark) => {
        const trimmed = trimMark({ draft: drill.draft, mark });
        return trimmed ? [{ ...trimmed, caught: flawCaughtBy({ mark: trimmed, flaws: planted })?.index ?? null }] : [];
      }),
      accepts: (index, type) => {
        const flaw = planted[index];
        return flaw !== undefined && acceptedTypes(flaw).has(type);
      },
    }),
    rewriteOverlay:
      row.attempt.decision === "rewrite" && row.attempt.rewrite
        ? rewriteOverlay({
            rewrite: row.attempt.rewrite,
            leftIn: leftInRanges({ rewrite: row.attempt.rewrite, flaws: planted, leftIn: rewriteCheck?.leftIn ?? [] }),
            leaked: rewriteCheck?.leaked ?? [],
            fabricated: rewriteCheck?.fabricatedCitations ?? [],
            mask: maskSecret,
            categoryLabel,
          })
        : null,
    falseFlags: score.falseFlags.map((mark) => ({ ...mark, text: drill.draft.slice(mark.start, mark.end) })),
    // What the headline is made of (components/feedback-text words it): never more than was earned.
    headline: { outcome: score.outcome, rewriteCheck, counts: score.counts, decision: row.attempt.decision, expected: drill.expected },
    score: {
      flawed: score.flawed,
      outcome: score.outcome,
      decisionMatches: score.decisionMatches,
      decisionNote: score.decisionNote,
      counts: score.counts,
      maxPoints: score.maxPoints,
      pointsBreakdown: score.pointsBreakdown,
      leaked: (rewriteCheck?.leaked ?? []).map((span) => ({ category: categoryLabel(span.category), masked: maskSecret(row.attempt.rewrite?.slice(span.start, span.end) ?? "") })),
      fabricatedCitations: (rewriteCheck?.fabricatedCitations ?? []).map((citation) => citation.anchor),
      rewriteUsable: rewriteCheck?.usable ?? null,
    },
  };
}

/** A restricted category in words: the detector's label, or the policy's id made readable. */
function categoryLabel(category: string): string {
  return isDetectorId(category) ? DETECTOR_LABELS[category] : category.replaceAll(/[_-]/g, " ");
}

/**
 * Where the left-in flaws stand in the rewrite: each occurrence of the flaw's (normalised) quote
 * in the (normalised) rewrite, at its range in the original rewrite.
 */
export function leftInRanges({ rewrite, flaws, leftIn }: { rewrite: string; flaws: readonly PlantedFlaw[]; leftIn: readonly number[] }) {
  const normalized = normalizeText(rewrite);
  return flaws
    .filter((flaw) => leftIn.includes(flaw.index))
    .flatMap((flaw) => {
      const quote = normalizeText(flaw.quote).text;
      const found: { flawIndex: number; type: PlantedFlaw["type"]; start: number; end: number }[] = [];
      if (quote === "") return found;
      for (let at = normalized.text.indexOf(quote); at !== -1; at = normalized.text.indexOf(quote, at + 1)) {
        found.push({ flawIndex: flaw.index, type: flaw.type, ...originalRange(normalized, { start: at, end: at + quote.length }) });
      }
      return found;
    });
}

/** Whether the rewrite still has the flaw or fixed it; null without a rewrite that could fix anything. */
function inRewrite({ rewriteCheck, index }: { rewriteCheck: RewriteCheck | null; index: number }): "left_in" | "fixed" | null {
  if (rewriteCheck === null) return null;
  if (rewriteCheck.leftIn.includes(index)) return "left_in";
  return rewriteCheck.usable ? "fixed" : null;
}

/** Scores stored before rewrites were checked for usability and invented citations lack those fields. */
export function storedRewriteCheck(check: RewriteCheck | null): RewriteCheck | null {
  if (check === null) return null;
  return { ...check, usable: check.usable ?? true, fabricatedCitations: check.fabricatedCitations ?? [] };
}

/** Feedback names the leak without repeating the secret: only the last four characters show. */
export function maskSecret(text: string) {
  // Normalised, so that invisible characters written into the secret neither count nor show.
  const compact = normalizeText(text).text.replaceAll(" ", "");
  return compact.length > 8 ? `••••${compact.slice(-4)}` : "••••";
}
