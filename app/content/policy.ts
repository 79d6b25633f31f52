import { createHash } from "node:crypto";
import { z } from "zod";
import { DETECTOR_IDS } from "~/app/content/detectors";
import { compareContentErrors, contentError, type ContentError, type SourcePosition } from "./errors";
import { describeValue, slugField, textField } from "./schema-fields";
import { issuesToErrors, parseYaml, positionOfPath, type PathSegment } from "./yaml-source";

const CATEGORY_ID_PATTERN = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

const restrictedCategorySchema = z.strictObject(
  {
    id: z
      .string({ error: "restricted id must be text, e.g. payment_card" })
      .regex(CATEGORY_ID_PATTERN, "restricted id must be lowercase letters, digits, _ or -, e.g. payment_card"),
    label: textField("label"),
    detector: z.enum(DETECTOR_IDS, {
      error: (issue) =>
        `unknown detector ${describeValue(issue.input)}; built-in detectors: ${DETECTOR_IDS.join(", ")}`,
    }),
  },
  { error: "each restricted entry must be a mapping with id, label and detector" },
);

const frontMatterSchema = z.strictObject(
  {
    id: slugField("id", "refunds"),
    title: textField("title"),
    version: z
      .union([z.string(), z.number()], { error: "version must be text, e.g. 2026-03" })
      .transform(String)
      .refine((value) => value.trim().length > 0, "version must not be empty"),
    effective: z
      .string({ error: "effective must be a date written YYYY-MM-DD, e.g. 2026-03-01" })
      .refine(isCalendarDate, "effective must be a date written YYYY-MM-DD, e.g. 2026-03-01"),
    restricted: z
      .array(restrictedCategorySchema, { error: "restricted must be a list of {id, label, detector}" })
      .default([])
      .superRefine((categories, context) => {
        const seen = new Set<string>();
        categories.forEach((category, index) => {
          if (seen.has(category.id)) {
            context.addIssue({ code: "custom", path: [index, "id"], message: `restricted id "${category.id}" is listed twice` });
          }
          seen.add(category.id);
        });
      }),
  },
  { error: "front matter must be a mapping of keys: id, title, version, effective" },
);

export type PolicyFrontMatter = z.output<typeof frontMatterSchema>;
export type RestrictedCategory = PolicyFrontMatter["restricted"][number];

export type PolicySection = {
  anchor: string;
  /** Heading text without the `{#anchor}` marker. */
  heading: string;
  /** Heading level, 1–6. */
  level: number;
  /** The section body, from the line after its heading to the next section, blank edges trimmed. */
  markdown: string;
  /** 1-based line of the heading in the policy file. */
  line: number;
  /** sha256 hex of `heading + "\n" + markdown`: a changed section is a new section version. */
  hash: string;
};

export type Policy = PolicyFrontMatter & {
  /** The whole body (after the front matter) with `{#anchor}` markers removed, for rendering. */
  markdown: string;
  sections: PolicySection[];
};

/** Where things are in the file, for errors the library validator raises later. */
export type PolicyLocations = { id: SourcePosition; anchors: ReadonlyMap<string, SourcePosition> };

export type ParsedPolicy = { policy?: Policy; locations?: PolicyLocations; errors: ContentError[]; warnings?: ContentError[] };

const FRONT_MATTER_KEYS = ["id", "title", "version", "effective", "restricted"];
const CATEGORY_KEYS = ["id", "label", "detector"];

const frontMatterWording = {
  allowedKeys: (path: readonly PathSegment[]) => (path[0] === "restricted" ? CATEGORY_KEYS : FRONT_MATTER_KEYS),
};

/**
 * Parses a policy source: YAML front matter between `---` lines, then Markdown whose headings carry
 * `{#anchor}` markers. A policy is returned whenever its front matter is valid, so that one bad
 * anchor does not turn every citation of the policy into an error too.
 */
export function parsePolicy(text: string, file: string): ParsedPolicy {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  if (lines[0]?.trim() !== "---") {
    return {
      errors: [
        contentError(file, { line: 1, column: 1 }, "missing front matter: a policy starts with a --- line, then id, title, version and effective, then ---"),
      ],
    };
  }
  const closing = lines.findIndex((line, index) => index > 0 && (line.trim() === "---" || line.trim() === "..."));
  if (closing === -1) {
    return { errors: [contentError(file, { line: 1, column: 1 }, "front matter is not closed: add a --- line after it")] };
  }

  const yaml = parseYaml(lines.slice(1, closing).join("\n"), file, 1);
  if (yaml.errors.length > 0) return { errors: yaml.errors };
  const frontMatter = frontMatterSchema.safeParse(yaml.value ?? {});
  const bodyFirstLine = closing + 2;
  const body = parseBody(lines.slice(closing + 1), bodyFirstLine, file, frontMatter.data?.id);
  if (!frontMatter.success) {
    const frontMatterErrors = issuesToErrors(frontMatter.error.issues, yaml.source, yaml.value, frontMatterWording);
    return { errors: [...frontMatterErrors, ...body.errors].sort(compareContentErrors) };
  }
  return {
    policy: { ...frontMatter.data, markdown: body.markdown, sections: body.sections },
    locations: { id: positionOfPath(yaml.source, ["id"]), anchors: body.anchorPositions },
    errors: body.errors.sort(compareContentErrors),
    warnings: yaml.warnings,
  };
}

/** `{#anchor}` at the end of a heading. Anything inside the braces is captured so it can be checked. */
const ANCHOR_MARKER = /[ \t]*\{#([^}]*)\}$/;
/**
 * Lowercase letters and digits in runs joined by `.`, `_` or `-`. An anchor must also start with
 * its policy's id and a dot (`refunds.window` in `refunds.md`): anchors are unique across all
 * policies, and the prefix makes that true by construction and tells a reader of `[refunds.window]`
 * which policy to open.
 */
export const ANCHOR_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

type Heading = { level: number; text: string; anchor?: string; anchorColumn: number; index: number };

function parseBody(
  lines: readonly string[],
  firstLine: number,
  file: string,
  policyId: string | undefined,
): { markdown: string; sections: PolicySection[]; anchorPositions: Map<string, SourcePosition>; errors: ContentError[] } {
  const headings = findHeadings(lines);
  const errors: ContentError[] = [];
  const anchorPositions = new Map<string, SourcePosition>();
  const rendered = [...lines];
  const anchored: (Heading & { anchor: string })[] = [];

  for (const heading of headings) {
    if (heading.anchor === undefined) continue;
    const line = firstLine + heading.index;
    const at = { line, column: heading.anchorColumn };
    rendered[heading.index] = withoutAnchorMarker(lines[heading.index] ?? "");
    const anchor = heading.anchor;
    if (!ANCHOR_PATTERN.test(anchor)) {
      errors.push(
        contentError(file, at, `malformed anchor "{#${anchor}}": use lowercase letters and digits joined by . _ or -, e.g. {#${policyId ?? "policy"}.section}`),
      );
      continue;
    }
    if (heading.text === "") errors.push(contentError(file, { line, column: 1 }, `heading of anchor "${anchor}" has no text`));
    if (policyId !== undefined && !anchor.startsWith(`${policyId}.`)) {
      errors.push(contentError(file, at, `anchor "${anchor}" must start with the policy id: "${policyId}."`));
    }
    const previous = anchorPositions.get(anchor);
    if (previous !== undefined) {
      errors.push(contentError(file, at, `anchor "${anchor}" is already used on line ${previous.line}`));
      continue;
    }
    anchorPositions.set(anchor, at);
    anchored.push({ ...heading, anchor });
  }

  const sections = anchored.map((heading): PolicySection => {
    const end = sectionEnd(headings, heading, lines.length);
    const markdown = trimBlankLines(lines.slice(heading.index + 1, end)).join("\n");
    return {
      anchor: heading.anchor,
      heading: heading.text,
      level: heading.level,
      markdown,
      line: firstLine + heading.index,
      hash: createHash("sha256").update(`${heading.text}\n${markdown}`).digest("hex"),
    };
  });
  return { markdown: trimBlankLines(rendered).join("\n"), sections, anchorPositions, errors };
}

/**
 * A section runs to the next anchored heading, or to the next heading of the same or a higher
 * level: an unanchored `## Notes` after the last section is not part of it, while an unanchored
 * `### Example` inside it is.
 */
function sectionEnd(headings: readonly Heading[], section: Heading, lineCount: number): number {
  const next = headings.find(
    (heading) => heading.index > section.index && (heading.anchor !== undefined || heading.level <= section.level),
  );
  return next?.index ?? lineCount;
}

function findHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const match = ATX_HEADING.exec(line);
    if (!match) return;
    const content = match[2] ?? "";
    const marker = ANCHOR_MARKER.exec(content);
    const text = (marker ? content.slice(0, marker.index) : content).trim();
    headings.push({
      level: (match[1] ?? "#").length,
      text,
      anchor: marker?.[1]?.trim(),
      anchorColumn: marker ? line.lastIndexOf("{#") + 1 : 0,
      index,
    });
  });
  return headings;
}

function withoutAnchorMarker(line: string): string {
  const start = line.lastIndexOf("{#");
  const end = line.indexOf("}", start) + 1;
  return `${line.slice(0, start).trimEnd()}${line.slice(end)}`;
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end);
}
