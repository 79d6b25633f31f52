import { rmSync } from "node:fs";

/** Removes the run's embedded database (tens of MB each; left behind, they fill a CI disk). */
export default function globalTeardown() {
  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
