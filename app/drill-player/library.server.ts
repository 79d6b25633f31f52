import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { drillRevisions, policies, policySections } from "../../db/schema";
import { detect, isDetectorId, type DetectorId } from "../content/detectors";
import { z } from "zod";
import { CHANNELS, DECISIONS, FLAW_TYPES, type Drill } from "../content/drill";
import { renderPolicyMarkdown } from "../policies/markdown";

// Every submission needs these and they change only when the library does: a
// short cache saves a query per attempt, and a sync shows within seconds.
const RESTRICTED_TTL_MS = 10_000;
const restrictedCache = new WeakMap<Db, { at: number; detectors: DetectorId[] }>();

/** The detectors of the restricted categories the live library declares. */
export async function restrictedDetectors({ db, now = Date.now() }: { db: Db; now?: number }): Promise<DetectorId[]> {
  const cached = restrictedCache.get(db);
  if (cached && now - cached.at < RESTRICTED_TTL_MS) return cached.detectors;
  const rows = await db.select({ restricted: policies.restricted }).from(policies).where(isNull(policies.retiredAt));
  const detectors = [...new Set(rows.flatMap((r) => r.restricted.map((c) => c.detector)).filter(isDetectorId))];
  restrictedCache.set(db, { at: now, detectors });
  return detectors;
}

export function restrictedFinder(detectors: readonly DetectorId[]) {
  return (text: string) => (detectors.length === 0 ? [] : detect(text, detectors));
}

/** A revision's stored drill: what sync wrote, checked on the way out of the database rather than cast. */
const StoredDrillSchema = z.object({
  id: z.string(),
  title: z.string(),
  locale: z.string(),
  channel: z.enum(CHANNELS),
  skills: z.array(z.string()),
  difficulty: z.number(),
  customer: z.string(),
  draft: z.string(),
  flaws: z.array(
    z.object({
      type: z.enum(FLAW_TYPES),
      quote: z.string(),
      occurrence: z.number().optional(),
      explanation: z.string(),
      policy: z.string().optional(),
      start: z.number(),
      end: z.number(),
    }),
  ),
  citations: z.array(z.object({ anchor: z.string(), start: z.number(), end: z.number() })),
  expected: z.enum(DECISIONS).optional(),
  escalation: z.string().optional(),
  expectedDecision: z.enum(DECISIONS),
});

export function parseStoredDrill(content: unknown): Drill {
  return StoredDrillSchema.parse(content);
}

export async function loadRevision({ db, revisionId }: { db: Db; revisionId: number }) {
  const [row] = await db.select().from(drillRevisions).where(eq(drillRevisions.id, revisionId));
  if (!row) return null;
  return { row, drill: parseStoredDrill(row.content) };
}

/** Every live policy with its current sections rendered, for the sources panel beside a draft. */
export async function policySources({ db }: { db: Db }) {
  const rows = await db
    .select({ policyId: policies.id, title: policies.title, anchor: policySections.anchor, heading: policySections.heading, markdown: policySections.markdown })
    .from(policySections)
    .innerJoin(policies, eq(policies.id, policySections.policyId))
    .where(and(isNull(policySections.supersededAt), isNull(policies.retiredAt)))
    .orderBy(asc(policies.title), asc(policySections.position));
  return rows.map((r) => ({ policyId: r.policyId, policyTitle: r.title, anchor: r.anchor, heading: r.heading, html: renderPolicyMarkdown(r.markdown) }));
}
