/**
 * The fault matrix (harness.ts) for equinix.L2Connection: every fault kind at every call position on Fabric v4
 * (a redundant pair: the second leg's POST is a position of its own), and the ambiguous and credential faults
 * on ECX v3.
 */
import { beforeAll, describe, it } from "vitest";
import { cellsOf } from "./harness";
import { assertMatrix } from "./matrix";
import { equinixV3, equinixV4 } from "./subjects";

beforeAll(() => {
  process.env.INTERCONNECT_POLL_MS = "50";
});

describe("fault matrix: equinix.L2Connection", () => {
  it(
    "Fabric v4: no hang, no duplicate, no orphan, clear errors",
    () => assertMatrix(cellsOf(equinixV4)),
    300_000,
  );

  it(
    "ECX v3: the same for the faults where it differs",
    () => assertMatrix(cellsOf(equinixV3, ["503", "504", "drop-after", "504-after", "slow", "401"])),
    300_000,
  );
});
