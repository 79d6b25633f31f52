import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions } from "~/db/schema";
import { sectionsReliedOn } from "~/app/content/drill";
import { sectionsAsOf } from "~/app/policies/policies.server";
import { normalizeText } from "~/app/text/normalize";
import type { RewriteCheck } from "./scoring";
import { acceptedTypes } from "~/app/content/accepted-types";

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
  const sections = await sectionsAsOf({ db, anchors: sectionsReliedOn(drill), at: row.revisionCreatedAt });
  return {
    attempt: {
      id: row.attempt.id,
      createdAt: row.attempt.createdAt.toISOString(),
      decision: row.attempt.decision,
      rewrite: row.attempt.rewrite,
      escalationReason: row.attempt.escalationReason,
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
    falseFlags: score.falseFlags.map((mark) => ({ ...mark, text: drill.draft.slice(mark.start, mark.end) })),
    // What the headline is made of (components/feedback-text words it): never more than was earned.
    headline: { outcome: score.outcome, rewriteCheck },
    score: {
      flawed: score.flawed,
      outcome: score.outcome,
      decisionMatches: score.decisionMatches,
      decisionNote: score.decisionNote,
      counts: score.counts,
      maxPoints: score.maxPoints,
      pointsBreakdown: score.pointsBreakdown,
      leaked: (rewriteCheck?.leaked ?? []).map((span) => ({ category: span.category, masked: maskSecret(row.attempt.rewrite?.slice(span.start, span.end) ?? "") })),
      fabricatedCitations: (rewriteCheck?.fabricatedCitations ?? []).map((citation) => citation.anchor),
      rewriteUsable: rewriteCheck?.usable ?? null,
    },
  };
}

/** Whether the rewrite still has the flaw or fixed it; null without a rewrite that could fix anything. */
function inRewrite({ rewriteCheck, index }: { rewriteCheck: RewriteCheck | null; index: number }): "left_in" | "fixed" | null {
  if (rewriteCheck === null) return null;
  if (rewriteCheck.leftIn.includes(index)) return "left_in";
  return rewriteCheck.usable ? "fixed" : null;
}

/** Scores stored before rewrites were checked for usability and invented citations lack those fields. */
function storedRewriteCheck(check: RewriteCheck | null): RewriteCheck | null {
  if (check === null) return null;
  return { ...check, usable: check.usable ?? true, fabricatedCitations: check.fabricatedCitations ?? [] };
}

/** Feedback names the leak without repeating the secret: only the last four characters show. */
export function maskSecret(text: string) {
  // Normalised, so that invisible characters written into the secret neither count nor show.
  const compact = normalizeText(text).text.replaceAll(" ", "");
  return compact.length > 8 ? `••••${compact.slice(-4)}` : "••••";
}
