import type { Drill } from "~/app/content/drill";
import type { PlantedFlaw } from "./types";

/** The drill's flaws as the scorer takes them, numbered in the drill's order. */
export function plantedFlaws(drill: Pick<Drill, "flaws">): PlantedFlaw[] {
  return drill.flaws.map((flaw, index) => ({
    index,
    type: flaw.type,
    quote: flaw.quote,
    start: flaw.start,
    end: flaw.end,
    policy: flaw.policy,
    accept: flaw.accept,
  }));
}
