/** A match in the original text: UTF-16 offsets, end exclusive. */
export type Range = { start: number; end: number };
