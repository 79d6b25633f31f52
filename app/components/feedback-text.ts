import type { FlawStatus } from "~/app/practice/scoring";

/** A planted flaw's status in the feedback's words. */
export const STATUS_TEXT: Record<FlawStatus, string> = {
  caught: "caught",
  mistyped: "caught, but with another type",
  missed: "missed",
};
