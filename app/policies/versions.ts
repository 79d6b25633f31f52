import { sectionsReliedOn, type Drill } from "~/app/content/drill";
import { compareContentErrors, contentError, type ContentError } from "~/app/content/errors";
import { parsePolicy, type Policy, type PolicyLocations, type PolicySection } from "~/app/content/policy";
import { validateLibrary, type LibraryPolicy } from "~/app/content/validate";

/**
 * A new version of a policy, worked out before anything is stored: what the Markdown says, what
 * it changes in the stored sections, and which drills it sets aside. Pure, so the studio's preview,
 * its confirm and the tests share one computation.
 */

/** The largest policy source the studio accepts (UTF-8 bytes); the starter policies are a few KB. */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** NUL, the C0 controls other than tab, line feed, form feed and carriage return, DEL, and unpaired surrogates. */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SHOWN_CHARACTER_ERRORS = 5;

export type ReadPolicy = { policy?: Policy; locations?: PolicyLocations; errors: ContentError[]; warnings: ContentError[] };

/**
 * Reads a policy's Markdown as `content:check` reads a policy file (`parsePolicy`, same messages),
 * after refusing what is no policy at all: too large, or binary (control characters, each reported
 * with its line and column).
 */
export function readPolicySource(text: string, file: string): ReadPolicy {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_POLICY_BYTES) {
    return { errors: [contentError(file, { line: 0, column: 0 }, `the policy is ${megabytes(bytes)} MB; at most ${megabytes(MAX_POLICY_BYTES)} MB is accepted`)], warnings: [] };
  }
  const characterErrors = forbiddenCharacters(text, file);
  if (characterErrors.length > 0) return { errors: characterErrors, warnings: [] };
  const parsed = parsePolicy(text, file);
  return { policy: parsed.policy, locations: parsed.locations, errors: parsed.errors, warnings: parsed.warnings ?? [] };
}

/** Bytes as UTF-8 text, or null when they are not (a PDF, a Word file, a Latin-1 export). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function megabytes(bytes: number) {
  return (bytes / (1024 * 1024)).toLocaleString("en", { maximumFractionDigits: 1 });
}

function forbiddenCharacters(text: string, file: string): ContentError[] {
  const errors: ContentError[] = [];
  const matches = [...text.matchAll(FORBIDDEN_CHARACTER)];
  for (const match of matches.slice(0, SHOWN_CHARACTER_ERRORS)) {
    const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    const what = /[\uD800-\uDFFF]/.test(match[0]) ? `a broken character (an unpaired surrogate U+${code})` : `the control character U+${code}`;
    errors.push(contentError(file, positionOf(text, match.index), `${what} is not allowed in a policy: is this a binary file? A policy is Markdown text`));
  }
  if (matches.length > SHOWN_CHARACTER_ERRORS) {
    errors.push(contentError(file, { line: 0, column: 0 }, `${matches.length - SHOWN_CHARACTER_ERRORS} more control characters not shown`));
  }
  return errors;
}

/** 1-based line and UTF-16 column, counting lines as `parsePolicy` does (CRLF and CR are one break). */
function positionOf(text: string, index: number) {
  const before = text.slice(0, index).replace(/\r\n?/g, "\n");
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: before.length - lineStart + 1 };
}

/**
 * The library rules `content:check` applies across policies (a policy id used once, an anchor
 * defined once), for a policy checked against the stored ones: `others` are every other live
 * policy, and only the errors in `uploaded` are returned.
 */
export function checkAgainstLibrary(uploaded: LibraryPolicy, others: readonly LibraryPolicy[]): ContentError[] {
  const errors = validateLibrary({ policies: [...others.filter((other) => other.policy.id !== uploaded.policy.id), uploaded], drills: [] });
  return errors.filter((error) => error.file === uploaded.file).sort(compareContentErrors);
}

/** The Markdown before the first anchored section, without the `# Title` line the page renders itself. */
export function policyIntro(policy: Policy) {
  const lines = policy.markdown.split("\n");
  const first = policy.sections[0];
  const firstAt = first ? lines.findIndex((line) => /^#{1,6}\s/.test(line) && line.replace(/^#{1,6}\s+/, "").trim() === first.heading) : -1;
  const intro = lines.slice(0, firstAt === -1 ? lines.length : firstAt);
  const titleAt = intro.findIndex((line) => line.trim() !== "");
  if (titleAt !== -1 && /^#\s/.test(intro[titleAt] ?? "")) intro.splice(titleAt, 1);
  return intro.join("\n").trim();
}

/** A section's current version as stored. */
export type StoredSection = { anchor: string; heading: string; markdown: string; hash: string; versionNo: number };

export type SectionChange<S extends StoredSection = StoredSection> = { anchor: string; before: S; after: PolicySection };

export type SectionComparison<S extends StoredSection = StoredSection> = { added: PolicySection[]; changed: SectionChange<S>[]; removed: S[]; unchanged: PolicySection[] };

/**
 * Sections by anchor: a section whose heading or text changed (its hash) is changed — it becomes a
 * new section version — one whose anchor is gone is removed, one with a new anchor is added.
 */
export function compareSections<S extends StoredSection>(current: readonly S[], next: readonly PolicySection[]): SectionComparison<S> {
  const currentByAnchor = new Map(current.map((section) => [section.anchor, section]));
  const nextAnchors = new Set(next.map((section) => section.anchor));
  const comparison: SectionComparison<S> = { added: [], changed: [], removed: [], unchanged: [] };
  for (const section of next) {
    const before = currentByAnchor.get(section.anchor);
    if (!before) comparison.added.push(section);
    else if (before.hash !== section.hash) comparison.changed.push({ anchor: section.anchor, before, after: section });
    else comparison.unchanged.push(section);
  }
  comparison.removed = current.filter((section) => !nextAnchors.has(section.anchor));
  return comparison;
}

/** The anchors whose text changed or disappeared: drills relying on them may no longer be right. */
export function unsettledAnchors(comparison: SectionComparison): Set<string> {
  return new Set([...comparison.changed.map((change) => change.anchor), ...comparison.removed.map((section) => section.anchor)]);
}

/** The sections of `drill` among `anchors` (sorted), empty when it relies on none of them. */
export function reliedOnAmong(drill: Pick<Drill, "flaws" | "citations">, anchors: ReadonlySet<string>): string[] {
  return sectionsReliedOn(drill).filter((anchor) => anchors.has(anchor));
}
