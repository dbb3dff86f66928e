/** Runs a matrix of cells in a vitest test: prints the compact table and fails with every violation. */
import { expect } from "vitest";
import { Cell, runCells, table, violations } from "./harness";

/** Cells run at once in one test file (each mostly waits on timers and the emulator). */
const CONCURRENCY = Number(process.env.FAULT_MATRIX_CONCURRENCY) || 8;

export async function assertMatrix(cells: Cell[]): Promise<void> {
  const started = Date.now();
  const results = await runCells(cells, CONCURRENCY);
  const found = violations(results);
  if (found.length > 0 || process.env.FAULT_MATRIX_TABLE) {
    console.log(
      `${table(results)}${cells.length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s (the longest ` +
        `${(Math.max(...results.map((r) => r.ms)) / 1000).toFixed(1)} s). ` +
        "ok: succeeded; ×c ×r ×u ×d: failed at create, read, update, delete with a clear error, and the " +
        "destroy left nothing (*: from partial state); n/a: no call at that position; !!: a violation.",
    );
  }
  expect(found).toEqual([]);
}
