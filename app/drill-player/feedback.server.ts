import { and, desc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { attempts, drillRevisions, policySections } from "../../db/schema";
import { renderPolicyMarkdown } from "../policies/markdown";
import { parseStoredDrill } from "./library.server";
import { readScore } from "./stored-score";

/**
 * Sections as they read when the revision was written, so feedback quotes the
 * text the drill was checked against even after a policy changes.
 */
async function sectionsAsOf({ db, anchors, at }: { db: Db; anchors: string[]; at: Date }) {
  if (anchors.length === 0) return new Map<string, { heading: string; html: string; versionNo: number }>();
  const rows = await db
    .select()
    .from(policySections)
    .where(and(inArray(policySections.anchor, anchors), lte(policySections.createdAt, at)))
    .orderBy(desc(policySections.versionNo));
  const byAnchor = new Map<string, { heading: string; html: string; versionNo: number }>();
  for (const row of rows) {
    if (!byAnchor.has(row.anchor)) byAnchor.set(row.anchor, { heading: row.heading, html: renderPolicyMarkdown(row.markdown), versionNo: row.versionNo });
  }
  return byAnchor;
}

/** Everything the feedback page shows for one of the agent's own attempts. */
export async function attemptFeedback({ db, userId, attemptId }: { db: Db; userId: number; attemptId: number }) {
  const [row] = await db
    .select({ attempt: attempts, revisionContent: drillRevisions.content, revisionCreatedAt: drillRevisions.createdAt, revision: drillRevisions.revision })
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
  if (!row) return null;
  const drill = parseStoredDrill(row.revisionContent);
  const score = readScore(row.attempt.result);
  const anchors = [...new Set([...drill.flaws.flatMap((f) => (f.policy ? [f.policy] : [])), ...drill.citations.map((c) => c.anchor)])];
  const sections = await sectionsAsOf({ db, anchors, at: row.revisionCreatedAt });
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
