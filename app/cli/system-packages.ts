import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(`${root}/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? `${root}/${versions[0]}/bin` : null;
}

/**
 * The test suite needs Debian's postgresql and chromium. As root they are
 * installed when missing; otherwise the run fails loudly rather than skip.
 */
export function ensureSystemPackages() {
  const missing: string[] = [];
  if (!findPostgresBin()) missing.push("postgresql");
  if (!existsSync(CHROMIUM_PATH)) missing.push("chromium");
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(", ")}. Install them with: sudo apt-get install -y ${missing.join(" ")}`);
  }
  console.log(`Installing ${missing.join(", ")} with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { stdio: "inherit", env });
  if (!findPostgresBin() || !existsSync(CHROMIUM_PATH)) throw new Error(`apt-get did not install ${missing.join(", ")}`);
}
