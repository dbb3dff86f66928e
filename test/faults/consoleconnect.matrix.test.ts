/** The fault matrix (harness.ts) for consoleconnect.Layer2Connection: every fault kind at every call position. */
import { beforeAll, describe, it } from "vitest";
import { cellsOf } from "./harness";
import { assertMatrix } from "./matrix";
import { consoleConnect } from "./subjects";

beforeAll(() => {
  process.env.INTERCONNECT_POLL_MS = "50";
});

describe("fault matrix: consoleconnect.Layer2Connection", () => {
  it("no hang, no duplicate, no orphan, clear errors", () => assertMatrix(cellsOf(consoleConnect)), 300_000);
});
