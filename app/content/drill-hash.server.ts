import { createHash } from "node:crypto";
import type { Drill } from "./drill";
import { drillYaml } from "./drill-yaml";

/**
 * The hash of what a drill says, whatever its file's layout: of its canonical YAML. A studio
 * revision is stored with it, and sync takes a file that hashes the same as a drill's current
 * revision for unchanged, so exporting a studio drill and syncing the file adds no revision.
 */
export function canonicalDrillHash(drill: Drill) {
  return createHash("sha256").update(drillYaml(drill)).digest("hex");
}
