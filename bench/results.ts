/**
 * Where bench files leave their figures for the report (bench/report.ts), which writes bench/README.md once
 * every bench file has run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPO = path.resolve(__dirname, "..");
export const RESULTS_DIR = path.join(REPO, ".cache/bench");

export function writeResults(name: string, data: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), JSON.stringify(data, null, 1));
}

export function readResults<T>(name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function clearResults(): void {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
}
