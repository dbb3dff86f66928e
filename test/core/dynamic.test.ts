import { describe, expect, it } from "vitest";
import { ResourceInitError } from "../../provider/core/errors";
import {
  UNKNOWN,
  changedPaths,
  diffInputs,
  partialFailure,
  stripUnknowns,
} from "../../provider/core/dynamic";

describe("stripUnknowns", () => {
  it("removes unknown values and lists their paths, dropping __provider", () => {
    const { known, unknownPaths } = stripUnknowns({
      a: 1,
      b: UNKNOWN,
      c: { d: UNKNOWN, e: 2 },
      f: [1, UNKNOWN],
      __provider: "x",
    });
    expect(known).toEqual({ a: 1, c: { e: 2 } });
    expect(unknownPaths.sort()).toEqual(["b", "c.d", "f"]);
  });
});

describe("diffInputs", () => {
  const spec = { inputKeys: ["a", "o", "t"], updatable: ["o.name"], local: ["t"] };
  it("separates in-place changes from replacements by property path", () => {
    expect(
      diffInputs({ a: 1, o: { name: "x", port: 1 } }, { a: 1, o: { name: "y", port: 1 } }, spec),
    ).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(
      diffInputs({ a: 1, o: { name: "x", port: 1 } }, { a: 1, o: { name: "x", port: 2 } }, spec).replaces,
    ).toEqual(["o"]);
    expect(diffInputs({ a: 1 }, { a: 2 }, { ...spec, deleteBeforeReplace: true })).toEqual({
      changes: true,
      replaces: ["a"],
      deleteBeforeReplace: true,
    });
    expect(diffInputs({ a: 1, t: { create: "1m" } }, { a: 1, t: { create: "2m" } }, spec)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  it("treats null and missing as equal, and computed outputs as no change", () => {
    expect(diffInputs({ a: null, status: "UP", o: { name: "x" } }, { o: { name: "x" } }, spec).changes).toBe(
      false,
    );
  });
  it("replaces a dead object even when the inputs are unchanged", () => {
    expect(diffInputs({ a: 1, status: "REJECTED" }, { a: 1 }, { ...spec, dead: true })).toEqual({
      changes: true,
      replaces: ["status"],
      deleteBeforeReplace: false,
    });
    expect(
      diffInputs({ a: 1 }, { a: 1 }, { ...spec, dead: true, deleteBeforeReplace: true }).deleteBeforeReplace,
    ).toBe(true);
  });
  it("lists nested paths", () => {
    expect(changedPaths({ x: { y: 1 } }, { x: { y: 2, z: 3 } }, "p").sort()).toEqual(["p.x.y", "p.x.z"]);
  });
});

describe("partialFailure", () => {
  it("carries id, properties with __provider, and a reason with the next step", () => {
    const e = partialFailure(
      "id-1",
      { __provider: "text", a: 1 },
      { a: 1, status: "PENDING" },
      new Error("still PENDING"),
      "Run pulumi up again",
    );
    expect(e).toBeInstanceOf(ResourceInitError);
    expect(e.id).toBe("id-1");
    expect(e.properties).toEqual({ a: 1, status: "PENDING", __provider: "text" });
    expect(e.reasons).toEqual(["still PENDING. Run pulumi up again"]);
  });
});

describe("withoutUndefined", () => {
  it("drops undefined values at any depth and keeps everything else", async () => {
    const { withoutUndefined } = await import("../../provider/core/dynamic");
    expect(
      withoutUndefined({ a: 1, b: undefined, c: { d: undefined, e: null, f: [1, { g: undefined }] } }),
    ).toEqual({
      a: 1,
      c: { e: null, f: [1, {}] },
    });
    expect(Object.keys(withoutUndefined({ b: undefined }))).toEqual([]);
  });
});
