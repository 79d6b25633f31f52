import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions } from "~/db/schema";
import { sectionsReliedOn } from "~/app/content/drill";
import { OUTCOME_TEXT } from "~/app/components/feedback-text";
import { sectionsAsOf } from "~/app/policies/policies.server";
import { normalizeText } from "~/app/text/normalize";
import type { AttemptScore, RewriteCheck } from "./scoring";
import { acceptedTypes } from "./types";

/** Everything the feedback page shows for one of the agent's own attempts. */
export async function attemptFeedback({ db, userId, attemptId }: { db: Db; userId: number; attemptId: number }) {
  const [row] = await db
    .select({ attempt: attempts, revisionContent: drillRevisions.content, revisionCreatedAt: drillRevisions.createdAt, revision: drillRevisions.revision })
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
  if (!row) return null;
  const drill = row.revisionContent;
  const score = row.attempt.result;
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
      expected: drill.expectedDecision,
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
    headline: feedbackHeadline({ outcome: score.outcome, rewriteCheck }),
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

export type Headline = { title: string; body: string; success: boolean };

/**
 * The feedback's headline never says more than the attempt earned: stopping a flawed draft with a
 * rewrite that cannot be sent, leaks restricted data, leaves a flaw in or invents a citation is
 * not a clean success.
 */
export function feedbackHeadline({ outcome, rewriteCheck }: Pick<AttemptScore, "outcome" | "rewriteCheck">): Headline {
  const success = outcome === "hit" || outcome === "correct_rejection";
  if (outcome !== "hit" || rewriteCheck === null) return { ...OUTCOME_TEXT[outcome], success };
  if (!rewriteCheck.usable) {
    return {
      title: "You stopped a flawed draft, but your rewrite cannot be sent",
      body: "Your rewrite is too short to be a reply to the customer, so it earns nothing for the decision. See why below.",
      success: false,
    };
  }
  const problems = [
    count(rewriteCheck.leaked.length, "piece of restricted data", "pieces of restricted data"),
    count(rewriteCheck.leftIn.length, "flaw from the draft", "flaws from the draft"),
    count(rewriteCheck.fabricatedCitations.length, "citation of a section that does not exist", "citations of sections that do not exist"),
  ].filter((problem) => problem !== null);
  if (problems.length === 0) return { ...OUTCOME_TEXT.hit, success: true };
  return {
    title: "You stopped a flawed draft, but your rewrite needs fixing",
    body: `Your rewrite still has ${listed(problems)}. See each one below.`,
    success: false,
  };
}

function count(value: number, one: string, many: string): string | null {
  return value === 0 ? null : `${value} ${value === 1 ? one : many}`;
}

function listed(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Feedback names the leak without repeating the secret: only the last four characters show. */
export function maskSecret(text: string) {
  // Normalised, so that invisible characters written into the secret neither count nor show.
  const compact = normalizeText(text).text.replaceAll(" ", "");
  return compact.length > 8 ? `••••${compact.slice(-4)}` : "••••";
}
