import type { DraftOrigin } from "~/app/content/drill";
import type { ContentError } from "~/app/content/errors";
import { errorsByField } from "./field-errors";
import { studioFieldsSchema, type StudioFields } from "./studio-source";

/**
 * The editor form's entries as nested fields: `title`, `flaws.0.quote`, … A flaw row whose every
 * entry is empty is a row the author added and left, not a flaw.
 */
export function studioFieldsFromEntries(entries: Iterable<[string, FormDataEntryValue]>) {
  const record: Record<string, unknown> = {};
  const flaws: Record<string, string>[] = [];
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    const flaw = /^flaws\.(\d{1,2})\.(\w+)$/.exec(name);
    if (flaw) {
      const index = Number(flaw[1]);
      flaws[index] = { ...(flaws[index] ?? {}), [flaw[2] ?? ""]: value };
    } else if (!name.startsWith("flaws")) {
      record[name] = value;
    }
  }
  record.flaws = flaws.filter((row) => row !== undefined && Object.values(row).some((value) => value.trim() !== ""));
  return studioFieldsSchema.safeParse(record);
}

/** zod's issues about the form itself (lengths, control characters), at their fields; the flaw list as a whole is the form's. */
export function formIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const key = path === "" || path === "flaws" ? "form" : path;
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  return fieldErrors;
}

/** A range of the draft a validator error points into, so the editor can show it on the text. */
export type DraftProblem = { start: number; end: number; message: string };

export type StudioFeedback = { fieldErrors: Record<string, string[]>; formErrors: string[]; draftProblems: DraftProblem[]; warnings: string[] };

/**
 * The validator's findings as the editor shows them: each message (exactly as content:check words
 * it) at its field, and those inside the draft also on the span of the draft they are about.
 */
export function studioFeedback({ source, fields, errors, warnings, draftOrigin }: { source: string; fields: StudioFields; errors: readonly ContentError[]; warnings: readonly ContentError[]; draftOrigin?: DraftOrigin }): StudioFeedback {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  const draftProblems: DraftProblem[] = [];
  for (const [field, list] of errorsByField(source, errors)) {
    for (const error of list) {
      if (field === null) formErrors.push(error.message);
      else fieldErrors[field] = [...(fieldErrors[field] ?? []), error.message];
      if (field === "draft" && draftOrigin) {
        const start = draftOffset(fields.draft, draftOrigin, error);
        if (start !== null) draftProblems.push({ start, end: spanEnd(fields.draft, start), message: error.message });
      }
    }
  }
  return { fieldErrors, formErrors, draftProblems, warnings: warnings.map((warning) => warning.message) };
}

/** The inverse of `positionInDraft` for a literal block: the draft offset at a file position. */
function draftOffset(draft: string, origin: DraftOrigin, { line, column }: ContentError): number | null {
  if (origin.firstLine === undefined || origin.indent === undefined) return null;
  const lines = draft.split("\n");
  const index = line - origin.firstLine;
  if (index < 0 || index >= lines.length) return null;
  const before = lines.slice(0, index).reduce((sum, text) => sum + text.length + 1, 0);
  return before + Math.max(0, Math.min((lines[index] ?? "").length, column - origin.indent - 1));
}

/** A citation runs to its `]`; anything else (a detected datum) to the end of the line's run of non-space text. */
function spanEnd(draft: string, start: number) {
  if (draft[start] === "[") {
    const close = draft.indexOf("]", start);
    if (close !== -1 && !draft.slice(start, close).includes("\n")) return close + 1;
  }
  const rest = /^[^\n]*?(?=\s{2}|[\n.,;!?。、]|$)/.exec(draft.slice(start));
  return Math.max(start + 1, start + (rest?.[0].length ?? 1));
}
