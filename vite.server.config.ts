import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The production server's own code (app/cli/start.ts and what it imports from app/ and db/) as one
 * ES module, build/cli/start.js, so the server runs on plain node: a TypeScript loader in the
 * process (tsx) costs about 90 MB of resident memory, most of it for transforming the 900 KB
 * Remix server build it then imports. Packages stay in node_modules (Vite externalises them).
 */
export default defineConfig({
  resolve: { alias: { "~": path.dirname(fileURLToPath(import.meta.url)) } },
  logLevel: "warn",
  publicDir: false,
  build: {
    ssr: "app/cli/start.ts",
    outDir: "build/cli",
    target: "node20",
    minify: false,
    rollupOptions: { output: { entryFileNames: "start.js" } },
  },
});
