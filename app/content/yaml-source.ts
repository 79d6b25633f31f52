import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node, type YAMLError } from "yaml";
import type { z } from "zod";
import { contentError, type ContentError, type SourcePosition } from "./errors";
import { codePointAt, codePointBefore, isCjk } from "~/app/text/paragraphs";

export type PathSegment = PropertyKey;

/** A parsed YAML document that can still tell where each key came from. */
export type YamlSource = {
  file: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** Lines before the YAML text in its file (front matter starts after the opening `---`). */
  lineOffset: number;
};

export type ParsedYaml = { source: YamlSource; value: unknown; errors: ContentError[]; warnings: ContentError[] };

/**
 * Parses YAML for the library. One change to YAML's folding: where a folded, plain or quoted
 * scalar wraps a line between two CJK characters, the fold joins them with nothing instead of a
 * space ("場合でも\n返信に" reads "場合でも返信に", never "場合でも 返信に"); literal blocks (`|`)
 * keep their line breaks as YAML says. A fold that cannot be fixed is returned as a warning.
 */
export function parseYaml(text: string, file: string, lineOffset = 0): ParsedYaml {
  const first = parseOnce(text, file, lineOffset);
  if (first.errors.length > 0) return { ...first, warnings: [] };
  const folds = cjkFolds(first.source);
  if (folds.length === 0) return { ...first, warnings: [] };
  if (text.includes(FOLD_MARK)) {
    // The mark that carries the fix through YAML's folding is already in the text: leave the folds as YAML makes them, and say so.
    const warnings = folds.map((offset) =>
      contentError(file, positionOfOffset(first.source, offset), "this line break between two CJK characters folds into a space, and it cannot be fixed in this file (it contains U+E000); join the two lines or use a literal block (|)"),
    );
    return { ...first, warnings };
  }
  // A private-use mark at the start of each such continuation line survives YAML's folding right
  // after the space the fold made; the space and the mark are then removed together.
  let marked = "";
  let at = 0;
  for (const offset of folds) {
    marked += text.slice(at, offset) + FOLD_MARK;
    at = offset;
  }
  marked += text.slice(at);
  const second = parseOnce(marked, file, lineOffset);
  if (second.errors.length > 0) return { ...first, warnings: [] };
  return { ...second, value: unmark(second.value), warnings: [] };
}

const FOLD_MARK = "\ue000";

function parseOnce(text: string, file: string, lineOffset: number): Omit<ParsedYaml, "warnings"> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source: YamlSource = { file, text, document, lineCounter, lineOffset };
  const errors = document.errors.map((error) => syntaxError(source, error));
  return { source, value: errors.length > 0 ? undefined : document.toJS(), errors };
}

/** Where, in scalars YAML folds, a continuation line's text starts right after a line that ended in a CJK character, and starts with one. */
function cjkFolds(source: YamlSource): number[] {
  const offsets: number[] = [];
  visit(source.document, {
    Scalar(_key, node) {
      if (node.type === Scalar.BLOCK_LITERAL || !node.range || typeof node.value !== "string") return;
      const [start, end] = node.range;
      const body = source.text.slice(start, end);
      for (let i = body.indexOf("\n"); i !== -1 && i < body.length - 1; i = body.indexOf("\n", i + 1)) {
        const lineEnd = body[i - 1] === "\r" ? i - 1 : i;
        const indent = /^[ \t]*/.exec(body.slice(i + 1))?.[0].length ?? 0;
        const next = i + 1 + indent;
        if (isCjk(codePointBefore(body, lineEnd)) && isCjk(codePointAt(body, next))) offsets.push(start + next);
      }
    },
  });
  return offsets.sort((a, b) => a - b);
}

function unmark(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/ ?\ue000/g, "");
  if (Array.isArray(value)) return value.map(unmark);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unmark(item)]));
  return value;
}

function syntaxError(source: YamlSource, error: YAMLError): ContentError {
  const unclosed = error.code === "MISSING_CHAR" ? unclosedQuoteStart(source.document, error.pos[0]) : undefined;
  if (unclosed !== undefined) {
    return contentError(source.file, positionOfOffset(source, unclosed), "YAML syntax error: this quoted text is never closed");
  }
  return contentError(source.file, positionOfOffset(source, error.pos[0]), `YAML syntax error: ${firstLine(error.message)}`);
}

/** yaml reports a missing closing quote at the end of the file; the author needs the opening one. */
function unclosedQuoteStart(document: Document.Parsed, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(document, {
    Scalar(_key, node) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range && node.range[0] < errorOffset && node.range[1] >= errorOffset - 1) start = node.range[0];
    },
  });
  return start;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

export function positionOfOffset(source: YamlSource, offset: number): SourcePosition {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line: Math.max(line, 1) + source.lineOffset, column: Math.max(col, 1) };
}

function positionOfNode(source: YamlSource, node: Node | null | undefined): SourcePosition {
  const start = node?.range?.[0];
  return start === undefined ? { line: 1 + source.lineOffset, column: 1 } : positionOfOffset(source, start);
}

/**
 * Where the value at `path` is written: the key for a mapping entry, the item for a list entry. When
 * the path does not exist (a missing key) it is the closest existing ancestor.
 */
export function positionOfPath(source: YamlSource, path: readonly PathSegment[]): SourcePosition {
  return positionOfNode(source, nodeAtPath(source, path).keyOrItem);
}

export function valueNodeAtPath(source: YamlSource, path: readonly PathSegment[]): Node | undefined {
  const found = nodeAtPath(source, path);
  return found.complete ? found.value : undefined;
}

function nodeAtPath(
  source: YamlSource,
  path: readonly PathSegment[],
): { keyOrItem: Node | null | undefined; value: Node | undefined; complete: boolean } {
  let current: unknown = source.document.contents;
  let keyOrItem: Node | null | undefined = source.document.contents;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair || !isScalar(pair.key)) return { keyOrItem, value: undefined, complete: false };
      keyOrItem = pair.key;
      current = pair.value;
    } else if (isSeq(current) && typeof segment === "number") {
      const item = current.items[segment];
      if (!isNode(item)) return { keyOrItem, value: undefined, complete: false };
      keyOrItem = item;
      current = item;
    } else {
      return { keyOrItem, value: undefined, complete: false };
    }
  }
  return { keyOrItem, value: isNode(current) ? current : undefined, complete: true };
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}

export function hasPath(value: unknown, path: readonly PathSegment[]): boolean {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return false;
    current = Reflect.get(current, segment);
  }
  return true;
}

export type IssueWording = {
  /** Keys allowed in the mapping at `path`, for the "unknown key" hint. */
  allowedKeys(path: readonly PathSegment[]): readonly string[];
  /** Appended to "missing required key" for keys that deserve a hint. */
  missingKeyHint?(key: string): string;
};

/**
 * Turns zod issues into errors at the offending key. Messages come from the schema; this adds the
 * cases zod cannot word well for an author: missing keys and unknown keys.
 */
export function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  value: unknown,
  wording: IssueWording,
): ContentError[] {
  const errors: ContentError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = wording.allowedKeys(issue.path).join(", ");
      for (const key of issue.keys) {
        errors.push(
          contentError(source.file, positionOfPath(source, [...issue.path, key]), `unknown key "${key}"; allowed keys: ${allowed}`),
        );
      }
      continue;
    }
    const position = positionOfPath(source, issue.path);
    const key = issue.path.at(-1);
    if (typeof key === "string" && !hasPath(value, issue.path)) {
      errors.push(contentError(source.file, position, `missing required key "${key}"${wording.missingKeyHint?.(key) ?? ""}`));
      continue;
    }
    errors.push(contentError(source.file, position, issue.message));
  }
  return errors;
}

