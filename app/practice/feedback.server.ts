import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions } from "~/db/schema";
import { sectionsReliedOn } from "~/app/content/drill";
import { sectionsAsOf } from "~/app/policies/policies.server";

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
        leftIn: score.rewriteCheck?.leftIn.includes(index) ?? false,
        policy: flaw.policy && section ? { anchor: flaw.policy, heading: section.heading, html: section.html } : null,
      };
    }),
    falseFlags: score.falseFlags.map((mark) => ({ ...mark, text: drill.draft.slice(mark.start, mark.end) })),
    score: {
      flawed: score.flawed,
      outcome: score.outcome,
      decisionMatches: score.decisionMatches,
      decisionNote: score.decisionNote,
      counts: score.counts,
      maxPoints: score.maxPoints,
      pointsBreakdown: score.pointsBreakdown,
      leaked: (score.rewriteCheck?.leaked ?? []).map((span) => ({ category: span.category, masked: maskSecret(row.attempt.rewrite?.slice(span.start, span.end) ?? "") })),
      rewriteChecked: score.rewriteCheck !== null,
    },
  };
}

/** Feedback names the leak without repeating the secret: only the last four characters show. */
export function maskSecret(text: string) {
  const compact = text.replace(/\s/g, "");
  return compact.length > 8 ? `••••${compact.slice(-4)}` : "••••";
}
