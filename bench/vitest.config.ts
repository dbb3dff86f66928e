/**
 * `npm run bench`: every bench file, one at a time (the CLI bench must not compete with the others for the
 * cores), then bench/report.ts rewrites bench/README.md from what they measured.
 */
import path from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../vitest.config";

export default mergeConfig(
  base,
  defineConfig({
    root: path.resolve(__dirname, ".."),
    test: {
      fileParallelism: false,
      benchmark: {
        include: ["bench/**/*.bench.ts"],
        reporters: ["default", path.resolve(__dirname, "report.ts")],
      },
    },
  }),
);
