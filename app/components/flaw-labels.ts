/** The number key of each flaw type in the drill player, in the order of FLAW_TYPES. */
export const FLAW_TYPE_KEYS = ["1", "2", "3", "4", "5"];
