import { describe, expect, it } from "vitest";
import { equinixNotifications, equinixRedundant } from "../../policy/policies";
import { EQUINIX_L2_CONNECTION } from "../../policy/types";
import { equinix, pop } from "./fixtures";
import { NOT_KNOWN_YET, runResourcePolicy, UNKNOWN_VALUE } from "./harness";

describe("equinix-l2-redundant", () => {
  it("passes a redundant connection on two ports", async () => {
    const out = await runResourcePolicy(equinixRedundant, equinix("link"));
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
    expect(out.notApplicable).toBeUndefined();
  });

  it("reports a connection without secondaryConnection, with the remediation", async () => {
    const out = await runResourcePolicy(
      equinixRedundant,
      equinix("link", { secondaryConnection: undefined }),
    );
    expect(out.violations).toHaveLength(1);
    expect(out.violations[0].enforcementLevel).toBe("mandatory");
    expect(out.violations[0].message).toMatch(/^secondaryConnection is not set/);
    expect(out.violations[0].message).toContain("Set secondaryConnection");
    expect(out.violations[0].message).toContain("to make the connection redundant");
  });

  it("reports a secondaryConnection that is not an object", async () => {
    const out = await runResourcePolicy(equinixRedundant, equinix("link", { secondaryConnection: "yes" }));
    expect(out.violations.map((v) => v.message)).toEqual([
      expect.stringContaining('secondaryConnection is "yes"'),
    ]);
  });

  it("reports a secondary on the primary's port, given or defaulted", async () => {
    const same = await runResourcePolicy(
      equinixRedundant,
      equinix("link", { secondaryConnection: { name: "s", portUuid: "port-a", vlanSTag: 101 } }),
    );
    expect(same.violations.map((v) => v.message)).toEqual([
      expect.stringContaining("secondaryConnection.portUuid is the same port as portUuid"),
    ]);
    const defaulted = await runResourcePolicy(
      equinixRedundant,
      equinix("link", { secondaryConnection: { name: "s", vlanSTag: 101 } }),
    );
    expect(defaulted.violations.map((v) => v.message)).toEqual([
      expect.stringContaining("secondaryConnection.portUuid is not set"),
    ]);
  });

  it("config: requireDistinctPorts=false accepts a secondary on the same port", async () => {
    const resource = equinix("link", {
      secondaryConnection: { name: "s", portUuid: "port-a", vlanSTag: 101 },
    });
    const out = await runResourcePolicy(equinixRedundant, resource, { requireDistinctPorts: false });
    expect(out.violations).toEqual([]);
  });

  it("config: the enforcement level can be lowered, or the policy disabled", async () => {
    const resource = equinix("link", { secondaryConnection: undefined });
    const advisory = await runResourcePolicy(equinixRedundant, resource, { enforcementLevel: "advisory" });
    expect(advisory.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    const disabled = await runResourcePolicy(equinixRedundant, resource, "disabled");
    expect(disabled.disabled).toBe(true);
    expect(disabled.violations).toEqual([]);
  });

  it("unknown secondaryConnection or ports: advisory, no violation", async () => {
    const whole = await runResourcePolicy(
      equinixRedundant,
      equinix("link", { secondaryConnection: UNKNOWN_VALUE }),
    );
    expect(whole.violations).toEqual([]);
    expect(whole.advisories).toHaveLength(1);
    expect(whole.advisories[0]).toContain("can't run policy 'equinix-l2-redundant'");
    expect(whole.advisories[0]).toContain("Equinix L2 connection 'link'");
    expect(whole.advisories[0]).toContain(`secondaryConnection is ${NOT_KNOWN_YET}`);

    const port = await runResourcePolicy(
      equinixRedundant,
      equinix("link", {
        portUuid: UNKNOWN_VALUE,
        secondaryConnection: { name: "s", portUuid: UNKNOWN_VALUE },
      }),
    );
    expect(port.violations).toEqual([]);
    expect(port.advisories[0]).toContain(`secondaryConnection.portUuid, portUuid are ${NOT_KNOWN_YET}`);
  });

  it("is not applicable to other types", async () => {
    const out = await runResourcePolicy(equinixRedundant, pop("pop"));
    expect(out.notApplicable).toBe(`Policy only applies to resources of type '${EQUINIX_L2_CONNECTION}'`);
    expect(out.violations).toEqual([]);
  });
});

describe("equinix-l2-notifications", () => {
  it("passes a connection with a recipient", async () => {
    const out = await runResourcePolicy(equinixNotifications, equinix("link"));
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
  });

  it("reports missing or empty notifications", async () => {
    for (const notifications of [undefined, []]) {
      const out = await runResourcePolicy(equinixNotifications, equinix("link", { notifications }));
      expect(out.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/^notifications has no valid recipient.*Add e-mail addresses/),
      ]);
    }
  });

  it("reports a non-list, and entries that are not e-mail addresses", async () => {
    const notList = await runResourcePolicy(
      equinixNotifications,
      equinix("link", { notifications: "noc@x.com" }),
    );
    expect(notList.violations[0].message).toContain("not a list");
    const bad = await runResourcePolicy(
      equinixNotifications,
      equinix("link", { notifications: ["noc", 42] }),
    );
    expect(bad.violations.map((v) => v.message)).toEqual([
      expect.stringContaining('notifications[0] is "noc", which is not an e-mail address'),
      expect.stringContaining("notifications[1] is 42"),
      expect.stringContaining("notifications has no valid recipient"),
    ]);
  });

  it("config: minRecipients and allowedDomains change the outcome", async () => {
    const two = await runResourcePolicy(equinixNotifications, equinix("link"), { minRecipients: 2 });
    expect(two.violations.map((v) => v.message)).toEqual([
      expect.stringContaining("only 1 valid recipient(s), and at least 2 are required"),
    ]);
    const dupes = equinix("link", { notifications: ["noc@example.com", "NOC@example.com"] });
    expect(
      (await runResourcePolicy(equinixNotifications, dupes, { minRecipients: 2 })).violations,
    ).toHaveLength(1);
    // The provider's rule has no trimming: an address with a space is refused, by the resource and the pack alike.
    const spaced = equinix("link", { notifications: ["noc@example.com", "NOC@example.com "] });
    expect(
      (await runResourcePolicy(equinixNotifications, spaced, { minRecipients: 2 })).violations.map(
        (v) => v.message,
      ),
    ).toEqual([
      expect.stringContaining('notifications[1] is "NOC@example.com ", which is not an e-mail address'),
      expect.stringContaining("only 1 valid recipient(s), and at least 2 are required"),
    ]);

    const domains = { allowedDomains: ["@corp.example"] };
    const outside = await runResourcePolicy(equinixNotifications, equinix("link"), domains);
    expect(outside.violations.map((v) => v.message)).toEqual([
      expect.stringContaining("is outside the allowed domains (corp.example)"),
      expect.stringContaining("no valid recipient"),
    ]);
    const inside = equinix("link", { notifications: ["noc@eu.corp.example"] });
    expect((await runResourcePolicy(equinixNotifications, inside, domains)).violations).toEqual([]);
  });

  it("unknown list or entries: advisory, and unknown entries count towards the minimum", async () => {
    const list = await runResourcePolicy(
      equinixNotifications,
      equinix("link", { notifications: UNKNOWN_VALUE }),
    );
    expect(list.violations).toEqual([]);
    expect(list.advisories[0]).toContain(`notifications is ${NOT_KNOWN_YET}`);
    const entry = await runResourcePolicy(
      equinixNotifications,
      equinix("link", { notifications: ["noc@example.com", UNKNOWN_VALUE] }),
      { minRecipients: 2 },
    );
    expect(entry.violations).toEqual([]);
    expect(entry.advisories[0]).toContain(`notifications[1] is ${NOT_KNOWN_YET}`);
  });
});
