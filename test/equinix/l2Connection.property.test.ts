/**
 * Properties of check, diff and the request body over generated inputs (fast-check), beyond the hand-picked cases.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { createRequest } from "../../provider/equinix/l2Connection/model";
import { l2ConnectionProvider as provider } from "../../provider/equinix/l2Connection/provider";
import { l2ConnectionInputSchema } from "../../provider/equinix/l2Connection/schema";

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const vlan = fc.integer({ min: 2, max: 4094 });
const uuid = fc.uuid();
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9.]{1,10}$/), fc.domain())
  .map(([user, domain]) => `${user}@${domain}`);

/** Valid inputs of any shape the schema allows (no encapsulation hints, so the tagging table stays out of it). */
const validInputs = fc
  .record(
    {
      name,
      profileUuid: uuid,
      speed: fc.integer({ min: 1, max: 100_000 }),
      speedUnit: fc.constantFrom("MB", "GB"),
      notifications: fc.array(email, { minLength: 1, maxLength: 3 }),
      portUuid: uuid,
      vlanSTag: vlan,
      vlanCTag: fc.option(vlan, { nil: undefined }),
      zSideVlanCTag: fc.option(vlan, { nil: undefined }),
      sellerMetroCode: fc.option(fc.stringMatching(/^[A-Z]{2}$/), { nil: undefined }),
      secondaryConnection: fc.option(
        fc.record({ name, portUuid: uuid, vlanSTag: vlan, vlanCTag: fc.option(vlan, { nil: undefined }) }),
        { nil: undefined },
      ),
    },
    { requiredKeys: ["name", "profileUuid", "speed", "speedUnit", "notifications", "portUuid", "vlanSTag"] },
  )
  // Two connections of a pair on one port with the same tags are refused by design (see the unit tests).
  .filter(
    (v) =>
      !v.secondaryConnection ||
      v.secondaryConnection.portUuid !== v.portUuid ||
      v.secondaryConnection.vlanSTag !== v.vlanSTag,
  )
  .map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);

const check = async (inputs: Record<string, unknown>) => (await provider.check!({}, inputs)).failures ?? [];

describe("L2Connection properties (ECX v3 ranges)", () => {
  const saved = process.env.EQUINIX_API_VERSION;
  beforeAll(() => {
    process.env.EQUINIX_API_VERSION = "v3";
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.EQUINIX_API_VERSION;
    else process.env.EQUINIX_API_VERSION = saved;
  });

  it("accepts every valid input", async () => {
    await fc.assert(
      fc.asyncProperty(validInputs, async (inputs) => {
        expect(await check(inputs)).toEqual([]);
      }),
    );
  });

  it("rejects any S-tag outside 2–4094, naming vlanSTag", async () => {
    const outside = fc.oneof(fc.integer({ max: 1 }), fc.integer({ min: 4095 }));
    await fc.assert(
      fc.asyncProperty(validInputs, outside, async (inputs, tag) => {
        const failures = await check({ ...inputs, vlanSTag: tag });
        expect(failures.map((f) => f.property)).toContain("vlanSTag");
      }),
    );
  });

  it("never fails a valid input because some of its values are unknown during preview", async () => {
    await fc.assert(
      fc.asyncProperty(validInputs, fc.array(fc.nat(), { maxLength: 5 }), async (inputs, picks) => {
        const keys = Object.keys(inputs);
        const withUnknowns = { ...inputs };
        for (const p of picks) withUnknowns[keys[p % keys.length]] = UNKNOWN;
        expect(await check(withUnknowns)).toEqual([]);
      }),
    );
  });

  it("sees no change between the outputs of a create and the same inputs", async () => {
    await fc.assert(
      fc.asyncProperty(validInputs, async (inputs) => {
        const outputs = {
          ...inputs,
          uuid: "u",
          status: "PROVISIONED",
          secondary: { uuid: "s", status: "PROVISIONED" },
        };
        expect(await provider.diff!("u", outputs, { ...inputs, __provider: "new" })).toMatchObject({
          changes: false,
        });
      }),
    );
  });

  it("puts every tag in the request as the decimal string of the input", () => {
    fc.assert(
      fc.property(validInputs, (raw) => {
        const inputs = l2ConnectionInputSchema.parse(raw);
        const body = createRequest(inputs) as unknown as Record<string, unknown>;
        expect(body.primaryVlanSTag).toBe(String(inputs.vlanSTag));
        expect(body.primaryVlanCTag).toBe(
          inputs.vlanCTag === undefined ? undefined : String(inputs.vlanCTag),
        );
        expect(body.secondaryVlanSTag).toBe(
          inputs.secondaryConnection ? String(inputs.secondaryConnection.vlanSTag) : undefined,
        );
        expect(Object.values(body)).not.toContain(undefined);
      }),
    );
  });
});

describe("L2Connection properties on Fabric v4 (the default)", () => {
  const v4Inputs = validInputs.filter((v) => {
    const tags = [
      v.vlanSTag,
      v.vlanCTag,
      v.zSideVlanCTag,
      (v.secondaryConnection as any)?.vlanSTag,
      (v.secondaryConnection as any)?.vlanCTag,
    ];
    const mbps = (v.speed as number) * (v.speedUnit === "GB" ? 1000 : 1);
    return tags.every((t) => t === undefined || (t as number) <= 4092) && mbps <= 100_000;
  });

  it("accepts every valid input within v4's ranges", async () => {
    await fc.assert(
      fc.asyncProperty(v4Inputs, async (inputs) => {
        expect(await check(inputs)).toEqual([]);
      }),
    );
  });

  it("rejects tags 4093 and 4094, which only v3 takes, on whichever leg and tag they appear", async () => {
    const paths = ["vlanSTag", "vlanCTag", "zSideVlanCTag", "secondaryConnection.vlanSTag"] as const;
    await fc.assert(
      fc.asyncProperty(
        v4Inputs,
        fc.constantFrom(...paths),
        fc.constantFrom(4093, 4094),
        async (inputs, path, tag) => {
          const withTag = structuredClone(inputs) as any;
          if (path.startsWith("secondaryConnection.")) {
            if (!withTag.secondaryConnection) return;
            withTag.secondaryConnection.vlanSTag = tag;
          } else withTag[path] = tag;
          expect(await check(withTag)).toContainEqual({
            property: path,
            reason:
              "VLAN tags range from 2 to 4092 on Equinix Fabric v4" +
              (path.includes(".") ? ` (got ${tag})` : ""),
          });
        },
      ),
    );
  });

  it("rejects bandwidths above 100 GB", async () => {
    const failures = await check({ ...(fc.sample(v4Inputs, 1)[0] as object), speed: 101, speedUnit: "GB" });
    expect(failures).toContainEqual({
      property: "speed",
      reason: "must be at most 100000 Mbps (100 GB) on Equinix Fabric v4",
    });
  });
});
