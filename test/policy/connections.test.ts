import { describe, expect, it } from "vitest";
import { classOfService, maxSpeed, namePattern, paymentType } from "../../policy/policies";
import { consoleConnect, datacenter, equinix } from "./fixtures";
import { NOT_KNOWN_YET, runResourcePolicy, UNKNOWN_VALUE } from "./harness";

describe("interconnect-max-speed", () => {
  it("passes speeds within the default 10000 Mbps, for both vendors", async () => {
    for (const resource of [
      equinix("e", { speed: 10, speedUnit: "GB" }),
      equinix("e2", { speed: 500, speedUnit: "MB" }),
      consoleConnect("c", { speed: 10000 }),
    ]) {
      const out = await runResourcePolicy(maxSpeed, resource);
      expect(out.violations).toEqual([]);
      expect(out.advisories).toEqual([]);
    }
  });

  it("normalises Equinix GB to Mbps before comparing", async () => {
    const out = await runResourcePolicy(maxSpeed, equinix("e", { speed: 20, speedUnit: "GB" }));
    expect(out.violations.map((v) => v.message)).toEqual([
      "speed 20 GB (20000 Mbps) exceeds the configured maximum of 10000 Mbps. Lower speed (and speedUnit), or " +
        "raise maxSpeedMbps in the interconnect-max-speed policy config if this bandwidth is intended.",
    ]);
  });

  it("reports Console Connect speeds (Mbps) over the maximum", async () => {
    const out = await runResourcePolicy(maxSpeed, consoleConnect("c", { speed: 20000 }));
    expect(out.violations[0].message).toMatch(
      /^speed 20000 Mbps exceeds the configured maximum of 10000 Mbps\. Lower speed, or raise/,
    );
  });

  it("reports a bad speed or speed unit", async () => {
    const unit = await runResourcePolicy(maxSpeed, equinix("e", { speedUnit: "TB" }));
    expect(unit.violations[0].message).toContain('speedUnit is "TB"; Equinix accepts "MB" or "GB"');
    const speed = await runResourcePolicy(maxSpeed, consoleConnect("c", { speed: -5 }));
    expect(speed.violations[0].message).toContain("speed is -5, not a positive number");
  });

  it("config: maxSpeedMbps changes the outcome", async () => {
    const resource = equinix("e", { speed: 2, speedUnit: "GB" });
    expect((await runResourcePolicy(maxSpeed, resource)).violations).toEqual([]);
    const out = await runResourcePolicy(maxSpeed, resource, { maxSpeedMbps: 1000 });
    expect(out.violations[0].message).toContain("(2000 Mbps) exceeds the configured maximum of 1000 Mbps");
  });

  it("unknown or missing speed: advisory, no violation", async () => {
    const unknown = await runResourcePolicy(maxSpeed, equinix("e", { speed: UNKNOWN_VALUE }));
    expect(unknown.violations).toEqual([]);
    expect(unknown.advisories[0]).toContain(`speed is ${NOT_KNOWN_YET}`);
    const unit = await runResourcePolicy(maxSpeed, equinix("e", { speedUnit: UNKNOWN_VALUE }));
    expect(unit.advisories[0]).toContain(`speedUnit is ${NOT_KNOWN_YET}`);
    const missing = await runResourcePolicy(maxSpeed, consoleConnect("c", { speed: undefined }));
    expect(missing.violations).toEqual([]);
    expect(missing.advisories[0]).toContain(`speed (not set) is ${NOT_KNOWN_YET}`);
  });

  it("is not applicable to OVHcloud resources", async () => {
    const out = await runResourcePolicy(maxSpeed, datacenter("dc"));
    expect(out.notApplicable).toMatch(/^applies only to/);
  });
});

describe("interconnect-name-pattern", () => {
  it("passes conventional names on both vendors", async () => {
    for (const resource of [equinix("e", { name: "acme aws_fra-1" }), consoleConnect("c")]) {
      const out = await runResourcePolicy(namePattern, resource);
      expect(out.violations).toEqual([]);
      expect(out.enforcementLevel).toBe("advisory");
    }
  });

  it("reports names that break the pattern or the length, primary and secondary", async () => {
    const out = await runResourcePolicy(
      namePattern,
      equinix("e", {
        name: "acme--aws!",
        secondaryConnection: { name: "a-very-long-secondary-name-x", portUuid: "port-b", vlanSTag: 1 },
      }),
    );
    expect(out.violations.map((v) => v.message)).toEqual([
      expect.stringContaining('name "acme--aws!" does not match the naming pattern'),
      expect.stringContaining(
        'secondaryConnection.name "a-very-long-secondary-name-x" is 28 characters long',
      ),
    ]);
    expect(out.violations[0].enforcementLevel).toBe("advisory");
    const cc = await runResourcePolicy(namePattern, consoleConnect("c", { name: 42 }));
    expect(cc.violations[0].message).toContain("name is 42, not a string");
  });

  it("config: pattern, flags and maxLength change the outcome", async () => {
    const resource = consoleConnect("c", { name: "ACME-prod-oracle" });
    expect((await runResourcePolicy(namePattern, resource)).violations).toEqual([]);
    const lower = { pattern: "^[a-z]+(-[a-z]+)*$" };
    expect((await runResourcePolicy(namePattern, resource, lower)).violations).toHaveLength(1);
    expect((await runResourcePolicy(namePattern, resource, { ...lower, flags: "i" })).violations).toEqual([]);
    expect((await runResourcePolicy(namePattern, resource, { maxLength: 10 })).violations).toHaveLength(1);
    const mandatory = await runResourcePolicy(namePattern, consoleConnect("c", { name: "x!" }), "mandatory");
    expect(mandatory.violations[0].enforcementLevel).toBe("mandatory");
  });

  it("reports an invalid pattern in the config instead of crashing", async () => {
    const out = await runResourcePolicy(namePattern, consoleConnect("c"), { pattern: "([a-z" });
    expect(out.violations[0].message).toContain("is not a valid regular expression");
  });

  it("unknown names: advisory, no violation", async () => {
    const out = await runResourcePolicy(
      namePattern,
      equinix("e", { name: UNKNOWN_VALUE, secondaryConnection: { name: UNKNOWN_VALUE } }),
    );
    expect(out.violations).toEqual([]);
    expect(out.advisories[0]).toContain(`name, secondaryConnection.name are ${NOT_KNOWN_YET}`);
  });
});

describe("consoleconnect-payment-type", () => {
  it("passes invoice and plan (any case), and an omitted paymentType", async () => {
    for (const value of ["invoice", "PLAN", undefined]) {
      const out = await runResourcePolicy(paymentType, consoleConnect("c", { paymentType: value }));
      expect(out.violations).toEqual([]);
    }
  });

  it("reports credit card payment by default", async () => {
    const out = await runResourcePolicy(paymentType, consoleConnect("c", { paymentType: "creditcard" }));
    expect(out.violations.map((v) => v.message)).toEqual([
      'paymentType "creditcard" is not allowed (allowed: invoice, plan). Set paymentType to one of them, or add ' +
        "it to allowedPaymentTypes in the policy config.",
    ]);
  });

  it("config: allowedPaymentTypes changes the outcome", async () => {
    const resource = consoleConnect("c", { paymentType: "creditcard" });
    const out = await runResourcePolicy(paymentType, resource, { allowedPaymentTypes: ["creditcard"] });
    expect(out.violations).toEqual([]);
    const strict = await runResourcePolicy(paymentType, consoleConnect("c"), {
      allowedPaymentTypes: ["plan"],
    });
    expect(strict.violations).toHaveLength(1);
  });

  it("unknown paymentType: advisory", async () => {
    const out = await runResourcePolicy(paymentType, consoleConnect("c", { paymentType: UNKNOWN_VALUE }));
    expect(out.violations).toEqual([]);
    expect(out.advisories[0]).toContain(
      `Console Connect L2 connection 'c': could not check yet: paymentType is`,
    );
  });

  it("is not applicable to Equinix connections", async () => {
    expect((await runResourcePolicy(paymentType, equinix("e"))).notApplicable).toBeDefined();
  });
});

describe("consoleconnect-class-of-service", () => {
  it("passes every class by default", async () => {
    for (const value of ["GOLD", "SILVERPLUS", "silver", "BRONZE", undefined]) {
      const out = await runResourcePolicy(classOfService, consoleConnect("c", { classOfService: value }));
      expect(out.violations).toEqual([]);
    }
  });

  it("reports an unknown class", async () => {
    const out = await runResourcePolicy(classOfService, consoleConnect("c", { classOfService: "PLATINUM" }));
    expect(out.violations[0].message).toContain('classOfService "PLATINUM" is not allowed');
    expect(out.violations[0].message).toContain("allowedClassesOfService");
  });

  it("config: allowedClassesOfService changes the outcome", async () => {
    const out = await runResourcePolicy(classOfService, consoleConnect("c"), {
      allowedClassesOfService: ["GOLD", "SILVERPLUS"],
    });
    expect(out.violations[0].message).toContain(
      'classOfService "SILVER" is not allowed (allowed: GOLD, SILVERPLUS)',
    );
  });

  it("unknown class: advisory", async () => {
    const out = await runResourcePolicy(
      classOfService,
      consoleConnect("c", { classOfService: UNKNOWN_VALUE }),
    );
    expect(out.violations).toEqual([]);
    expect(out.advisories[0]).toContain(`classOfService is ${NOT_KNOWN_YET}`);
  });
});
