import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    // Test files run in parallel, one process each (one per core): the end-to-end files too, since each drives
    // the Pulumi CLI in its own project folder, with its own file backend and its own emulators on free ports;
    // only PULUMI_HOME (plugins, no stack state) is shared.
    poolOptions: { forks: { singleFork: false } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { INTERCONNECT_QUIET: "1" },
  },
});
