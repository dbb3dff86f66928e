/**
 * `npm run bench`: what must stay fast, measured rather than asserted in tests.
 * - check and diff run during every `pulumi preview`, once per resource: they should take well under a millisecond.
 * - The serialized provider is built once per resource type per program run.
 * - A create against the emulator shows the provider's own overhead around the HTTP calls.
 */
import { bench, describe } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { runInThisContext } from "node:vm";
import { UNKNOWN } from "../provider/core/dynamic";
import { l2ConnectionProvider } from "../provider/equinix/l2Connection/provider";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  FABRIC_V4_PROFILES,
  startEquinixEmulator,
} from "../emulator/equinix";

const inputs = {
  name: "bench-link",
  // Fabric v4 (the default API): the profile that provisions without the seller's approval.
  profileUuid: FABRIC_V4_PROFILES.bandwidthApproval.uuid,
  sellerMetroCode: "SV",
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: EQUINIX_SEED_PORTS.qinqPrimary.uuid,
  vlanSTag: 100,
  vlanCTag: 101,
  portEncapsulation: "QinQ",
  profileEncapsulation: "Dot1Q",
  secondaryConnection: {
    name: "bench-link-2",
    portUuid: EQUINIX_SEED_PORTS.qinqSecondary.uuid,
    vlanSTag: 100,
    vlanCTag: 102,
  },
  __provider: "x".repeat(2400),
};

describe("preview path (no network)", () => {
  bench("equinix.L2Connection check", async () => {
    await l2ConnectionProvider.check!({}, inputs);
  });
  bench("equinix.L2Connection check with unknowns", async () => {
    await l2ConnectionProvider.check!({}, { ...inputs, portUuid: UNKNOWN, secondaryConnection: UNKNOWN });
  });
  bench("equinix.L2Connection diff", async () => {
    await l2ConnectionProvider.diff!(
      "id",
      { ...inputs, uuid: "id", status: "PROVISIONED" },
      { ...inputs, name: "renamed" },
    );
  });
});

describe("serialization", () => {
  const { L2Connection } = require("pulumi-interconnect").equinix;
  const closure = runInThisContext("(provider) => () => provider")(L2Connection.provider);
  bench("serialize the L2Connection provider", async () => {
    await pulumi.runtime.serializeFunction(closure, { allowSecrets: true });
  });
});

describe("against the emulator", async () => {
  const emulator = await startEquinixEmulator({ port: 0, fabricV4: { instant: true } });
  process.env.EQUINIX_API_ENDPOINT = emulator.url;
  process.env.EQUINIX_API_CLIENTID = EQUINIX_DEMO_CREDENTIALS.clientId;
  process.env.EQUINIX_API_CLIENTSECRET = EQUINIX_DEMO_CREDENTIALS.clientSecret;
  process.env.INTERCONNECT_POLL_MS = "1";
  delete process.env.EQUINIX_API_VERSION;
  let tag = 200;
  bench(
    "create + delete a redundant pair (auto-approved, instant provisioning)",
    async () => {
      tag += 1;
      const created = await l2ConnectionProvider.create({
        ...inputs,
        vlanSTag: tag,
        secondaryConnection: { ...inputs.secondaryConnection, vlanSTag: tag },
      });
      await l2ConnectionProvider.delete!(created.id, created.outs);
    },
    { iterations: 30, time: 0 },
  );
});
