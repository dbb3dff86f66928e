import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { createRequest } from "../../provider/equinix/l2Connection/model";
import { l2ConnectionProvider } from "../../provider/equinix/l2Connection/provider";
import { l2ConnectionInputSchema } from "../../provider/equinix/l2Connection/schema";
import { SEED_INPUTS, SEED_SAMPLES } from "./seed001";

const PORT_A = "11111111-1111-4111-8111-111111111111";
const PORT_B = "22222222-2222-4222-8222-222222222222";
const PROFILE = "33333333-3333-4333-8333-333333333333";

/** A valid redundant Dot1Q connection; tests change one thing at a time. */
function valid(): Record<string, unknown> {
  return {
    name: "db-link",
    profileUuid: PROFILE,
    speed: 50,
    speedUnit: "MB",
    notifications: ["noc@example.com"],
    portUuid: PORT_A,
    vlanSTag: 100,
    secondaryConnection: { name: "db-link-2", portUuid: PORT_B, vlanSTag: 100 },
  };
}

async function failures(inputs: Record<string, unknown>) {
  const result = await l2ConnectionProvider.check!({}, { ...inputs, __provider: "serialized" });
  return result.failures ?? [];
}

describe("check", () => {
  it("accepts a valid redundant connection and returns the inputs unchanged", async () => {
    const inputs = { ...valid(), __provider: "serialized" };
    const result = await l2ConnectionProvider.check!({}, inputs);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual(inputs);
  });

  const cases: [string, (v: Record<string, any>) => void, string, RegExp][] = [
    ["name longer than 24", (v) => (v.name = "x".repeat(25)), "name", /at most 24/],
    ["name with a dot", (v) => (v.name = "db.link"), "name", /letters, digits, hyphens and underscores/],
    ["empty name", (v) => (v.name = ""), "name", /must not be empty/],
    [
      "secondary name too long",
      (v) => (v.secondaryConnection.name = "y".repeat(30)),
      "secondaryConnection.name",
      /at most 24/,
    ],
    ["S-tag below 2", (v) => (v.vlanSTag = 1), "vlanSTag", /2 to 4094/],
    ["S-tag above 4094", (v) => (v.vlanSTag = 4095), "vlanSTag", /2 to 4094/],
    ["fractional S-tag", (v) => (v.vlanSTag = 10.5), "vlanSTag", /whole number/],
    [
      "secondary S-tag out of range",
      (v) => (v.secondaryConnection.vlanSTag = 5000),
      "secondaryConnection.vlanSTag",
      /2 to 4094/,
    ],
    ["C-tag out of range", (v) => (v.vlanCTag = 0), "vlanCTag", /2 to 4094/],
    ["Z-side C-tag out of range", (v) => (v.zSideVlanCTag = 9999), "zSideVlanCTag", /2 to 4094/],
    ["speed unit lower case", (v) => (v.speedUnit = "mb"), "speedUnit", /"MB" or "GB"/],
    ["speed unit Gbps", (v) => (v.speedUnit = "Gbps"), "speedUnit", /"MB" or "GB"/],
    ["zero speed", (v) => (v.speed = 0), "speed", /at least 1/],
    ["no notifications", (v) => (v.notifications = []), "notifications", /at least one e-mail/],
    [
      "bad notification",
      (v) => (v.notifications = ["noc@example.com", "not an email"]),
      "notifications[1]",
      /e-mail/,
    ],
    ["malformed port uuid", (v) => (v.portUuid = "7g831d3b-9740-7420-bae0-30ac1885127a"), "portUuid", /UUID/],
    ["malformed profile uuid", (v) => (v.profileUuid = "abc"), "profileUuid", /UUID/],
    [
      "secondary without port",
      (v) => delete v.secondaryConnection.portUuid,
      "secondaryConnection.portUuid",
      /./,
    ],
    ["secondary without name", (v) => delete v.secondaryConnection.name, "secondaryConnection.name", /./],
    [
      "secondary without S-tag",
      (v) => delete v.secondaryConnection.vlanSTag,
      "secondaryConnection.vlanSTag",
      /./,
    ],
    ["metro code lower case", (v) => (v.sellerMetroCode = "sv"), "sellerMetroCode", /two-letter/],
    ["purchase order too long", (v) => (v.purchaseOrderNumber = "9".repeat(31)), "purchaseOrderNumber", /30/],
    ["unknown named tag", (v) => (v.namedTag = "Sideways"), "namedTag", /Private, Microsoft/],
    ["bad timeout", (v) => (v.timeouts = { create: "soon" }), "timeouts.create", /duration/],
    [
      "secondary repeating the primary's tags on the same port",
      (v) => (v.secondaryConnection.portUuid = PORT_A),
      "secondaryConnection.vlanSTag",
      /repeats the primary's VLAN tags/,
    ],
  ];
  for (const [title, mutate, property, reason] of cases) {
    it(`rejects ${title}, naming ${property}`, async () => {
      const inputs = valid();
      mutate(inputs);
      const found = await failures(inputs);
      expect(found.map((f) => f.property)).toContain(property);
      expect(found.find((f) => f.property === property)!.reason).toMatch(reason);
    });
  }

  it("accepts named tags in any case", async () => {
    expect(await failures({ ...valid(), namedTag: "private" })).toEqual([]);
  });

  describe("seed 001 tagging table, where the encapsulations are known", () => {
    const withEncap = (port: string, profile: string, extra: Record<string, unknown> = {}) => ({
      ...valid(),
      portEncapsulation: port,
      profileEncapsulation: profile,
      ...extra,
    });
    it("Dot1Q → Dot1Q: S-tag only", async () => {
      expect(await failures(withEncap("Dot1Q", "Dot1Q"))).toEqual([]);
      const f = await failures(withEncap("Dot1Q", "Dot1Q", { vlanCTag: 5 }));
      expect(f).toContainEqual({ property: "vlanCTag", reason: expect.stringMatching(/single tag/) });
      const z = await failures(withEncap("Dot1Q", "Dot1Q", { zSideVlanCTag: 5 }));
      expect(z.map((x) => x.property)).toEqual(["zSideVlanCTag"]);
    });
    it("Dot1Q → QinQ: the Z-side C-tag is required on both connections", async () => {
      const f = await failures(withEncap("dot1q", "qinq"));
      expect(f.map((x) => x.property).sort()).toEqual(["secondaryConnection.zSideVlanCTag", "zSideVlanCTag"]);
      const ok = withEncap("Dot1Q", "QinQ", { zSideVlanCTag: 421 });
      (ok.secondaryConnection as Record<string, unknown>).zSideVlanCTag = 521;
      expect(await failures(ok)).toEqual([]);
    });
    it("QinQ → Dot1Q: the C-tag is required on both connections", async () => {
      const f = await failures(withEncap("QinQ", "Dot1Q"));
      expect(f.map((x) => x.property).sort()).toEqual(["secondaryConnection.vlanCTag", "vlanCTag"]);
    });
    it("QinQ → QinQ: C-tag optional, no Z-side C-tag unless Manual peering", async () => {
      expect(await failures(withEncap("QinQ", "QinQ", { vlanCTag: 7 }))).toEqual([]);
      expect(
        (await failures(withEncap("QinQ", "QinQ", { zSideVlanCTag: 7 }))).map((x) => x.property),
      ).toEqual(["zSideVlanCTag"]);
      expect(await failures(withEncap("QinQ", "QinQ", { zSideVlanCTag: 7, namedTag: "Manual" }))).toEqual([]);
    });
    it("rejects an unknown encapsulation", async () => {
      const f = await failures(withEncap("VXLAN", "Dot1Q"));
      expect(f).toContainEqual({ property: "portEncapsulation", reason: 'must be "Dot1Q" or "QinQ"' });
    });
  });

  describe("during preview (unknown values)", () => {
    it("skips rules about unknown properties", async () => {
      const f = await failures({ ...valid(), portUuid: UNKNOWN, vlanSTag: UNKNOWN, name: UNKNOWN });
      expect(f).toEqual([]);
    });
    it("still reports rules about known properties", async () => {
      const f = await failures({ ...valid(), portUuid: UNKNOWN, vlanSTag: 5000 });
      expect(f.map((x) => x.property)).toEqual(["vlanSTag"]);
    });
    it("skips the tagging table when an encapsulation is unknown", async () => {
      const f = await failures({ ...valid(), portEncapsulation: UNKNOWN, profileEncapsulation: "QinQ" });
      expect(f).toEqual([]);
    });
    it("treats an unknown secondary connection as unknown as a whole", async () => {
      expect(await failures({ ...valid(), secondaryConnection: UNKNOWN })).toEqual([]);
    });
    it("treats a list holding an unknown element as unknown", async () => {
      expect(await failures({ ...valid(), notifications: ["noc@example.com", UNKNOWN] })).toEqual([]);
    });
  });
});

describe("diff", () => {
  const olds = () => ({
    ...valid(),
    uuid: "u1",
    status: "PROVISIONED",
    secondary: { uuid: "u2", status: "PROVISIONED" },
  });
  const diff = (news: Record<string, unknown>, old: Record<string, unknown> = olds()) =>
    l2ConnectionProvider.diff!("u1", old, { ...news, __provider: "new text" });

  it("reports no change when only computed outputs and the provider text differ", async () => {
    expect(await diff(valid())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
  it("renames the primary in place (seed 001: rename to John_Demo_Connection)", async () => {
    expect(await diff({ ...valid(), name: "John_Demo_Connection" })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
  it("renames the secondary in place", async () => {
    const news = valid();
    (news.secondaryConnection as Record<string, unknown>).name = "db-link-b";
    expect(await diff(news)).toMatchObject({ changes: true, replaces: [] });
  });
  it("changes speed in place", async () => {
    expect(await diff({ ...valid(), speed: 1, speedUnit: "GB" })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
  it("changes timeouts in place", async () => {
    expect(await diff({ ...valid(), timeouts: { create: "1h" } })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
  const replacing: [string, Record<string, unknown>, string][] = [
    ["port", { portUuid: PORT_B }, "portUuid"],
    ["S-tag", { vlanSTag: 101 }, "vlanSTag"],
    ["profile", { profileUuid: PORT_A }, "profileUuid"],
    ["notifications", { notifications: ["other@example.com"] }, "notifications"],
    ["authorization key", { authorizationKey: "new-key" }, "authorizationKey"],
    [
      "secondary port",
      { secondaryConnection: { name: "db-link-2", portUuid: PORT_A, vlanSTag: 100 } },
      "secondaryConnection",
    ],
    ["removing the secondary", { secondaryConnection: undefined }, "secondaryConnection"],
  ];
  for (const [title, change, key] of replacing) {
    it(`replaces on a ${title} change`, async () => {
      const result = await diff({ ...valid(), ...change });
      expect(result.changes).toBe(true);
      expect(result.replaces).toContain(key);
    });
  }
  it("deletes the old pair first when the replacement keeps a port and tags it holds", async () => {
    expect(await diff({ ...valid(), notifications: ["other@example.com"] })).toMatchObject({
      deleteBeforeReplace: true,
    });
    expect(await diff({ ...valid(), vlanSTag: 101 })).toMatchObject({ deleteBeforeReplace: true }); // the secondary keeps 100
    const moved = {
      ...valid(),
      vlanSTag: 101,
      secondaryConnection: { name: "db-link-2", portUuid: PORT_B, vlanSTag: 101 },
    };
    expect(await diff(moved)).toMatchObject({
      replaces: ["vlanSTag", "secondaryConnection"],
      deleteBeforeReplace: false,
    });
  });
  it("treats an unknown replaceable value as a replacement during preview", async () => {
    expect((await diff({ ...valid(), portUuid: UNKNOWN })).replaces).toEqual(["portUuid"]);
  });
  it("ignores adoptId after creation", async () => {
    expect((await diff({ ...valid(), adoptId: "u9" })).changes).toBe(false);
  });
  it("replaces a connection the seller rejected, even with unchanged inputs", async () => {
    const result = await diff(valid(), { ...olds(), status: "REJECTED" });
    expect(result.changes).toBe(true);
    expect(result.replaces).toContain("status");
    expect(result.deleteBeforeReplace).toBe(true);
  });
});

describe("create request body", () => {
  for (const key of Object.keys(SEED_SAMPLES) as (keyof typeof SEED_SAMPLES)[]) {
    it(`equals seed 001's ${key} sample field for field`, () => {
      expect(createRequest(SEED_INPUTS[key] as never)).toStrictEqual(SEED_SAMPLES[key]);
    });
  }
  it("check flags the malformed UUIDs the seed samples carry", async () => {
    const f = await failures({ ...SEED_INPUTS.dot1qToDot1q });
    expect(f.map((x) => x.property)).toEqual(["secondaryConnection.portUuid"]);
    const g = await failures({ ...SEED_INPUTS.qinqToQinq });
    expect(g.map((x) => x.property)).toEqual(["secondaryConnection.portUuid"]);
    expect(await failures({ ...SEED_INPUTS.qinqToDot1q })).toEqual([]);
  });
  it("parses a single connection without secondary fields", () => {
    const inputs = l2ConnectionInputSchema.parse({ ...valid(), secondaryConnection: undefined });
    const body = createRequest(inputs);
    expect(Object.keys(body).filter((k) => k.startsWith("secondary"))).toEqual([]);
  });
});
