/**
 * Keeping clean controls at a quarter to a third of the practice mix (DESIGN: "Drill format"):
 * over any 20 consecutive served drills, 5 to 7 are controls.
 */

export const CONTROL_WINDOW = 20;
export const MIN_CONTROLS = 5;
export const MAX_CONTROLS = 7;
/** Where the count settles when the pool allows: 6 of 20. */
export const TARGET_CONTROL_SHARE = 0.3;

/**
 * required / forbidden: the next drill must (not) be a control or some window of 20 leaves
 * [5, 7]. preferred / avoided: either keeps the rule; this one keeps the share near 30 % and
 * spreads controls out instead of bunching them.
 */
export type ControlSlot = "required" | "forbidden" | "preferred" | "avoided";

/**
 * `recentServed` is the served history, oldest first; only its last 19 drills matter. Before an
 * agent has 19 drills, the first window of 20 is still being filled: a control is required only
 * once the remaining picks could no longer reach 5 without this one.
 */
export function controlSlotFor({ recentServed }: { recentServed: readonly { isControl: boolean }[] }): ControlSlot {
  const window = recentServed.slice(-(CONTROL_WINDOW - 1));
  const controls = window.filter((served) => served.isControl).length;
  const picksAfterThis = CONTROL_WINDOW - 1 - window.length;
  if (controls + picksAfterThis < MIN_CONTROLS) return "required";
  if (controls + 1 > MAX_CONTROLS) return "forbidden";
  return (controls + 1) / (window.length + 1) <= TARGET_CONTROL_SHARE ? "preferred" : "avoided";
}

/** Whether serving a drill of this kind breaks a hard rule of the slot. */
export function breaksControlShare({ slot, isControl }: { slot: ControlSlot; isControl: boolean }): boolean {
  return (slot === "required" && !isControl) || (slot === "forbidden" && isControl);
}

/** Whether this kind is the one the slot asks for (hard or soft). */
export function fitsControlSlot({ slot, isControl }: { slot: ControlSlot; isControl: boolean }): boolean {
  return slot === "required" || slot === "preferred" ? isControl : !isControl;
}
