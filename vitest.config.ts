import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    // End-to-end tests drive the real Pulumi CLI; they share one engine cache and must not run in parallel.
    poolOptions: { forks: { singleFork: false } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { INTERCONNECT_QUIET: "1" },
  },
});
