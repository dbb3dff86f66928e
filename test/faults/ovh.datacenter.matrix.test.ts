/** The fault matrix (harness.ts) for ovh.DatacenterConfig and ovh.DatacenterExtraConfig (cells: ovhMatrix.ts). */
import { beforeAll, describe, it } from "vitest";
import { assertMatrix } from "./matrix";
import { ovhCells } from "./ovhMatrix";
import { datacenterConfig, datacenterExtraConfig } from "./subjects";

beforeAll(() => {
  process.env.INTERCONNECT_POLL_MS = "50";
});

describe("fault matrix: ovh.DatacenterConfig and ovh.DatacenterExtraConfig", () => {
  it(
    "DatacenterConfig: no hang, no duplicate, no orphan, clear errors",
    () => assertMatrix(ovhCells(datacenterConfig)),
    300_000,
  );
  it(
    "DatacenterExtraConfig: no hang, no duplicate, no orphan, clear errors",
    () => assertMatrix(ovhCells(datacenterExtraConfig)),
    300_000,
  );
});
