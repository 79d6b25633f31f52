import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
          v3_routeConfig: true,
        },
        // Then the production server itself (vite.server.config.ts), so every build runs on plain node.
        buildEnd: async () => {
          await build({ configFile: path.join(path.dirname(fileURLToPath(import.meta.url)), "vite.server.config.ts") });
        },
      }),
  ],
  // One alias for the whole project: `~/app/...`, `~/db/...`, `~/tests/...` (tsconfig "paths" says the same).
  resolve: { alias: { "~": path.dirname(fileURLToPath(import.meta.url)) } },
  server: { host: "127.0.0.1" },
});
