/**
 * The providers against the OVH emulator, through the same environment variables a user sets. Every test starts
 * from the emulator's seed (reset) with fast task steps (50 ms) and polls (50 ms).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OVH_SEED_OTHER_VRACK } from "../../emulator/ovh";
import { ResourceInitError } from "../../provider/core/errors";
import { OvhClient } from "../../provider/ovh/client";
import { datacenterConfigProvider } from "../../provider/ovh/datacenterConfig/provider";
import { datacenterExtraConfigProvider } from "../../provider/ovh/datacenterExtraConfig/provider";
import * as ovh from "../../provider/ovh/lookups";
import { popConfigProvider } from "../../provider/ovh/popConfig/provider";
import { vrackOvhCloudConnectProvider } from "../../provider/ovh/vrackOvhCloudConnect/provider";
import {
  GRA,
  INTERFACE,
  PRIMARY,
  RBX,
  SECONDARY,
  SECONDARY_INTERFACE,
  Testbed,
  VRACK,
  startTestbed,
  useEmulatorEnvironment,
} from "./testbed";

type Props = Record<string, any>;

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.close());
beforeEach(() => bed.running.emulator.reset());

const link = (serviceName = PRIMARY, vrack = VRACK) =>
  vrackOvhCloudConnectProvider.create({ serviceName: vrack, ovhCloudConnect: serviceName });

const l3Pop = (serviceName = PRIMARY, interfaceId = INTERFACE): Props => ({
  serviceName,
  interfaceId,
  type: "l3",
  customerBgpArea: 65005,
  ovhBgpArea: 65006,
  subnet: "10.10.12.0/30",
});

const l3Datacenter = (popId: number, serviceName = PRIMARY): Props => ({
  serviceName,
  popId,
  datacenterId: GRA,
  subnet: "10.0.0.0/28",
});

const staticRoute = (parent: Props): Props => ({
  serviceName: parent.serviceName,
  popId: parent.popId,
  datacenterConfigId: parent.configId,
  type: "network",
  nextHop: "10.0.0.5",
  subnet: "192.168.2.0/24",
});

const bgpSession = (parent: Props): Props => ({
  serviceName: parent.serviceName,
  popId: parent.popId,
  datacenterConfigId: parent.configId,
  type: "bgp",
  bgpNeighborArea: 65010,
  bgpNeighborIp: "10.0.0.6",
});

/** Link, L3 PoP config and L3 datacenter config on the primary service: the base of every L3 flow. */
async function l3Base() {
  await link();
  const pop = await popConfigProvider.create(l3Pop());
  const datacenter = await datacenterConfigProvider.create(l3Datacenter(pop.outs.popId));
  return { pop, datacenter };
}

const posts = () => bed.calls().filter((c) => c.startsWith("POST "));
const deletes = () => bed.calls().filter((c) => c.startsWith("DELETE "));

describe("VrackOvhCloudConnect", () => {
  it("links the service, waits for the vRack task until it vanishes, reads the link and unlinks it", async () => {
    const created = await link();
    expect(created).toEqual({
      id: `${VRACK}/${PRIMARY}`,
      outs: { serviceName: VRACK, ovhCloudConnect: PRIMARY, status: "linked", taskId: expect.any(Number) },
    });
    const calls = bed.calls();
    expect(calls).toContain(`POST /vrack/${VRACK}/ovhCloudConnect`);
    expect(bed.running.emulator.requests.list().find((r) => r.method === "POST")!.body).toEqual({
      ovhCloudConnect: PRIMARY,
    });
    // Polled until the task is gone (404 means done).
    const polls = bed.running.emulator.requests.list().filter((r) => r.path.includes("/task/"));
    expect(polls.at(-1)!.status).toBe(404);
    expect((await bed.state()).services.find((s: Props) => s.uuid === PRIMARY).vrack).toBe(VRACK);

    const read = await vrackOvhCloudConnectProvider.read!(created.id, created.outs);
    expect(read.id).toBe(created.id);
    await vrackOvhCloudConnectProvider.delete!(created.id, created.outs);
    expect((await bed.state()).links[VRACK]).toEqual([SECONDARY]);
  });

  it("refuses a service that is already linked before the POST, and adopts it when asked", async () => {
    const err = await link(SECONDARY).catch((e) => e);
    expect(err.message).toMatch(/already linked to vRack pn-1000001; set adoptId: "pn-1000001\/2b7e9d4c/);
    expect(posts()).toEqual([]);
    const adopted = await vrackOvhCloudConnectProvider.create({
      serviceName: VRACK,
      ovhCloudConnect: SECONDARY,
      adoptId: `${VRACK}/${SECONDARY}`,
    });
    expect(adopted.outs.status).toBe("linked");
    expect(posts()).toEqual([]);
  });

  it("links although allowedServices lists nothing (a caller without the optional IAM action)", async () => {
    await bed.control("PATCH", "/switches", { allowedServicesHidden: true });
    expect(await ovh.getVrackAllowedServices(VRACK)).toEqual([]);
    const created = await link();
    expect(created.outs.status).toBe("linked");
  });

  it("adds what allowedServices shows to a refused link, without asking it before the POST", async () => {
    // A link to the first vRack still running: the service shows no vRack yet, and OVH refuses the second link.
    const slow = await startTestbed({ vrackTaskStepMs: 60_000 });
    try {
      await new OvhClient().link(VRACK, { ovhCloudConnect: PRIMARY });
      slow.running.emulator.requests.clear();
      const err = await link(PRIMARY, OVH_SEED_OTHER_VRACK).catch((e) => e);
      expect(err.message).toMatch(
        new RegExp(
          `HTTP 400: \\[Client::BadRequest\\] The OVHcloud Connect service ${PRIMARY} is already in a vRack: .*` +
            `GET /vrack/${OVH_SEED_OTHER_VRACK}/allowedServices does not list service ${PRIMARY} \\(it lists no ` +
            "OVHcloud Connect service; it only lists services the credentials hold the IAM action " +
            "ovhCloudConnect:apiovh:vrack/attach on\\)",
        ),
      );
      const calls = slow.calls();
      expect(calls.indexOf(`POST /vrack/${OVH_SEED_OTHER_VRACK}/ovhCloudConnect`)).toBeLessThan(
        calls.indexOf(`GET /vrack/${OVH_SEED_OTHER_VRACK}/allowedServices`),
      );
    } finally {
      await slow.close();
      useEmulatorEnvironment(bed.running.endpoint);
    }
  });

  it("reports a link removed outside Pulumi as deleted", async () => {
    const created = await link();
    await bed.control("DELETE", `/vrack/${VRACK}/ovhCloudConnect/${PRIMARY}`);
    expect(await vrackOvhCloudConnectProvider.read!(created.id, created.outs)).toEqual({});
    // Deleting it is then a no-op.
    await vrackOvhCloudConnectProvider.delete!(created.id, created.outs);
  });
});

describe("seed 000 flows", () => {
  it("L2: PoP config and datacenter config, created with the bodies seed 000 describes, then deleted", async () => {
    await link();
    const pop = await popConfigProvider.create({ serviceName: PRIMARY, interfaceId: INTERFACE, type: "l2" });
    expect(pop.outs).toMatchObject({ popId: Number(pop.id), status: "active", type: "l2" });
    const datacenter = await datacenterConfigProvider.create({
      serviceName: PRIMARY,
      popId: pop.outs.popId,
      datacenterId: GRA,
    });
    expect(datacenter.outs).toMatchObject({ configId: Number(datacenter.id), status: "active" });
    const bodies = bed.running.emulator.requests
      .list()
      .filter((r) => r.method === "POST" && r.path.includes("/config/"))
      .map((r) => r.body);
    expect(bodies).toEqual([{ interfaceId: INTERFACE, type: "l2" }, { datacenterId: GRA }]);

    await datacenterConfigProvider.delete!(datacenter.id, datacenter.outs);
    await popConfigProvider.delete!(pop.id, pop.outs);
    const state = await bed.state();
    expect([state.pops, state.datacenters]).toEqual([[], []]);
  });

  it("L3 with a static route: the ASN OVHcloud assigns shows in the outputs", async () => {
    const { pop, datacenter } = await l3Base();
    expect(pop.outs).toMatchObject({ type: "l3", subnet: "10.10.12.0/30", status: "active" });
    expect(datacenter.outs.ovhBgpArea).toEqual(expect.any(Number));
    const route = await datacenterExtraConfigProvider.create(staticRoute(datacenter.outs));
    expect(route.outs).toMatchObject({ extraId: Number(route.id), nextHop: "10.0.0.5", status: "active" });
    const extras = await ovh.getDatacenterExtraConfigs(PRIMARY, pop.outs.popId, datacenter.outs.configId);
    expect(extras.map((e) => e.id)).toEqual([route.outs.extraId]);

    for (const [provider, created] of [
      [datacenterExtraConfigProvider, route],
      [datacenterConfigProvider, datacenter],
      [popConfigProvider, pop],
    ] as const)
      await provider.delete!(created.id, created.outs);
    expect((await bed.state()).extras).toEqual([]);
  });

  it("L3 with a BGP session", async () => {
    const { datacenter } = await l3Base();
    const session = await datacenterExtraConfigProvider.create({
      ...bgpSession(datacenter.outs),
      datacenterSubnet: datacenter.outs.subnet,
    });
    expect(session.outs).toMatchObject({ type: "bgp", bgpNeighborIp: "10.0.0.6", status: "active" });
    const read = await datacenterExtraConfigProvider.read!(session.id, session.outs);
    expect(read.props).toMatchObject({ status: "active", bgpNeighborArea: 65010 });
  });
});

describe("rules the API enforces, checked before the POST", () => {
  it("a datacenter config never holds both a BGP session and a static route", async () => {
    const { datacenter } = await l3Base();
    await datacenterExtraConfigProvider.create(staticRoute(datacenter.outs));
    const before = posts().length;
    const err = await datacenterExtraConfigProvider.create(bgpSession(datacenter.outs)).catch((e) => e);
    expect(err.message).toBe(
      `OVHcloud: type: datacenter config ${datacenter.outs.configId} already has a static route (extra 9000), ` +
        "and a datacenter config holds static routes or BGP sessions, never both",
    );
    expect(posts()).toHaveLength(before);
  });

  it("the next hop lies in the datacenter subnet, read from the API when datacenterSubnet is not given", async () => {
    const { datacenter } = await l3Base();
    const err = await datacenterExtraConfigProvider
      .create({ ...staticRoute(datacenter.outs), nextHop: "10.0.9.5" })
      .catch((e) => e);
    expect(err.message).toMatch(/^OVHcloud: nextHop: must be inside the datacenter subnet 10\.0\.0\.0\/28/);
    expect(posts().filter((p) => p.endsWith("/extra"))).toEqual([]);
  });

  it("datacenterSubnet must be the datacenter config's subnet", async () => {
    const { datacenter } = await l3Base();
    const err = await datacenterExtraConfigProvider
      .create({ ...staticRoute(datacenter.outs), datacenterSubnet: "10.0.0.0/24" })
      .catch((e) => e);
    expect(err.message).toMatch(
      /datacenterSubnet: is 10\.0\.0\.0\/24, but datacenter config \d+ has subnet 10\.0\.0\.0\/28/,
    );
  });

  it("an L2 PoP config takes an L2 datacenter config, and an L3 one an L3 one", async () => {
    await link();
    const pop = await popConfigProvider.create({ serviceName: PRIMARY, interfaceId: INTERFACE, type: "l2" });
    const err = await datacenterConfigProvider.create(l3Datacenter(pop.outs.popId)).catch((e) => e);
    expect(err.message).toMatch(
      /subnet: PoP config \d+ is L2, and an L2 datacenter config takes only datacenterId/,
    );
    expect(posts().filter((p) => p.endsWith("/datacenter"))).toEqual([]);
  });

  it("the service is linked to a vRack first, the interface is one of its own, and free", async () => {
    const unlinked = await popConfigProvider.create(l3Pop()).catch((e) => e);
    expect(unlinked.message).toMatch(/not linked to a vRack, which is the mandatory first step/);
    await link();
    const stranger = await popConfigProvider.create(l3Pop(PRIMARY, 999)).catch((e) => e);
    expect(stranger.message).toMatch(
      /interfaceId: 999 is not an interface of service .*its interfaces are 1234, 1235/,
    );
    const pop = await popConfigProvider.create(l3Pop());
    const taken = await popConfigProvider.create(l3Pop()).catch((e) => e);
    expect(taken.message).toMatch(
      `already has PoP config ${pop.id} (type l3), and an interface takes one; set adoptId`,
    );
    expect(posts().filter((p) => p.endsWith("/config/pop"))).toHaveLength(1);
  });

  it("the datacenter is one the service reaches and can take a configuration", async () => {
    await link();
    const pop = await popConfigProvider.create(l3Pop());
    const unknown = await datacenterConfigProvider
      .create({ ...l3Datacenter(pop.outs.popId), datacenterId: 99 })
      .catch((e) => e);
    expect(unknown.message).toMatch(/datacenterId: 99 is not a datacenter of service .*gra \(6\), rbx \(7\)/);
    const closed = await datacenterConfigProvider
      .create({ ...l3Datacenter(pop.outs.popId), datacenterId: 10 })
      .catch((e) => e);
    expect(closed.message).toMatch(/datacenter waw \(10\) cannot receive a new configuration/);
  });

  it("inputs that were unknown at check are validated again before anything is sent", async () => {
    const err = await popConfigProvider.create({ ...l3Pop(), subnet: "10.10.12.0/29" }).catch((e) => e);
    expect(err.message).toBe(
      "ovh.PopConfig: invalid inputs: subnet must be a /30 (its first address is OVHcloud's end of the BGP session, the second yours)",
    );
    expect(bed.calls()).toEqual([]);
  });
});

describe("deleting a parent deletes its children (one task)", () => {
  it("children turn toDelete, then vanish; deleting them afterwards is a success without a DELETE", async () => {
    const { pop, datacenter } = await l3Base();
    const route = await datacenterExtraConfigProvider.create(staticRoute(datacenter.outs));
    const deleting = popConfigProvider.delete!(pop.id, pop.outs);
    // While the cascade runs, the child is toDelete: its delete waits for it to go, and sends nothing.
    await new Promise((r) => setTimeout(r, 30));
    expect((await bed.state()).extras[0].status).toBe("toDelete");
    await datacenterExtraConfigProvider.delete!(route.id, route.outs);
    await deleting;
    await datacenterConfigProvider.delete!(datacenter.id, datacenter.outs);
    expect(deletes()).toEqual([`DELETE /ovhCloudConnect/${PRIMARY}/config/pop/${pop.id}`]);
    const tasks = (await bed.state()).occTasks.map((t: Props) => t.function);
    expect(tasks.filter((f: string) => f.startsWith("del"))).toEqual(["delPopConfiguration"]);
    expect(await datacenterConfigProvider.read!(datacenter.id, datacenter.outs)).toEqual({});
  });
});

describe("the datacenter config shared by the services of one vRack", () => {
  it("is inherited by the second service, adopted there, and survives the first service's PoP config", async () => {
    const { pop, datacenter } = await l3Base();
    // The secondary service is already in the vRack; its own PoP config makes it see the vRack's datacenters.
    const secondPop = await popConfigProvider.create(l3Pop(SECONDARY, SECONDARY_INTERFACE));
    const inherited = await ovh.getDatacenterConfigs(SECONDARY, secondPop.outs.popId);
    expect(inherited.map((d) => d.id)).toEqual([datacenter.outs.configId]);

    const secondInputs = l3Datacenter(secondPop.outs.popId, SECONDARY);
    const duplicate = await datacenterConfigProvider.create(secondInputs).catch((e) => e);
    expect(duplicate.message).toMatch(
      `datacenter ${GRA} is already configured in this vRack (datacenter config ${datacenter.id}, shared by every`,
    );
    const adopted = await datacenterConfigProvider.create({ ...secondInputs, adoptId: datacenter.id });
    expect(adopted.id).toBe(datacenter.id);

    await popConfigProvider.delete!(pop.id, pop.outs);
    expect(await datacenterConfigProvider.read!(datacenter.id, datacenter.outs)).toEqual({});
    const survivor = await datacenterConfigProvider.read!(adopted.id, adopted.outs);
    expect(survivor.props).toMatchObject({ status: "active", datacenterId: GRA });
    expect((await bed.state()).datacenters).toHaveLength(1);
  });

  it("adoption refuses an object that does not match the inputs", async () => {
    const { datacenter } = await l3Base();
    const err = await datacenterConfigProvider
      .create({ ...l3Datacenter(datacenter.outs.popId), datacenterId: RBX, adoptId: datacenter.id })
      .catch((e) => e);
    expect(err.message).toBe(
      `OVHcloud: adoptId: datacenter config ${datacenter.id} does not match the inputs (datacenterId is 6 there); ` +
        "make the inputs describe it before adopting it",
    );
  });
});

describe("a task that fails", () => {
  for (const status of ["error", "pause", "denied"]) {
    it(`(${status}) leaves a partially created PoP config that the next update resumes`, async () => {
      await link();
      await bed.control("POST", "/tasks/outcome", { status, function: "addPopConfiguration" });
      const inputs = { ...l3Pop(), __provider: "serialized-provider" };
      const err = await popConfigProvider.create(inputs).catch((e) => e);
      expect(err).toBeInstanceOf(ResourceInitError);
      expect(err.id).toBe("1000");
      expect(err.properties).toMatchObject({
        __provider: "serialized-provider",
        popId: 1000,
        status: "init",
      });
      expect(err.reasons[0]).toMatch(
        new RegExp(
          `task \\d+ \\(addPopConfiguration\\) reached ${status}: .*run \`pulumi up\` again to resume`,
        ),
      );
      // Still stopped: the update fails the same way, and keeps the resource.
      const again = await popConfigProvider.update!(err.id, err.properties, inputs).catch((e) => e);
      expect(again).toBeInstanceOf(ResourceInitError);
      // Once OVHcloud resumes the task, the next update finishes the create.
      await bed.control("POST", `/tasks/${err.properties.taskId}/resume`);
      const resumed = await popConfigProvider.update!(err.id, err.properties, inputs);
      expect(resumed.outs).toMatchObject({ popId: 1000, status: "active" });
      expect(posts().filter((p) => p.endsWith("/config/pop"))).toHaveLength(1);
    });
  }

  it("a create that takes longer than its timeout is partial too, and update waits for it", async () => {
    await link();
    const inputs = { ...l3Pop(), timeouts: { create: "10ms" } };
    const err = await popConfigProvider.create(inputs).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.reasons[0]).toMatch(/is still (todo|doing) after/);
    const resumed = await popConfigProvider.update!(err.id, err.properties, {
      ...inputs,
      timeouts: undefined,
    });
    expect(resumed.outs.status).toBe("active");
  });

  it("a delete whose task fails keeps the resource", async () => {
    await link();
    const pop = await popConfigProvider.create(l3Pop());
    await bed.control("POST", "/tasks/outcome", { status: "error", function: "delPopConfiguration" });
    await expect(popConfigProvider.delete!(pop.id, pop.outs)).rejects.toThrow(/reached error/);
  });
});

describe("faults are retried without duplicates", () => {
  it("an answer lost after the PoP config was created (drop-after) does not create a second one", async () => {
    await link();
    bed.running.emulator.faults.add({
      kind: "drop",
      when: "after",
      match: { method: "POST", path: "/config/pop$" },
    });
    const pop = await popConfigProvider.create(l3Pop());
    expect(pop.outs.status).toBe("active");
    expect((await bed.state()).pops).toHaveLength(1);
    expect(posts().filter((p) => p.endsWith("/config/pop"))).toHaveLength(1);
    // It found the object by its interface, and the task that created it.
    expect(pop.outs.taskId).toEqual(expect.any(Number));
  });

  it("a request dropped before it arrived (drop-before) is sent again", async () => {
    const { pop } = await l3Base();
    bed.running.emulator.faults.add({
      kind: "drop",
      when: "before",
      match: { method: "POST", path: "/datacenter$" },
    });
    await datacenterConfigProvider.create({
      ...l3Datacenter(pop.outs.popId),
      datacenterId: RBX,
      subnet: "10.0.1.0/28",
    });
    expect((await bed.state()).datacenters).toHaveLength(2);
  });

  it("503 and 429 on the create and 502 on the task are retried", async () => {
    await link();
    const { faults } = bed.running.emulator;
    faults.add({ kind: "status", status: 503, match: { method: "POST", path: "/config/pop$" } });
    faults.add({
      kind: "status",
      status: 429,
      retryAfter: 0,
      match: { method: "POST", path: "/config/pop$" },
    });
    faults.add({ kind: "status", status: 502, count: 2, match: { method: "GET", path: "/task/" } });
    await popConfigProvider.create(l3Pop());
    expect((await bed.state()).pops).toHaveLength(1);
  });

  it("an answer lost after the vRack link was requested does not link twice", async () => {
    bed.running.emulator.faults.add({
      kind: "drop",
      when: "after",
      match: { method: "POST", path: "/vrack/" },
    });
    const created = await link();
    expect(created.outs.status).toBe("linked");
    expect(posts()).toHaveLength(1);
  });
});

describe("authentication", () => {
  it("a wrong application secret is refused with OVH's INVALID_SIGNATURE, the request id and what to fix", async () => {
    const saved = process.env.OVH_APPLICATION_SECRET;
    process.env.OVH_APPLICATION_SECRET = "not-the-application-secret";
    try {
      const err = await ovh.getService(PRIMARY).catch((e) => e);
      expect(err.message).toMatch(
        /^OVHcloud API call GET \/ovhCloudConnect\/8f3c.* failed with HTTP 400: \[INVALID_SIGNATURE\] Invalid signature: request id EU\.ext-emu\.\S+\. OVHcloud refused the request signature/,
      );
      expect(err.message).not.toContain("not-the-application-secret");
    } finally {
      process.env.OVH_APPLICATION_SECRET = saved;
    }
  });

  it("a consumer key OVH does not know is refused with INVALID_CREDENTIAL", async () => {
    const saved = process.env.OVH_CONSUMER_KEY;
    process.env.OVH_CONSUMER_KEY = "unknown-consumer-key";
    try {
      await expect(ovh.getService(PRIMARY)).rejects.toThrow(
        /HTTP 403: \[INVALID_CREDENTIAL\].*credentials were refused/,
      );
    } finally {
      process.env.OVH_CONSUMER_KEY = saved;
    }
  });

  it("signs with the server's clock, fetched once per process", async () => {
    const skewed = await startTestbed();
    try {
      skewed.running.emulator.clock.advance(2 * 3600_000);
      await ovh.getService(PRIMARY);
      await ovh.getInterfaces(PRIMARY);
      expect(skewed.calls().filter((c) => c === "GET /auth/time")).toHaveLength(1);
      // The offset is not fetched again: a server clock that jumps later makes OVH refuse the timestamp.
      skewed.running.emulator.clock.advance(3600_000);
      await expect(ovh.getService(PRIMARY)).rejects.toThrow(/\[QUERY_TIME_OUT\] Query out of time/);
    } finally {
      await skewed.close();
      process.env.OVH_ENDPOINT = bed.running.endpoint;
    }
  });

  it("takes an OAuth2 service account instead of the application key", async () => {
    const saved = { ...process.env };
    delete process.env.OVH_APPLICATION_KEY;
    delete process.env.OVH_APPLICATION_SECRET;
    delete process.env.OVH_CONSUMER_KEY;
    process.env.OVH_CLIENT_ID = "demo-ovh-service-account";
    process.env.OVH_CLIENT_SECRET = "demo-ovh-service-account-secret";
    try {
      expect((await ovh.getService(PRIMARY)).uuid).toBe(PRIMARY);
      await link();
      expect(bed.calls().filter((c) => c === "POST /auth/oauth2/token")).toHaveLength(1);
      process.env.OVH_CLIENT_ID = "someone-else";
      await expect(ovh.getService(PRIMARY)).rejects.toThrow(
        /\[invalid_client\].*service account was refused/,
      );
    } finally {
      process.env = saved;
    }
  });
});

describe("OAuth2 token", () => {
  it("retries the token call like any other after 429, 5xx, resets and timeouts (fault matrix: oauth2 token)", async () => {
    const fresh = await startTestbed();
    const saved = { ...process.env };
    delete process.env.OVH_APPLICATION_KEY;
    delete process.env.OVH_APPLICATION_SECRET;
    delete process.env.OVH_CONSUMER_KEY;
    process.env.OVH_CLIENT_ID = "demo-ovh-service-account";
    process.env.OVH_CLIENT_SECRET = "demo-ovh-service-account-secret";
    process.env.OVH_API_TIMEOUT = "0.5";
    try {
      const faults = fresh.running.emulator.faults;
      const match = { method: "POST", path: "^/auth/oauth2/token$" };
      faults.add({ kind: "status", status: 503, match });
      faults.add({ kind: "drop", when: "before", match });
      faults.add({ kind: "delay", ms: 1_000, match });
      // Three token calls fail (the slow one is answered after the client gave up), the fourth is the token.
      expect((await ovh.getService(PRIMARY)).uuid).toBe(PRIMARY);
      expect(faults.list()).toEqual([]);
    } finally {
      process.env = saved;
      await fresh.close();
      useEmulatorEnvironment(bed.running.endpoint);
    }
  });
});

describe("read", () => {
  it("reports drift: the API's values replace the stored inputs, so the next diff replaces", async () => {
    const { datacenter } = await l3Base();
    await bed.control("PATCH", `/configs/datacenter/${datacenter.id}`, { subnet: "10.0.8.0/28" });
    const read = await datacenterConfigProvider.read!(datacenter.id, datacenter.outs);
    expect(read.props).toMatchObject({ subnet: "10.0.8.0/28" });
    expect(read.inputs).toMatchObject({ subnet: "10.0.8.0/28" });
    expect(read.inputs).not.toHaveProperty("configId");
    const diff = await datacenterConfigProvider.diff!(
      datacenter.id,
      read.props!,
      l3Datacenter(datacenter.outs.popId),
    );
    expect(diff.replaces).toEqual(["subnet"]);
  });

  it("reports a configuration deleted outside Pulumi, or being deleted, as gone", async () => {
    const { pop, datacenter } = await l3Base();
    await bed.control("PATCH", `/configs/datacenter/${datacenter.id}`, { status: "toDelete" });
    expect(await datacenterConfigProvider.read!(datacenter.id, datacenter.outs)).toEqual({});
    await bed.control("DELETE", `/configs/pop/${pop.id}`);
    expect(await popConfigProvider.read!(pop.id, pop.outs)).toEqual({});
  });

  it("adopts an existing PoP config by id, with no POST", async () => {
    await link();
    const pop = await popConfigProvider.create(l3Pop());
    const before = posts().length;
    const adopted = await popConfigProvider.create({ ...l3Pop(), adoptId: pop.id });
    expect(adopted).toEqual({ id: pop.id, outs: { ...pop.outs, adoptId: pop.id, taskId: undefined } });
    expect(posts()).toHaveLength(before);
  });
});

describe("lookups", () => {
  it("show the service, its interfaces with light status, its datacenters, and the vRack's services", async () => {
    expect(await ovh.getService(PRIMARY)).toMatchObject({
      uuid: PRIMARY,
      vrack: null,
      interfaceList: [1234, 1235],
    });
    const [first] = await ovh.getInterfaces(PRIMARY);
    expect(first).toMatchObject({ id: 1234, incomingLightStatus: "up", incomingLightValue: -2.1 });
    expect((await ovh.getDatacenters(PRIMARY)).map((d) => d.name)).toEqual([
      "gra",
      "rbx",
      "sbg",
      "par",
      "waw",
    ]);
    expect((await ovh.getDatacenter(PRIMARY, "EU-WEST-PAR")).id).toBe(9);
    await expect(ovh.getDatacenter(PRIMARY, "bhs")).rejects.toThrow(
      /no datacenter named "bhs"; .*waw \(not available\)/,
    );
    expect(await ovh.getVrackAllowedServices(VRACK)).toEqual([PRIMARY]);
    expect(await ovh.getVrackOvhCloudConnects(VRACK)).toEqual([SECONDARY]);
    expect(await ovh.getPopConfigs(PRIMARY)).toEqual([]);
  });
});

describe("a vRack link that did not finish", () => {
  it("is destroyed for good: delete waits for the pending link task before unlinking", async () => {
    // Its own emulator, with vRack tasks slow enough that the link is still pending when delete runs.
    const slow = await startTestbed({ vrackTaskStepMs: 400 });
    try {
      const err = await vrackOvhCloudConnectProvider
        .create({ serviceName: VRACK, ovhCloudConnect: PRIMARY, timeouts: { create: "10ms" } })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ResourceInitError);
      expect(err.reasons[0]).toMatch(/vRack task \d+ \(addOvhCloudConnectToVrack\) is still/);
      await vrackOvhCloudConnectProvider.delete!(err.id, err.properties);
      // Long enough for a task still pending to have linked the service.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await slow.state()).links[VRACK] ?? []).not.toContain(PRIMARY);
    } finally {
      await slow.close();
      useEmulatorEnvironment(bed.running.endpoint);
    }
  });
});
