/**
 * The providers must not depend on what the OVH emulator invents: every test of provider.emulator.test.ts runs
 * again here against an emulator with all its invented rules off (OVH_INVENTED_RULES), then seed 000's whole
 * lifecycle does.
 */
import "./inventedRulesOff";
import "./provider.emulator.test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datacenterConfigProvider } from "../../provider/ovh/datacenterConfig/provider";
import { datacenterExtraConfigProvider } from "../../provider/ovh/datacenterExtraConfig/provider";
import { popConfigProvider } from "../../provider/ovh/popConfig/provider";
import { vrackOvhCloudConnectProvider } from "../../provider/ovh/vrackOvhCloudConnect/provider";
import {
  GRA,
  INTERFACE,
  PRIMARY,
  SECONDARY,
  Testbed,
  VRACK,
  startTestbed,
  useEmulatorEnvironment,
} from "./testbed";

describe("seed 000, the whole lifecycle, with the invented rules off", () => {
  let bed: Testbed;
  let endpoint: string | undefined;
  beforeAll(async () => {
    endpoint = process.env.OVH_ENDPOINT;
    bed = await startTestbed({ inventedRules: false });
  });
  afterAll(async () => {
    await bed.close();
    if (endpoint) useEmulatorEnvironment(endpoint);
  });

  it("links, configures L2, then L3 with a static route, deletes leaf first and unlinks", async () => {
    const switches = await bed.control("GET", "/switches");
    expect(Object.values(switches.rules).every((on) => on === false)).toBe(true);

    // Step 1: the vRack link.
    const link = await vrackOvhCloudConnectProvider.create({ serviceName: VRACK, ovhCloudConnect: PRIMARY });
    expect(link.outs.status).toBe("linked");

    // Steps 2 and 3 in L2: PoP config, datacenter config; then the whole configuration deleted.
    const l2Pop = await popConfigProvider.create({
      serviceName: PRIMARY,
      interfaceId: INTERFACE,
      type: "l2",
    });
    const l2Datacenter = await datacenterConfigProvider.create({
      serviceName: PRIMARY,
      popId: l2Pop.outs.popId,
      datacenterId: GRA,
    });
    expect([l2Pop.outs.status, l2Datacenter.outs.status]).toEqual(["active", "active"]);
    await datacenterConfigProvider.delete!(l2Datacenter.id, l2Datacenter.outs);
    await popConfigProvider.delete!(l2Pop.id, l2Pop.outs);

    // The same in L3, with a static route (extra configuration).
    const pop = await popConfigProvider.create({
      serviceName: PRIMARY,
      interfaceId: INTERFACE,
      type: "l3",
      customerBgpArea: 65005,
      ovhBgpArea: 65006,
      subnet: "10.10.12.0/30",
    });
    const datacenter = await datacenterConfigProvider.create({
      serviceName: PRIMARY,
      popId: pop.outs.popId,
      datacenterId: GRA,
      subnet: "10.0.0.0/28",
    });
    const route = await datacenterExtraConfigProvider.create({
      serviceName: PRIMARY,
      popId: pop.outs.popId,
      datacenterConfigId: datacenter.outs.configId,
      type: "network",
      nextHop: "10.0.0.5",
      subnet: "192.168.2.0/24",
    });
    expect(route.outs.status).toBe("active");
    for (const [provider, created] of [
      [datacenterExtraConfigProvider, route],
      [datacenterConfigProvider, datacenter],
      [popConfigProvider, pop],
    ] as const) {
      expect((await provider.read!(created.id, created.outs)).id).toBe(created.id);
      await provider.delete!(created.id, created.outs);
      expect(await provider.read!(created.id, created.outs)).toEqual({});
    }
    await vrackOvhCloudConnectProvider.delete!(link.id, link.outs);

    const state = await bed.state();
    expect([state.pops, state.datacenters, state.extras]).toEqual([[], [], []]);
    expect(state.links[VRACK]).toEqual([SECONDARY]);
    // No write was refused (the only errors are the 404s of reads: finished vRack tasks, deleted objects).
    const refused = bed.running.emulator.requests.list().filter((r) => r.status >= 400 && r.method !== "GET");
    expect(refused).toEqual([]);
  });
});
