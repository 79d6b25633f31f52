import { isScalar, Scalar } from "yaml";
import { z } from "zod";
import { acceptedTypes } from "./accepted-types";
import { CHANNELS, DECISIONS, FLAW_TYPES, type Decision } from "~/app/vocabulary";
import { compareContentErrors, contentError, type ContentError, type SourcePosition } from "./errors";
import { describeValue, slugField, SLUG_PATTERN, textField } from "./schema-fields";
import {
  issuesToErrors,
  parseYaml,
  positionOfOffset,
  positionOfPath,
  valueNodeAtPath,
  type PathSegment,
  type YamlSource,
} from "./yaml-source";


/** A BCP 47 tag as authors write them: language, optional script, optional region (`en`, `pt-BR`, `zh-Hant`). */
export const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/;

const flawSchema = z.strictObject(
  {
    type: z.enum(FLAW_TYPES, {
      error: (issue) => `unknown flaw type ${describeValue(issue.input)}; use one of: ${FLAW_TYPES.join(", ")}`,
    }),
    quote: textField("quote"),
    occurrence: z
      .int({ error: (issue) => `occurrence must be a whole number, 1 or more (got ${describeValue(issue.input)})` })
      .min(1)
      .optional(),
    explanation: textField("explanation"),
    policy: z.string({ error: "policy must be a section anchor, e.g. refunds.window" }).optional(),
    accept: z
      .array(
        z.enum(FLAW_TYPES, {
          error: (issue) => `accept: unknown flaw type ${describeValue(issue.input)}; use one of: ${FLAW_TYPES.join(", ")}`,
        }),
        { error: "accept must be a list of flaw types, e.g. [hallucination]" },
      )
      .optional(),
  },
  { error: "each flaw must be a mapping with type, quote and explanation" },
).superRefine((flaw, context) => {
  // Were every type accepted, marking the quote once per type would count as correctly typed.
  if (flaw.accept !== undefined && acceptedTypes(flaw).size === FLAW_TYPES.length) {
    context.addIssue({ code: "custom", path: ["accept"], message: "accept lists every flaw type, so any mark would count as correctly typed; leave at least one out" });
  }
});

export const drillSchema = z
  .strictObject(
    {
      id: slugField("id", "refunds-day-31"),
      title: textField("title"),
      locale: z
        .string({ error: "locale must be a language tag such as en, ja, de or pt-BR" })
        .regex(LOCALE_PATTERN, "locale must be a language tag such as en, ja, de or pt-BR"),
      skills: z.array(
        z
          .string({ error: "each skill must be text, e.g. return-window" })
          .regex(SLUG_PATTERN, "each skill must be lowercase letters and digits joined by hyphens, e.g. return-window"),
        { error: "skills must be a list, e.g. [return-window, citations]" },
      ),
      difficulty: z.int({
        error: (issue) => `difficulty must be a whole number from 1 to 5 (got ${describeValue(issue.input)})`,
      }).min(1).max(5),
      channel: z
        .enum(CHANNELS, {
          error: (issue) => `channel must be "chat" or "email" (got ${describeValue(issue.input)})`,
        })
        .default("email"),
      customer: textField("customer"),
      draft: textField("draft"),
      flaws: z.array(flawSchema, { error: "flaws must be a list (use flaws: [] for a clean control)" }),
      expected: z
        .enum(DECISIONS, {
          error: (issue) => `expected must be send, rewrite or escalate (got ${describeValue(issue.input)})`,
        })
        .optional(),
      escalation: textField("escalation").optional(),
    },
    { error: "a drill file must be a mapping of keys: id, title, locale, skills, difficulty, customer, draft, flaws" },
  )
  .superRefine((drill, context) => {
    if (drill.expected === "escalate" && drill.escalation === undefined) {
      context.addIssue({
        code: "custom",
        path: ["expected"],
        message: "expected: escalate needs an escalation: key saying why the agent must hand over",
      });
    }
    if (drill.escalation !== undefined && drill.expected !== "escalate") {
      context.addIssue({
        code: "custom",
        path: ["escalation"],
        message: "escalation: is only used with expected: escalate",
      });
    }
  });

export type DrillDocument = z.output<typeof drillSchema>;
export type FlawDocument = DrillDocument["flaws"][number];

/** A flaw with its quote resolved to a UTF-16 range of the draft (end exclusive). */
export type Flaw = FlawDocument & { start: number; end: number };
/** A `[anchor]` citation in the draft; the range covers the brackets. */
export type Citation = { anchor: string; start: number; end: number };

export type Drill = Omit<DrillDocument, "flaws" | "expected"> & {
  flaws: Flaw[];
  citations: Citation[];
  /** The best decision: the file's `expected:`, or its default (send for a clean control, rewrite for a flawed draft). */
  expected: Decision;
};

/** The policy sections a drill relies on: those its flaws name and those its draft cites, sorted. */
export function sectionsReliedOn(drill: Pick<Drill, "flaws" | "citations">): string[] {
  return [...new Set([...drill.flaws.flatMap((flaw) => (flaw.policy ? [flaw.policy] : [])), ...drill.citations.map((citation) => citation.anchor)])].sort();
}

/** Positions of what the library validator may need to point at. */
export type DrillLocations = {
  id: SourcePosition;
  expected?: SourcePosition;
  flaws: { type: SourcePosition; quote: SourcePosition; policy?: SourcePosition }[];
  draft: DraftOrigin;
};

/**
 * Maps draft offsets back to the file. Exact for a literal block (`draft: |`), where each draft line
 * is a file line indented by `indent`; other scalar styles fold lines, so they point at the key.
 */
export type DraftOrigin = { key: SourcePosition; firstLine?: number; indent?: number };

/** `warnings` do not stop the file: content:check prints them (a CJK line fold YAML parsing could not fix). */
export type ParsedDrillFile = { drill?: Drill; locations?: DrillLocations; errors: ContentError[]; warnings?: ContentError[] };

const DRILL_KEYS = ["id", "title", "locale", "skills", "difficulty", "channel", "customer", "draft", "flaws", "expected", "escalation"];
const FLAW_KEYS = ["type", "quote", "occurrence", "explanation", "policy", "accept"];

const drillWording = {
  allowedKeys: (path: readonly PathSegment[]) => (path[0] === "flaws" ? FLAW_KEYS : DRILL_KEYS),
  missingKeyHint: (key: string) => (key === "flaws" ? " (use flaws: [] for a clean control)" : ""),
};

/** Parses one drill file, validates its shape and resolves its quotes and citations in the draft. */
export function parseDrillFile(text: string, file: string): ParsedDrillFile {
  const yaml = parseYaml(text.replace(/^\uFEFF/, ""), file);
  if (yaml.errors.length > 0) return { errors: yaml.errors };
  const parsed = drillSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    return { errors: issuesToErrors(parsed.error.issues, yaml.source, yaml.value, drillWording).sort(compareContentErrors) };
  }

  const document = parsed.data;
  const locations = locateDrill(yaml.source, document);
  const errors: ContentError[] = [];
  const flaws: Flaw[] = [];
  document.flaws.forEach((flaw, index) => {
    const resolved = resolveQuote(document.draft, flaw);
    if ("problem" in resolved) {
      errors.push(contentError(file, positionOfPath(yaml.source, ["flaws", index, resolved.key]), resolved.problem));
    } else {
      flaws.push({ ...flaw, ...resolved });
    }
  });
  if (errors.length > 0) return { errors };
  const drill: Drill = {
    ...document,
    flaws,
    citations: findCitations(document.draft),
    expected: document.expected ?? (flaws.length > 0 ? "rewrite" : "send"),
  };
  return { drill, locations, errors, warnings: yaml.warnings };
}

/** Occurrences of `quote` in `text`, overlapping ones included. */
export function findOccurrences(text: string, quote: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) starts.push(at);
  return starts;
}

type QuoteProblem = { problem: string; key: "quote" | "occurrence" };

/** The quote's range in the draft, or why it cannot be resolved (worded for the author). */
function resolveQuote(draft: string, flaw: FlawDocument): { start: number; end: number } | QuoteProblem {
  const starts = findOccurrences(draft, flaw.quote);
  const quoted = `quote ${JSON.stringify(flaw.quote)}`;
  if (starts.length === 0) {
    return { key: "quote", problem: `${quoted} does not occur in the draft${nearMissHint(draft, flaw.quote)}` };
  }
  if (flaw.occurrence !== undefined) {
    const start = starts[flaw.occurrence - 1];
    if (start === undefined) {
      return {
        key: "occurrence",
        problem: `occurrence: ${flaw.occurrence} but ${quoted} occurs ${times(starts.length)} in the draft`,
      };
    }
    return { start, end: start + flaw.quote.length };
  }
  const start = starts[0];
  if (starts.length > 1 || start === undefined) {
    return {
      key: "quote",
      problem: `${quoted} occurs ${times(starts.length)} in the draft; add occurrence: N (1 to ${starts.length}) to say which`,
    };
  }
  return { start, end: start + flaw.quote.length };
}

function times(count: number): string {
  return count === 1 ? "once" : `${count} times`;
}

/** Most missing quotes differ from the draft only in spacing, line breaks or letter case. */
function nearMissHint(draft: string, quote: string): string {
  const squash = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();
  return squash(draft).includes(squash(quote))
    ? " exactly: it differs in spacing, line breaks or letter case; copy it from the draft"
    : "";
}

/**
 * `[anchor]` with at least one dot inside, so footnotes such as `[1]` and editorial `[sic]` are not
 * citations. Letter case is accepted here so that `[Refunds.Window]` is reported as unknown.
 */
const CITATION = /\[([A-Za-z0-9][\w.-]*\.[\w.-]*[A-Za-z0-9])\](?!\()/g;

export function findCitations(draft: string): Citation[] {
  return [...draft.matchAll(CITATION)].map((match) => ({
    anchor: match[1] ?? "",
    start: match.index,
    end: match.index + match[0].length,
  }));
}

function locateDrill(source: YamlSource, document: DrillDocument): DrillLocations {
  return {
    id: positionOfPath(source, ["id"]),
    expected: document.expected === undefined ? undefined : positionOfPath(source, ["expected"]),
    flaws: document.flaws.map((flaw, index) => ({
      type: positionOfPath(source, ["flaws", index, "type"]),
      quote: positionOfPath(source, ["flaws", index, "quote"]),
      policy: flaw.policy === undefined ? undefined : positionOfPath(source, ["flaws", index, "policy"]),
    })),
    draft: locateDraft(source),
  };
}

function locateDraft(source: YamlSource): DraftOrigin {
  const key = positionOfPath(source, ["draft"]);
  const node = valueNodeAtPath(source, ["draft"]);
  const start = node?.range?.[0];
  if (!isScalar(node) || node.type !== Scalar.BLOCK_LITERAL || start === undefined) return { key };
  const headerEnd = source.text.indexOf("\n", start);
  if (headerEnd === -1) return { key };
  const body = source.text.slice(headerEnd + 1);
  const firstContentLine = /^(?:[ \t]*\r?\n)*( *)\S/.exec(body);
  return {
    key,
    firstLine: positionOfOffset(source, start).line + 1,
    indent: firstContentLine?.[1]?.length ?? 0,
  };
}

/** The file position of a draft offset (exact for `draft: |`, otherwise the `draft` key). */
export function positionInDraft(draft: string, origin: DraftOrigin, offset: number): SourcePosition {
  if (origin.firstLine === undefined || origin.indent === undefined) return origin.key;
  const before = draft.slice(0, offset);
  const lineIndex = before.split("\n").length - 1;
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: origin.firstLine + lineIndex, column: origin.indent + (offset - lineStart) + 1 };
}
