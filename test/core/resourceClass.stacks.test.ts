/**
 * Constructing a resource does not pay for the stack traces the Node SDK captures for every property's promises
 * (read only under PULUMI_DEBUG_PROMISE_LEAKS): what made `pulumi preview` of 200 Equinix pairs 1.5× a trivial
 * dynamic provider (bench/README.md). Traces are still captured when that variable asks for them, the global limit
 * is always put back, and an error thrown while registering carries its caller's trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { equinix } from "../../provider";

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

const inputs = (i: number) => ({
  name: `link-${i}`,
  profileUuid: "8b5f0e6a-2c41-4d7e-b1a9-3e6f5d4c2b10",
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: "6f891d3b-972d-73d0-bae3-30ac1995197a",
  vlanSTag: 100 + i,
});

/** Frames in every stack trace formatted while `fn` runs. */
function framesWhile(fn: () => void): number[] {
  const original = Error.prepareStackTrace;
  const frames: number[] = [];
  Error.prepareStackTrace = (error, stack) => {
    frames.push(stack.length);
    return original ? original(error, stack) : `${error}`;
  };
  try {
    fn();
  } finally {
    Error.prepareStackTrace = original;
  }
  return frames;
}

let n = 0;

describe("constructing a resource", () => {
  afterEach(() => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  });

  it("captures no stack frames for the SDK's promises, and puts the limit back", () => {
    const limit = Error.stackTraceLimit;
    const frames = framesWhile(() => new equinix.L2Connection(`quiet-${n}`, inputs(n++)));
    // Dozens of traces, all empty but one: the SDK's own capture of the program line that made the resource (its
    // source position for the engine), which sets its own limit.
    expect(frames.length).toBeGreaterThan(30);
    expect(frames.filter((f) => f > 0)).toHaveLength(1);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it("captures them as usual under PULUMI_DEBUG_PROMISE_LEAKS", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const frames = framesWhile(() => new equinix.L2Connection(`debug-${n}`, inputs(n++)));
    expect(frames.filter((f) => f > 0).length).toBeGreaterThan(30);
  });

  it("gives an error thrown while registering the trace of the program line that constructed it", () => {
    const limit = Error.stackTraceLimit;
    // The SDK refuses a resource without a name before anything is sent.
    const error = (() => {
      try {
        new equinix.L2Connection("", inputs(n++));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error!.stack).toContain("resourceClass.stacks.test.ts");
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
