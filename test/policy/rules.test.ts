/**
 * The pack and the provider share their rules (`rules` of pulumi-interconnect): the pack accepts what the
 * resources' own checks accept and refuses what they refuse, and its defaults are the provider's limits.
 */
import fc from "fast-check";
import { rules as published } from "pulumi-interconnect";
import { describe, expect, it } from "vitest";
import { layer2ConnectionInputSchema } from "../../provider/consoleconnect/layer2Connection/schema";
import { l2Connection } from "../../provider/equinix/l2Connection/schema";
import { datacenterConfigInputSchema } from "../../provider/ovh/datacenterConfig/schema";
import { popConfigInputSchema } from "../../provider/ovh/popConfig/schema";
import * as rules from "../../provider/rules";
import {
  classOfServiceConfig,
  datacenterSubnetConfig,
  equinixNotifications,
  extraWithinSubnetConfig,
  maxSpeed,
  namePatternConfig,
  paymentTypeConfig,
  popSubnetConfig,
  staticOrBgpConfig,
} from "../../policy/policies";
import { equinix } from "./fixtures";
import { runResourcePolicy } from "./harness";

/** Inputs the provider's check accepts in full (seed 001's shape). */
const VALID_INPUTS = {
  name: "acme-aws-fra-pri",
  profileUuid: "a1b2c3d4-0000-4000-8000-000000000001",
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: "a1b2c3d4-0000-4000-8000-000000000002",
  vlanSTag: 100,
};

/** What the provider's check says about one notification address. */
function providerAccepts(address: string): boolean {
  const failures = l2Connection.validate({ ...VALID_INPUTS, notifications: [address] });
  expect(failures.filter((f) => f.property !== "notifications[0]")).toEqual([]);
  return failures.length === 0;
}

/** What the pack says about the same address. */
async function packAccepts(address: string): Promise<boolean> {
  const out = await runResourcePolicy(equinixNotifications, equinix("link", { notifications: [address] }));
  return !out.violations.some((v) => v.message.startsWith("notifications[0] is"));
}

/** Strings around the rule: "@", spaces, tabs, dots, non-ASCII, and real addresses. */
const candidates = fc.oneof(
  fc.string({
    unit: fc.constantFrom("a", "Z", "0", ".", "-", "_", "+", "@", " ", "\t", "\n", "é", "中"),
    maxLength: 12,
  }),
  fc.emailAddress(),
  fc.stringMatching(/^[^ @]+@[^ @]+$/),
  fc.string(),
);

describe("the shared e-mail rule (rules.equinix)", () => {
  it("the pack accepts exactly the notification addresses the provider's check accepts", async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(candidates, async (address) => {
        const provider = providerAccepts(address);
        expect(await packAccepts(address), JSON.stringify(address)).toBe(provider);
        if (provider) accepted++;
        else refused++;
      }),
      { numRuns: 400 },
    );
    // Both sides of the rule were exercised.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it("addresses the old pack rule refused and the provider takes are accepted now; spaces are refused by both", async () => {
    for (const address of ["noc@localhost", "ops+fabric@example", "a@b"]) {
      expect(providerAccepts(address), address).toBe(true);
      expect(await packAccepts(address), address).toBe(true);
    }
    for (const address of [
      " noc@example.com",
      "noc@example.com ",
      "noc @example.com",
      "noc@@example.com",
      "noc",
    ]) {
      expect(providerAccepts(address), address).toBe(false);
      expect(await packAccepts(address), address).toBe(false);
    }
    expect(rules.equinix.notificationDomain("noc@EU.Example.com")).toBe("EU.Example.com");
    expect(rules.equinix.notificationDomain("noc")).toBeUndefined();
  });
});

describe("the shared speed units (rules.equinix)", () => {
  it("MB and GB, case-sensitive for the provider; GB counts 1000 Mbps", () => {
    expect(rules.equinix.SPEED_UNITS).toEqual(["MB", "GB"]);
    expect(rules.equinix.speedInMbps(10, "GB")).toBe(10000);
    expect(rules.equinix.speedInMbps(500, "MB")).toBe(500);
    for (const unit of ["MB", "GB", "mb", "Gb", "TB", ""]) {
      const failures = l2Connection.validate({ ...VALID_INPUTS, speedUnit: unit });
      expect(failures.length === 0, unit).toBe(rules.equinix.isSpeedUnit(unit));
    }
  });

  it("the pack takes every unit the provider takes, and normalises with the same factor", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...rules.equinix.SPEED_UNITS),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 100_000 }),
        async (unit, speed, maxSpeedMbps) => {
          const out = await runResourcePolicy(maxSpeed, equinix("e", { speed, speedUnit: unit }), {
            maxSpeedMbps,
          });
          const over = rules.equinix.speedInMbps(speed, unit) > maxSpeedMbps;
          expect(out.violations.length).toBe(over ? 1 : 0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("VLAN ranges, by API version", () => {
  it("Equinix v3 (the L2Connection resource) 2–4094, Fabric v4 2–4092, Console Connect 1–4094", () => {
    expect(rules.equinix.V3_VLAN_TAG_RANGE).toEqual({ min: 2, max: 4094 });
    expect(rules.equinix.V4_VLAN_TAG_RANGE).toEqual({ min: 2, max: 4092 });
    expect(rules.consoleconnect.VLAN_ID_RANGE).toEqual({ min: 1, max: 4094 });
    expect(rules.formatRange(rules.equinix.V4_VLAN_TAG_RANGE)).toBe("2–4092");
  });

  it("the provider's checks use them: every tag in range passes, every tag outside fails", () => {
    const { V3_VLAN_TAG_RANGE } = rules.equinix;
    const { VLAN_ID_RANGE } = rules.consoleconnect;
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 4200 }), (tag) => {
        const equinixFailures = l2Connection.validate({ ...VALID_INPUTS, vlanSTag: tag });
        expect(equinixFailures.length === 0).toBe(rules.inRange(tag, V3_VLAN_TAG_RANGE));
        const cc = layer2ConnectionInputSchema.shape.srcVlanRequest.safeParse(tag);
        expect(cc.success).toBe(rules.inRange(tag, VLAN_ID_RANGE));
      }),
    );
  });
});

describe("the pack's defaults are the provider's limits", () => {
  it("names, payment types, classes of service", () => {
    expect(namePatternConfig.of({}).maxLength).toBe(rules.equinix.NAME_MAX_LENGTH);
    const longest = "a".repeat(rules.equinix.NAME_MAX_LENGTH);
    expect(l2Connection.validate({ ...VALID_INPUTS, name: longest })).toEqual([]);
    expect(l2Connection.validate({ ...VALID_INPUTS, name: `${longest}a` }).map((f) => f.property)).toEqual([
      "name",
    ]);
    expect(paymentTypeConfig.of({}).allowedPaymentTypes).toEqual([...rules.consoleconnect.PAYMENT_TYPES]);
    expect(classOfServiceConfig.of({}).allowedClassesOfService).toEqual([
      ...rules.consoleconnect.CLASSES_OF_SERVICE,
    ]);
    for (const value of rules.consoleconnect.PAYMENT_TYPES)
      expect(layer2ConnectionInputSchema.shape.paymentType.safeParse(value).success).toBe(true);
    for (const value of rules.consoleconnect.CLASSES_OF_SERVICE)
      expect(layer2ConnectionInputSchema.shape.classOfService.safeParse(value).success).toBe(true);
  });

  it("OVHcloud subnets, reserved host offsets and BGP sessions", () => {
    const { POP_SUBNET_PREFIX, MAX_DATACENTER_PREFIX, RESERVED_HOST_OFFSETS, MAX_BGP_SESSIONS } = rules.ovh;
    expect(popSubnetConfig.of({}).prefixLength).toBe(POP_SUBNET_PREFIX);
    expect(datacenterSubnetConfig.of({}).maxPrefixLength).toBe(MAX_DATACENTER_PREFIX);
    expect(extraWithinSubnetConfig.of({}).reservedHostOffsets).toEqual([0, 1, 2, 3]);
    expect(Object.keys(RESERVED_HOST_OFFSETS).map(Number)).toEqual([0, 1, 2, 3]);
    expect(staticOrBgpConfig.of({}).maxBgpSessions).toBe(MAX_BGP_SESSIONS);
    const pop = popConfigInputSchema.shape.subnet;
    expect(pop.safeParse(`10.0.0.0/${POP_SUBNET_PREFIX}`).success).toBe(true);
    expect(pop.safeParse(`10.0.0.0/${POP_SUBNET_PREFIX - 1}`).success).toBe(false);
    const dc = datacenterConfigInputSchema.shape.subnet;
    expect(dc.safeParse(`10.0.0.0/${MAX_DATACENTER_PREFIX}`).success).toBe(true);
    expect(dc.safeParse(`10.0.0.0/${MAX_DATACENTER_PREFIX + 1}`).success).toBe(false);
  });

  it("the package's entry point exports the same rules the provider's source defines", () => {
    expect(JSON.parse(JSON.stringify(published))).toEqual(JSON.parse(JSON.stringify(rules)));
    expect(published.equinix.NOTIFICATION_EMAIL_PATTERN.source).toBe(
      rules.equinix.NOTIFICATION_EMAIL_PATTERN.source,
    );
    expect(Object.keys(published).sort()).toEqual(Object.keys(rules).sort());
  });
});
