import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { parseConsoleConnectError } from "../../provider/consoleconnect/client";
import { createRequest, outputsFrom } from "../../provider/consoleconnect/layer2Connection/model";
import { layer2ConnectionProvider } from "../../provider/consoleconnect/layer2Connection/provider";
import { layer2ConnectionInputSchema } from "../../provider/consoleconnect/layer2Connection/schema";
import type { ConnectionRecord } from "../../provider/consoleconnect/types";
import { SEED_INPUTS, SEED_REQUESTS } from "./seeds";

const ME = "acme-networks";
const PORT_A = "66c29b3c6dcad34e5b728c9c";
const PORT_B = "66c29b3c6dcad34e5b728c9d";
const REGION = "5c05cb06cad910000ae251f4";
const HKG39 = "5aa89b04ac86ba0012345bdf";

/** Seed 003's company-to-company request, with the company named; tests change one thing at a time. */
function b2b(): Record<string, unknown> {
  return { ...SEED_INPUTS.companyToCompany, companyUsername: ME, name: "db-link" };
}

/** Seed 003's port-to-port request between two of your ports, with the company named. */
function portToPort(): Record<string, unknown> {
  return { ...SEED_INPUTS.portToPort, companyUsername: ME, name: "db-link" };
}

async function failures(inputs: Record<string, unknown>) {
  const result = await layer2ConnectionProvider.check!({}, { ...inputs, __provider: "serialized" });
  return result.failures ?? [];
}

describe("check", () => {
  it("accepts each shape and returns the inputs unchanged", async () => {
    for (const inputs of [b2b(), portToPort()]) {
      const withProvider = { ...inputs, __provider: "serialized" };
      const result = await layer2ConnectionProvider.check!({}, withProvider);
      expect(result.failures).toEqual([]);
      expect(result.inputs).toEqual(withProvider);
    }
  });
  it("accepts the seeds' requests as they are (seed 003's port-to-port pays by invoice without destDcf)", async () => {
    for (const inputs of Object.values(SEED_INPUTS)) expect(await failures(inputs)).toEqual([]);
  });

  const cases: [
    string,
    () => Record<string, unknown>,
    (v: Record<string, unknown>) => void,
    string,
    RegExp,
  ][] = [
    ["an empty name", b2b, (v) => (v.name = "  "), "name", /must not be empty/],
    [
      "an upper-case port id",
      b2b,
      (v) => (v.portId = PORT_A.toUpperCase()),
      "portId",
      /24-character lower-case/,
    ],
    ["a short port id", b2b, (v) => (v.portId = "123"), "portId", /\^\[a-f0-9\]\{24\}\$/],
    ["a malformed destPortId", portToPort, (v) => (v.destPortId = "x"), "destPortId", /hexadecimal/],
    ["a malformed destMetroId", b2b, (v) => (v.destMetroId = "HKG"), "destMetroId", /hexadecimal/],
    ["a malformed destDcf", b2b, (v) => (v.destDcf = "hkg05"), "destDcf", /hexadecimal/],
    ["a malformed destRegionId", b2b, (v) => (v.destRegionId = "APAC"), "destRegionId", /hexadecimal/],
    ["a malformed regionId", b2b, (v) => (v.regionId = "APAC"), "regionId", /hexadecimal/],
    ["a malformed adoptId", b2b, (v) => (v.adoptId = "conn-1"), "adoptId", /hexadecimal/],
    ["no destMetroId", b2b, (v) => delete v.destMetroId, "destMetroId", /./],
    ["no destCompany", b2b, (v) => delete v.destCompany, "destCompany", /./],
    [
      "a display name as destCompany",
      b2b,
      (v) => (v.destCompany = "Globex Cloud"),
      "destCompany",
      /not the company's display name/,
    ],
    [
      "a display name as companyUsername",
      b2b,
      (v) => (v.companyUsername = "Acme Networks"),
      "companyUsername",
      /username/,
    ],
    ["zero speed", b2b, (v) => (v.speed = 0), "speed", /at least 1 Mbps/],
    ["a fractional speed", b2b, (v) => (v.speed = 1.5), "speed", /whole number of Mbps/],
    [
      "paymentType creditcard",
      b2b,
      (v) => (v.paymentType = "creditcard"),
      "paymentType",
      /only in its web application/,
    ],
    ["an unknown paymentType", b2b, (v) => (v.paymentType = "cash"), "paymentType", /"invoice" or "plan"/],
    ["an unknown durationUnit", b2b, (v) => (v.durationUnit = "h"), "durationUnit", /"d", "w", "m" or "y"/],
    [
      "an unknown classOfService",
      b2b,
      (v) => (v.classOfService = "PLATINUM"),
      "classOfService",
      /GOLD, SILVERPLUS, SILVER, BRONZE/,
    ],
    ["a lower-case classOfService", b2b, (v) => (v.classOfService = "gold"), "classOfService", /GOLD/],
    ["a zero duration", b2b, (v) => (v.duration = 0), "duration", /at least 1/],
    ["a non-boolean evergreen", b2b, (v) => (v.evergreen = "yes"), "evergreen", /./],
    ["a non-boolean waitForActive", b2b, (v) => (v.waitForActive = "no"), "waitForActive", /./],
    ["VLAN 0", b2b, (v) => (v.srcVlanRequest = 0), "srcVlanRequest", /1 to 4094/],
    ["VLAN 4095", b2b, (v) => (v.destVlanRequest = 4095), "destVlanRequest", /1 to 4094/],
    ["a bad timeout", b2b, (v) => (v.timeouts = { create: "soon" }), "timeouts.create", /duration/],
    [
      "duration without unit",
      b2b,
      (v) => (delete v.durationUnit, (v.paymentType = "plan")),
      "durationUnit",
      /required with duration/,
    ],
    [
      "unit without duration",
      b2b,
      (v) => (delete v.duration, (v.paymentType = "plan")),
      "duration",
      /required with durationUnit/,
    ],
    ["7 days", b2b, (v) => ((v.duration = 7), (v.durationUnit = "d")), "duration", /at most 6 days/],
    ["4 weeks", b2b, (v) => ((v.duration = 4), (v.durationUnit = "w")), "duration", /at most 3 weeks/],
    ["37 months", b2b, (v) => (v.duration = 37), "duration", /at most 36 months/],
    ["4 years", b2b, (v) => ((v.duration = 4), (v.durationUnit = "y")), "duration", /at most 3 years/],
    [
      "invoice without duration",
      b2b,
      (v) => (delete v.duration, delete v.durationUnit),
      "duration",
      /required when paymentType is "invoice"/,
    ],
    [
      "invoice without durationUnit",
      b2b,
      (v) => (delete v.duration, delete v.durationUnit),
      "durationUnit",
      /required when paymentType is "invoice"/,
    ],
    [
      "invoice between companies without destDcf",
      b2b,
      (v) => delete v.destDcf,
      "destDcf",
      /required when paymentType is "invoice"/,
    ],
    [
      "port-to-port to the same port",
      portToPort,
      (v) => (v.destPortId = PORT_A),
      "destPortId",
      /another port than portId/,
    ],
    [
      "port-to-port to another company",
      portToPort,
      (v) => (v.destCompany = "globex-cloud"),
      "destCompany",
      /must be your own company \("acme-networks"\)/,
    ],
    [
      "company-to-company to your own company",
      b2b,
      (v) => (v.destCompany = ME),
      "destPortId",
      /required for a connection to your own company/,
    ],
    [
      "company-to-company without destRegionId",
      b2b,
      (v) => delete v.destRegionId,
      "destRegionId",
      /regionIds/,
    ],
  ];
  for (const [title, base, mutate, property, reason] of cases) {
    it(`rejects ${title}, naming ${property}`, async () => {
      const inputs = base();
      mutate(inputs);
      const found = await failures(inputs);
      expect(found.map((f) => f.property)).toContain(property);
      expect(found.find((f) => f.property === property)!.reason).toMatch(reason);
    });
  }

  it("accepts each duration limit itself", async () => {
    for (const [duration, durationUnit] of [
      [6, "d"],
      [3, "w"],
      [36, "m"],
      [3, "y"],
    ])
      expect(await failures({ ...b2b(), duration, durationUnit })).toEqual([]);
  });
  it('accepts paymentType "plan" without duration or destDcf', async () => {
    const { duration: _d, durationUnit: _u, destDcf: _f, ...plan } = b2b();
    expect(await failures({ ...plan, paymentType: "plan" })).toEqual([]);
  });
  it("accepts Oracle FastConnect without destRegionId (seed 002 sends none), but not other companies", async () => {
    const { destRegionId: _r, ...oracle } = b2b();
    expect(await failures({ ...oracle, destCompany: "oracle" })).toEqual([]);
    expect((await failures(oracle)).map((f) => f.property)).toEqual(["destRegionId"]);
  });
  it("leaves the own-company rules to create when companyUsername is omitted", async () => {
    const { companyUsername: _c, ...inputs } = portToPort();
    expect(await failures({ ...inputs, destCompany: "anyone" })).toEqual([]);
  });
  it("names every failure at once, the cross-property rules included", async () => {
    const found = await failures({ ...b2b(), speed: -1, duration: 99, destRegionId: undefined });
    expect(found.map((f) => f.property).sort()).toEqual(["destRegionId", "duration", "speed"]);
  });

  describe("during preview (unknown values)", () => {
    it("skips rules about unknown properties", async () => {
      expect(await failures({ ...b2b(), portId: UNKNOWN, destMetroId: UNKNOWN, speed: UNKNOWN })).toEqual([]);
    });
    it("skips the shape rules while destPortId is unknown", async () => {
      const { destRegionId: _r, destDcf: _d, ...inputs } = b2b();
      expect(await failures({ ...inputs, destPortId: UNKNOWN })).toEqual([]);
    });
    it("skips the own-company rules while companyUsername or destCompany is unknown", async () => {
      expect(
        await failures({ ...portToPort(), companyUsername: UNKNOWN, destCompany: "globex-cloud" }),
      ).toEqual([]);
      expect(await failures({ ...b2b(), destCompany: UNKNOWN, destRegionId: undefined })).toEqual([]);
    });
    it("skips the invoice rules while paymentType or duration is unknown", async () => {
      expect(await failures({ ...b2b(), paymentType: UNKNOWN, destDcf: undefined })).toEqual([]);
      expect(await failures({ ...b2b(), duration: UNKNOWN })).toEqual([]);
    });
    it("still runs cross-property rules on known values while a required property is unknown", async () => {
      const found = await failures({ ...b2b(), destMetroId: UNKNOWN, duration: 7, durationUnit: "d" });
      expect(found).toEqual([{ property: "duration", reason: expect.stringMatching(/at most 6 days/) }]);
    });
  });
});

describe("diff", () => {
  const olds = (extra: Record<string, unknown> = {}) => ({
    ...b2b(),
    connectionId: "64b7e0c1aa00000000000001",
    company: ME,
    status: "ACTIVE",
    srcVlan: 1000,
    ...extra,
  });
  const diff = (news: Record<string, unknown>, old: Record<string, unknown> = olds()) =>
    layer2ConnectionProvider.diff!("64b7e0c1aa00000000000001", old, { ...news, __provider: "new text" });

  it("reports no change when only computed outputs and the provider text differ", async () => {
    expect(await diff(b2b())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
  for (const [title, change] of [
    ["a rename", { name: "db-link-2" }],
    ["a speed increase", { speed: 500 }],
    ["a speed decrease", { speed: 50 }],
    ["new timeouts", { timeouts: { create: "2h" } }],
    ["waitForActive", { waitForActive: false }],
  ] as const) {
    it(`applies ${title} in place`, async () => {
      expect(await diff({ ...b2b(), ...change })).toMatchObject({ changes: true, replaces: [] });
    });
  }
  const replacing: [string, Record<string, unknown>][] = [
    ["portId", { portId: PORT_B }],
    ["destPortId", { destPortId: PORT_B }],
    ["destCompany", { destCompany: "oracle" }],
    ["destMetroId", { destMetroId: "77d9f1fbbcaa906f3cddb6d2" }],
    ["destDcf", { destDcf: HKG39 }],
    ["destRegionId", { destRegionId: "5c05cb06cad910000ae251f5" }],
    ["regionId", { regionId: REGION }],
    ["paymentType", { paymentType: "plan" }],
    ["duration", { duration: 12 }],
    ["durationUnit", { durationUnit: "y" }],
    ["evergreen", { evergreen: false }],
    ["classOfService", { classOfService: "GOLD" }],
    ["srcVlanRequest", { srcVlanRequest: 1001 }],
    ["destVlanRequest", { destVlanRequest: 3001 }],
    ["companyUsername", { companyUsername: "other-company" }],
  ];
  for (const [key, change] of replacing) {
    it(`replaces on a ${key} change`, async () => {
      const result = await diff({ ...b2b(), ...change });
      expect(result.changes).toBe(true);
      expect(result.replaces).toEqual([key]);
    });
  }
  it("compares companyUsername with the company the API key resolved to", async () => {
    const { companyUsername: _c, ...withoutCompany } = b2b();
    expect((await diff(withoutCompany)).changes).toBe(false);
    expect((await diff(b2b(), olds({ companyUsername: undefined }))).changes).toBe(false);
  });
  it("treats an unknown replaceable value as a replacement during preview", async () => {
    expect((await diff({ ...b2b(), destMetroId: UNKNOWN })).replaces).toEqual(["destMetroId"]);
  });
  it("ignores adoptId after creation", async () => {
    expect((await diff({ ...b2b(), adoptId: "64b7e0c1aa00000000000009" })).changes).toBe(false);
  });
  for (const status of ["DENIED", "CANCELLED", "ERROR"]) {
    it(`replaces a ${status} connection, even with unchanged inputs`, async () => {
      const result = await diff(b2b(), olds({ status }));
      expect(result.changes).toBe(true);
      expect(result.replaces).toContain("status");
    });
  }
  it("keeps a connection that is still waiting for approval", async () => {
    expect((await diff(b2b(), olds({ status: "PENDING_ACCEPTANCE" }))).changes).toBe(false);
  });
});

describe("create request body", () => {
  for (const key of Object.keys(SEED_REQUESTS) as (keyof typeof SEED_REQUESTS)[]) {
    it(`equals the seeds' ${key} request field for field, in order`, () => {
      const inputs = layer2ConnectionInputSchema.parse(SEED_INPUTS[key]);
      expect(JSON.stringify(createRequest(inputs))).toBe(JSON.stringify(SEED_REQUESTS[key]));
    });
  }
  it("leaves out the provider's own inputs", () => {
    const body = createRequest(
      layer2ConnectionInputSchema.parse({ ...b2b(), waitForActive: false, timeouts: { create: "1h" } }),
    );
    expect(Object.keys(body)).not.toContain("waitForActive");
    expect(Object.keys(body)).not.toContain("companyUsername");
    expect(Object.keys(body)).not.toContain("timeouts");
  });
});

describe("outputs", () => {
  const record: ConnectionRecord = {
    id: "64b7e0c1aa00000000000001",
    name: "renamed-remotely",
    status: "ACTIVE",
    speed: { value: 200, name: "200 Mbps" },
    srcTag: "1000",
    destTag: "3000",
    request: { status: "PENDING", speed: 500 },
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  it("takes name and speed from the API, VLANs as numbers, and a pending change request", () => {
    const outputs = outputsFrom(b2b(), ME, record);
    expect(outputs).toMatchObject({
      name: "renamed-remotely",
      speed: 200,
      connectionId: record.id,
      company: ME,
      status: "ACTIVE",
      srcVlan: 1000,
      destVlan: 3000,
      speedChangeRequest: { speed: 500, status: "PENDING" },
    });
  });
  it("shows no change request once it is approved", () => {
    const outputs = outputsFrom(b2b(), ME, { ...record, request: { status: "APPROVED", speed: 100 } });
    expect(outputs.speedChangeRequest).toBeUndefined();
  });
});

describe("LoopBack error bodies", () => {
  it("reads the wrapped body; the generic name Error is no code", () => {
    expect(
      parseConsoleConnectError({
        error: { statusCode: 400, name: "Error", message: "Cannot find an ACTIVE source port" },
      }),
    ).toEqual({ problems: [{ message: "Cannot find an ACTIVE source port" }], requestId: undefined });
  });
  it("reads the 401 shape with status, and bodies without the wrapper", () => {
    expect(
      parseConsoleConnectError({
        error: { message: "The user is not logged in", status: 401, statusCode: 401 },
      }).problems,
    ).toEqual([{ message: "The user is not logged in" }]);
    expect(parseConsoleConnectError({ statusCode: 404, name: "Error", message: "gone" }).problems).toEqual([
      { message: "gone" },
    ]);
  });
  it("names the properties of a ValidationError", () => {
    const parsed = parseConsoleConnectError({
      error: {
        statusCode: 422,
        name: "ValidationError",
        message: "The instance is not valid.",
        details: { messages: { name: ["can't be blank"] } },
      },
    });
    expect(parsed.problems).toEqual([
      { code: "ValidationError", message: "The instance is not valid" },
      { message: "can't be blank", property: "name" },
    ]);
  });
  it("reads the 2025 service shape with its transaction id, and plain text", () => {
    expect(
      parseConsoleConnectError({
        code: "CC-1001",
        httpStatus: 400,
        message: "bad key",
        transactionId: "t-1",
      }),
    ).toEqual({ problems: [{ code: "CC-1001", message: "bad key" }], requestId: "t-1" });
    expect(parseConsoleConnectError("Bad Gateway").problems).toEqual([{ message: "Bad Gateway" }]);
  });
});
