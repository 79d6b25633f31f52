/** A problem in a content file, located the way editors and CI annotations expect. */
export type ContentError = {
  file: string;
  /** 1-based; 0 when the problem concerns the file (or folder) as a whole. */
  line: number;
  /** 1-based, in UTF-16 code units like the editors count; 0 with line 0. */
  column: number;
  message: string;
};

export type SourcePosition = { line: number; column: number };

export function contentError(file: string, position: SourcePosition, message: string): ContentError {
  return { file, line: position.line, column: position.column, message };
}

/** `path:line:column: message`, or `path: message` for a whole-file problem. */
export function formatContentError(error: ContentError): string {
  if (error.line === 0) return `${error.file}: ${error.message}`;
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}

/** By file, then position; errors at the same position keep their order (sorting is stable). */
export function compareContentErrors(a: ContentError, b: ContentError): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
