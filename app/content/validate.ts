import { DETECTOR_LABELS, detect, type DetectorId } from "~/app/content/detectors";
import { positionInDraft, type Drill, type DrillLocations } from "./drill";
import { compareContentErrors, contentError, type ContentError, type SourcePosition } from "./errors";
import type { Policy, PolicyLocations } from "./policy";
import type { Channel, Decision, FlawType } from "~/app/vocabulary";

export type LibraryPolicy = { file: string; hash: string; policy: Policy; locations: PolicyLocations };
export type LibraryDrill = { file: string; hash: string; drill: Drill; locations: DrillLocations };
export type Library = { policies: readonly LibraryPolicy[]; drills: readonly LibraryDrill[] };

type Place = { file: string; position: SourcePosition };

function placeText({ file, position }: Place): string {
  return `${file}:${position.line}:${position.column}`;
}

/**
 * Library-wide rules: citations and policy references resolve, restricted data is declared exactly
 * where it is, `expected` agrees with the flaws, ids are unique. Shape, quote and flaw-type rules
 * are checked per file by `parseDrillFile` and `parsePolicy`. Runs in one pass over the library:
 * policies are indexed once, then each drill is checked against the index.
 */
export function validateLibrary(library: Library): ContentError[] {
  const errors: ContentError[] = [];
  const anchors = indexAnchors(library.policies, errors);
  const restricted = restrictedDetectors(library.policies);
  const drillIds = new Map<string, Place>();

  for (const entry of library.drills) {
    const { drill, locations, file } = entry;
    const firstUse = drillIds.get(drill.id);
    if (firstUse) {
      errors.push(contentError(file, locations.id, `drill id "${drill.id}" is already used by ${placeText(firstUse)}`));
    } else {
      drillIds.set(drill.id, { file, position: locations.id });
    }
    errors.push(
      ...checkCitations(entry, anchors),
      ...checkPolicyReferences(entry, anchors),
      ...checkRestrictedData(entry, restricted),
      ...checkExpectedDecision(entry),
    );
  }
  return errors.sort(compareContentErrors);
}

type AnchorIndex = {
  places: Map<string, Place>;
  /** Anchors by policy id prefix, so "did you mean" only compares within one policy. */
  byPolicy: Map<string, string[]>;
};

function indexAnchors(policies: readonly LibraryPolicy[], errors: ContentError[]): AnchorIndex {
  const places = new Map<string, Place>();
  const byPolicy = new Map<string, string[]>();
  const policyIds = new Map<string, Place>();
  for (const { policy, file, locations } of policies) {
    const firstUse = policyIds.get(policy.id);
    if (firstUse) {
      // A copied policy would otherwise also repeat the duplicate-anchor error for every section.
      errors.push(contentError(file, locations.id, `policy id "${policy.id}" is already used by ${placeText(firstUse)}`));
      continue;
    }
    policyIds.set(policy.id, { file, position: locations.id });
    for (const section of policy.sections) {
      const position = locations.anchors.get(section.anchor) ?? { line: section.line, column: 1 };
      const defined = places.get(section.anchor);
      if (defined) {
        errors.push(contentError(file, position, `anchor "${section.anchor}" is already defined in ${placeText(defined)}`));
        continue;
      }
      places.set(section.anchor, { file, position });
      const prefix = policyPrefix(section.anchor);
      byPolicy.set(prefix, [...(byPolicy.get(prefix) ?? []), section.anchor]);
    }
  }
  return { places, byPolicy };
}

function policyPrefix(anchor: string): string {
  return anchor.split(".")[0] ?? anchor;
}

/** Restricted categories are the union of the policies' `restricted:` lists, keyed by detector. */
function restrictedDetectors(policies: readonly LibraryPolicy[]): Map<DetectorId, string> {
  const labels = new Map<DetectorId, string>();
  for (const { policy } of policies) {
    for (const category of policy.restricted) {
      if (!labels.has(category.detector)) labels.set(category.detector, category.label);
    }
  }
  return labels;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function checkCitations({ drill, locations, file }: LibraryDrill, anchors: AnchorIndex): ContentError[] {
  const declaredFabrications = drill.flaws.filter((flaw) => flaw.type === "fabricated_citation");
  return drill.citations
    .filter((citation) => !anchors.places.has(citation.anchor))
    .filter((citation) => !declaredFabrications.some((flaw) => overlaps(flaw, citation)))
    .map((citation) =>
      contentError(
        file,
        positionInDraft(drill.draft, locations.draft, citation.start),
        `citation [${citation.anchor}] does not match any policy section${didYouMean(citation.anchor, anchors)}; fix it, or declare it with a fabricated_citation flaw whose quote covers it`,
      ),
    );
}

function checkPolicyReferences({ drill, locations, file }: LibraryDrill, anchors: AnchorIndex): ContentError[] {
  const errors: ContentError[] = [];
  drill.flaws.forEach((flaw, index) => {
    if (flaw.policy === undefined || anchors.places.has(flaw.policy)) return;
    const position = locations.flaws[index]?.policy ?? locations.id;
    errors.push(
      contentError(file, position, `policy "${flaw.policy}" does not match any policy section anchor${didYouMean(flaw.policy, anchors)}`),
    );
  });
  return errors;
}

function checkRestrictedData({ drill, locations, file }: LibraryDrill, restricted: Map<DetectorId, string>): ContentError[] {
  const errors: ContentError[] = [];
  const restrictedFlaws = drill.flaws.filter((flaw) => flaw.type === "restricted_data");
  const spans = restricted.size > 0 ? detect(drill.draft, [...restricted.keys()]) : [];
  drill.flaws.forEach((flaw, index) => {
    if (flaw.type !== "restricted_data" || spans.some((span) => overlaps(span, flaw))) return;
    const position = locations.flaws[index]?.quote ?? locations.id;
    const message =
      restricted.size === 0
        ? "restricted_data flaw, but no policy lists restricted data categories (add restricted: to the data-handling policy)"
        : `restricted_data flaw: no restricted-data detector (${[...restricted.keys()].join(", ")}) recognises anything in quote ${JSON.stringify(flaw.quote)}`;
    errors.push(contentError(file, position, message));
  });
  for (const span of spans) {
    if (restrictedFlaws.some((flaw) => overlaps(flaw, span))) continue;
    const label = restricted.get(span.category) ?? DETECTOR_LABELS[span.category];
    errors.push(
      contentError(
        file,
        positionInDraft(drill.draft, locations.draft, span.start),
        `restricted data in the draft that no flaw declares: ${label} ${JSON.stringify(drill.draft.slice(span.start, span.end))}; add a restricted_data flaw quoting it`,
      ),
    );
  }
  return errors;
}

function checkExpectedDecision({ drill, locations, file }: LibraryDrill): ContentError[] {
  // A default never contradicts the flaws; only a written `expected:` can.
  if (locations.expected === undefined) return [];
  const position = locations.expected ?? locations.id;
  const flawCount = drill.flaws.length;
  if (drill.expected === "send" && flawCount > 0) {
    const flaws = flawCount === 1 ? "1 flaw" : `${flawCount} flaws`;
    return [contentError(file, position, `expected: send contradicts the ${flaws} of this drill; a flawed draft expects rewrite or escalate`)];
  }
  if (drill.expected !== "send" && flawCount === 0) {
    return [contentError(file, position, `expected: ${drill.expected} contradicts a clean control (no flaws); a control expects send`)];
  }
  return [];
}

function didYouMean(anchor: string, anchors: AnchorIndex): string {
  const candidates = anchors.byPolicy.get(policyPrefix(anchor.toLowerCase())) ?? [];
  let best: { anchor: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(anchor.toLowerCase(), candidate);
    if (distance <= 3 && (!best || distance < best.distance)) best = { anchor: candidate, distance };
  }
  return best ? ` (did you mean ${best.anchor}?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export type LibraryStats = {
  drills: number;
  /** Drills without flaws (clean controls). */
  controls: number;
  /** controls / drills, 0 for an empty library. */
  controlShare: number;
  /** Drills with two or more flaws. */
  multiFlawDrills: number;
  /** Per flaw type: how many flaws, and how many drills contain at least one. */
  flawTypes: Record<FlawType, { flaws: number; drills: number }>;
  /** Keyed "1" to "5". */
  difficulty: Record<string, number>;
  channels: Record<Channel, number>;
  locales: Record<string, number>;
  /** By expected decision (explicit or defaulted). */
  expected: Record<Decision, number>;
};

export function libraryStats(drills: readonly Drill[]): LibraryStats {
  const stats: LibraryStats = {
    drills: drills.length,
    controls: 0,
    controlShare: 0,
    multiFlawDrills: 0,
    flawTypes: {
      hallucination: { flaws: 0, drills: 0 },
      missing_citation: { flaws: 0, drills: 0 },
      fabricated_citation: { flaws: 0, drills: 0 },
      restricted_data: { flaws: 0, drills: 0 },
      tone: { flaws: 0, drills: 0 },
    },
    difficulty: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
    channels: { chat: 0, email: 0 },
    locales: {},
    expected: { send: 0, rewrite: 0, escalate: 0 },
  };
  for (const drill of drills) {
    if (drill.flaws.length === 0) stats.controls++;
    if (drill.flaws.length > 1) stats.multiFlawDrills++;
    for (const flaw of drill.flaws) stats.flawTypes[flaw.type].flaws++;
    for (const type of new Set(drill.flaws.map((flaw) => flaw.type))) stats.flawTypes[type].drills++;
    stats.difficulty[String(drill.difficulty)] = (stats.difficulty[String(drill.difficulty)] ?? 0) + 1;
    stats.channels[drill.channel]++;
    stats.locales[drill.locale] = (stats.locales[drill.locale] ?? 0) + 1;
    stats.expected[drill.expected]++;
  }
  stats.controlShare = drills.length === 0 ? 0 : stats.controls / drills.length;
  return stats;
}
