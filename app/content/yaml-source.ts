import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node, type YAMLError } from "yaml";
import type { z } from "zod";
import { contentError, type ContentError, type SourcePosition } from "./errors";

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

export function parseYaml(
  text: string,
  file: string,
  lineOffset = 0,
): { source: YamlSource; value: unknown; errors: ContentError[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source: YamlSource = { file, text, document, lineCounter, lineOffset };
  const errors = document.errors.map((error) => syntaxError(source, error));
  return { source, value: errors.length > 0 ? undefined : document.toJS(), errors };
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

