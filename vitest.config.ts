import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ["tests/unit/**/*.test.ts", "tests/db/**/*.test.ts"],
      environment: "node",
      setupFiles: ["tests/setup/console-guard.ts"],
      // A focused test would silence the rest of the suite.
      allowOnly: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
