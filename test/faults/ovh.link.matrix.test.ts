/** The fault matrix (harness.ts) for ovh.VrackOvhCloudConnect and ovh.PopConfig (cells: ovhMatrix.ts). */
import { beforeAll, describe, it } from "vitest";
import { assertMatrix } from "./matrix";
import { ovhCells } from "./ovhMatrix";
import { popConfig, vrackLink } from "./subjects";

beforeAll(() => {
  process.env.INTERCONNECT_POLL_MS = "50";
});

describe("fault matrix: ovh.VrackOvhCloudConnect and ovh.PopConfig", () => {
  it(
    "VrackOvhCloudConnect: no hang, no duplicate, no orphan, clear errors",
    () => assertMatrix(ovhCells(vrackLink)),
    300_000,
  );
  it(
    "PopConfig: no hang, no duplicate, no orphan, clear errors",
    () => assertMatrix(ovhCells(popConfig)),
    300_000,
  );
});
