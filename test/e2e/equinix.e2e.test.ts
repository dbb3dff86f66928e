/**
 * equinix.L2Connection through the real Pulumi CLI against the Equinix emulator, on Equinix Fabric v4 (the
 * default): preview without API calls, up with the seller's approval visible, refresh of drift and of out-of-band
 * deletion, in-place renames and bandwidth changes (one with the seller's approval of the change) versus
 * replacements, destroy, partial state after a rejection, a time-out or a refused secondary, and a state free of
 * credentials. A smaller suite keeps ECX v3 (`interconnect:equinixApiVersion: v3`) tested through the engine.
 *
 * Out-of-band changes are made as someone in the portal would: with the buyer's own Fabric v4 API calls. The
 * seller's decisions go through the emulator's control endpoints (/__emulator/equinix/v4/connections/{uuid}/…).
 */
import axios, { AxiosInstance, Method } from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  FABRIC_V4_PROFILES,
  FabricV4Options,
  startEquinixEmulator,
} from "../../emulator/equinix";
import { PulumiProject, resourcesOfType } from "./harness";

const TYPE = "pulumi-nodejs:dynamic/equinix:L2Connection";
const AUTH_KEY = "seller-authorization-key-7731";
/** How the Pulumi passphrase provider marks a secret in `pulumi stack export`. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const { generic, bandwidthApproval } = FABRIC_V4_PROFILES;
const PORTS = EQUINIX_SEED_PORTS;

/** The program under test: every value the tests change comes from stack config. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const name = config.get("name") ?? "e2e-link";
const vlanSTag = config.getNumber("vlanSTag") ?? 873;

const link = new equinix.L2Connection("link", {
  name,
  profileUuid: config.require("profileUuid"),
  speed: config.getNumber("speed") ?? 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  authorizationKey: config.getSecret("authorizationKey"),
  sellerMetroCode: "SV",
  portUuid: "${PORTS.dot1qPrimary.uuid}",
  vlanSTag,
  secondaryConnection: { name: name + "-2", portUuid: "${PORTS.dot1qSecondary.uuid}", vlanSTag },
  portEncapsulation: "Dot1Q",
  profileEncapsulation: "Dot1Q",
  timeouts: { create: config.get("createTimeout") ?? "2m" },
});

export const uuid = link.uuid;
export const apiVersion = link.apiVersion;
export const status = link.status;
export const state = link.state;
export const zSide = link.zSide;
export const secondary = link.secondary;
export const connectionName = link.name;
export const speed = link.speed;
`;

type Emulator = Awaited<ReturnType<typeof startEquinixEmulator>>;
type Connection = Record<string, any>;
type Logged = { method: string; path: string; status: number; body?: any };

interface Setup {
  emulator: Emulator;
  project: PulumiProject;
  control: AxiosInstance;
  /** The buyer's own Fabric v4 calls, as the portal (or a colleague's script) makes them. */
  buyer: (method: Method, path: string, body?: unknown) => Promise<any>;
}

async function setup(
  name: string,
  emulatorOptions: Parameters<typeof startEquinixEmulator>[0],
  profileUuid = generic.uuid,
): Promise<Setup> {
  const emulator = await startEquinixEmulator({ port: 0, ...emulatorOptions });
  const project = await PulumiProject.create(
    name,
    { source: PROGRAM },
    {
      EQUINIX_API_ENDPOINT: emulator.url,
      EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
      EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    },
  );
  await project.config("profileUuid", profileUuid);
  await project.config("authorizationKey", AUTH_KEY, true);
  const control = axios.create({ baseURL: `${emulator.url}/__emulator` });
  return { emulator, project, control, buyer: buyerApi(emulator.url) };
}

function buyerApi(url: string): Setup["buyer"] {
  let token: string | undefined;
  return async (method, path, body) => {
    token ??= (
      await axios.post(`${url}/oauth2/v1/token`, {
        grant_type: "client_credentials",
        client_id: EQUINIX_DEMO_CREDENTIALS.clientId,
        client_secret: EQUINIX_DEMO_CREDENTIALS.clientSecret,
      })
    ).data.access_token;
    const contentType = method.toUpperCase() === "PATCH" ? "application/json-patch+json" : "application/json";
    const answer = await axios.request({
      method,
      url: `${url}${path}`,
      data: body,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": contentType }),
      },
      validateStatus: () => true,
    });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.data)}`);
    return answer.data;
  };
}

/** Every Fabric v4 connection the emulator holds, deleted ones included. */
async function v4Connections(control: AxiosInstance): Promise<Connection[]> {
  return (await control.get("/equinix/v4/connections")).data;
}
const isLive = (c: Connection) => !["DEPROVISIONING", "DEPROVISIONED"].includes(c.state);
const byUuid = async (control: AxiosInstance, uuid: string) =>
  (await v4Connections(control)).find((c) => c.uuid === uuid)!;

async function requests(control: AxiosInstance): Promise<Logged[]> {
  return (await control.get("/requests")).data;
}
/** Calls to the vendor API (the token endpoint aside). */
async function vendorCalls(control: AxiosInstance): Promise<Logged[]> {
  return (await requests(control)).filter((r) => !r.path.startsWith("/oauth2"));
}
/** Connection POSTs the API accepted (201). */
async function createdPosts(control: AxiosInstance): Promise<Logged[]> {
  return (await requests(control)).filter(
    (r) => r.method === "POST" && r.path === "/fabric/v4/connections" && r.status === 201,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * As the seller: once `count` connections await it (both legs of a pair, so that a secondary is never POSTed into
 * an already rejected group), approves or rejects each of them (bounded).
 */
async function sellerDecides(
  control: AxiosInstance,
  verdict: "approve" | "reject",
  count: number,
  reason?: string,
): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const pending = (await v4Connections(control)).filter(
      (c) => c.operation?.equinixStatus === "PENDING_APPROVAL",
    );
    if (pending.length >= count) {
      for (const c of pending)
        await control.post(`/equinix/v4/connections/${c.uuid}/${verdict}`, reason ? { reason } : {});
      return;
    }
    await pause(100);
  }
  throw new Error(`${count} connections never awaited the seller together`);
}

/** Waits until the emulator shows the connection in one of these states (bounded). */
async function untilState(control: AxiosInstance, uuid: string, states: string[]): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (states.includes((await byUuid(control, uuid)).state)) return;
    await pause(100);
  }
  throw new Error(`connection ${uuid} never reached ${states.join(" or ")}`);
}

/** Timings short enough for tests; the seller's approval stays visible. */
const FAST: FabricV4Options = { provisioningMs: 300, deprovisioningMs: 300, updateMs: 300 };

describe("equinix.L2Connection on Fabric v4 through the Pulumi CLI", { timeout: 300_000 }, () => {
  let s: Setup;

  beforeAll(async () => {
    // The seller approves by itself 1.5 s after each request, while `pulumi up` waits and shows it.
    s = await setup("equinix-v4", { fabricV4: { ...FAST, sellerApproval: { autoAfterMs: 1500 } } });
  });
  afterAll(async () => {
    await s?.emulator.close();
    s?.project.remove();
  });

  it("fails preview on a v4-only rule, naming the property and the rule, without calling the API", async () => {
    // 4093 is a valid tag on ECX v3, not on Fabric v4.
    await s.project.config("vlanSTag", "4093");
    const preview = await s.project.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/vlanSTag/);
    expect(preview.output).toMatch(/VLAN tags range from 2 to 4092 on Equinix Fabric v4/);
    expect(await requests(s.control)).toEqual([]);
    await s.project.config("vlanSTag", "873");
  });

  it("previews the create without calling the API", async () => {
    const preview = await s.project.preview();
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/\+ pulumi-nodejs:dynamic\/equinix:L2Connection|\+ .*link.*create/);
    expect(preview.output).toMatch(/2 to create/);
    expect(await requests(s.control)).toEqual([]);
  });

  it("creates the pair with one POST per leg and shows the seller's approval wait", async () => {
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(
      /Equinix connection "e2e-link" \(primary [0-9a-f-]{36}\): PENDING_APPROVAL \(\d+s\): waiting for the seller to approve the connection/,
    );
    expect(up.output).toMatch(/Equinix connection "e2e-link-2" \(secondary [0-9a-f-]{36}\): .*→ PROVISIONED/);
    // Nothing the person running `pulumi up` sees carries a credential.
    for (const secret of [EQUINIX_DEMO_CREDENTIALS.clientSecret, AUTH_KEY])
      expect(up.output).not.toContain(secret);

    const outputs = await s.project.outputs();
    expect(outputs).toMatchObject({
      apiVersion: "v4",
      status: "PROVISIONED",
      state: "PROVISIONED",
      zSide: { portUuid: expect.any(String), vlanTag: expect.any(Number) },
      secondary: { status: "PROVISIONED", state: "PROVISIONED", zSide: { vlanTag: expect.any(Number) } },
    });
    const live = (await v4Connections(s.control)).filter(isLive);
    expect(live.map((c) => c.uuid).sort()).toEqual([outputs.uuid, (outputs.secondary as any).uuid].sort());

    const posts = await createdPosts(s.control);
    expect(posts.map((p) => p.body.redundancy.priority)).toEqual(["PRIMARY", "SECONDARY"]);
    expect(posts[1].body.redundancy.group).toBe(live[0].redundancy.group);
    expect(posts[0].body.aSide.accessPoint.linkProtocol).toEqual({ type: "DOT1Q", vlanTag: 873 });
    // Fabric v4 only: nothing went to the ECX v3 API, and nothing listed the account.
    expect((await requests(s.control)).some((r) => r.path.startsWith("/ecx/"))).toBe(false);
    expect((await requests(s.control)).some((r) => r.path.endsWith("/search"))).toBe(false);
  });

  it("shows an out-of-band rename on refresh, and puts the name back in place", async () => {
    const { uuid } = await s.project.outputs();
    await s.buyer("PATCH", `/fabric/v4/connections/${uuid}`, [
      { op: "replace", path: "/name", value: "renamed-in-portal" },
    ]);
    const refresh = await s.project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/link +updated .*\[diff: ~name\]|~ .*link.*\[diff: ~name\]/);
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/1 updated/);
    expect((await byUuid(s.control, uuid as string)).name).toBe("e2e-link");
  });

  it("renames in place (seed 001: John_Demo_Connection) with JSON-patch: same connections, no replacement", async () => {
    const before = await s.project.outputs();
    await s.control.delete("/requests");
    await s.project.config("name", "John_Demo_Connection");
    const preview = await s.project.preview();
    expect(preview.output).toMatch(/1 to update/);
    expect(preview.output).not.toMatch(/replace/);
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    const after = await s.project.outputs();
    expect(after.uuid).toBe(before.uuid);
    expect((after.secondary as any).uuid).toBe((before.secondary as any).uuid);
    expect(after.connectionName).toBe("John_Demo_Connection");
    const patches = (await vendorCalls(s.control)).filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.body)).toEqual([
      [{ op: "replace", path: "/name", value: "John_Demo_Connection" }],
      [{ op: "replace", path: "/name", value: "John_Demo_Connection-2" }],
    ]);
    expect((await byUuid(s.control, before.uuid as string)).name).toBe("John_Demo_Connection");
  });

  it("changes the bandwidth of both legs in place", async () => {
    const before = await s.project.outputs();
    await s.control.delete("/requests");
    await s.project.config("speed", "100");
    const preview = await s.project.preview();
    expect(preview.output).toMatch(/1 to update/);
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/bandwidth 50 → 100 Mbps/);
    const after = await s.project.outputs();
    expect(after).toMatchObject({ uuid: before.uuid, speed: 100 });
    const patches = (await vendorCalls(s.control)).filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.body)).toEqual([
      [{ op: "replace", path: "/bandwidth", value: 100 }],
      [{ op: "replace", path: "/bandwidth", value: 100 }],
    ]);
    const live = (await v4Connections(s.control)).filter(isLive);
    expect(live.map((c) => c.bandwidth)).toEqual([100, 100]);
  });

  it("replaces on a VLAN change: a new pair, the old one deprovisioned", async () => {
    const before = await s.project.outputs();
    await s.project.config("vlanSTag", "874");
    const preview = await s.project.preview();
    expect(preview.output).toMatch(/1 to replace/);
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    const after = await s.project.outputs();
    expect(after.uuid).not.toBe(before.uuid);
    expect((await byUuid(s.control, before.uuid as string)).state).toBe("DEPROVISIONED");
    expect((await byUuid(s.control, (before.secondary as any).uuid)).state).toBe("DEPROVISIONED");
    expect((await byUuid(s.control, after.uuid as string)).state).toBe("PROVISIONED");
  });

  it("keeps credentials and the authorization key out of the output and the state", async () => {
    const text = await s.project.exportText();
    expect(text).not.toContain(EQUINIX_DEMO_CREDENTIALS.clientSecret);
    expect(text).not.toContain(AUTH_KEY);
    const [link] = resourcesOfType(await s.project.exportState(), TYPE);
    const providerText = String(link.outputs!.__provider);
    expect(providerText.length).toBeLessThan(4096);
    expect(providerText).not.toContain(s.emulator.url);
    // The authorization key is stored, but only as a secret (inputs and outputs).
    expect(JSON.stringify(link.outputs!.authorizationKey)).toContain(SECRET_SIGNATURE);
    expect(JSON.stringify(link.inputs!.authorizationKey)).toContain(SECRET_SIGNATURE);
    // `pulumi stack output` without --show-secrets, as in a CI log.
    const shown = await s.project.ok(["stack", "output", "--json"]);
    expect(shown.stdout).not.toContain(AUTH_KEY);
  });

  it("keeps half a pair deleted outside Pulumi, and replaces it on the next up", async () => {
    const before = await s.project.outputs();
    await s.buyer("DELETE", `/fabric/v4/connections/${before.uuid}`);
    const refresh = await s.project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    const preview = await s.project.preview();
    expect(preview.output).toMatch(/1 to replace/);
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    const after = await s.project.outputs();
    expect(after.uuid).not.toBe(before.uuid);
    expect(after).toMatchObject({ status: "PROVISIONED", secondary: { status: "PROVISIONED" } });
    // The surviving secondary was deleted, not orphaned.
    expect((await byUuid(s.control, (before.secondary as any).uuid)).state).toBe("DEPROVISIONED");
    expect((await v4Connections(s.control)).filter(isLive)).toHaveLength(2);
  });

  it("forgets a pair deleted outside Pulumi on refresh", async () => {
    const { uuid, secondary } = await s.project.outputs();
    await s.buyer("DELETE", `/fabric/v4/connections/${uuid}`);
    await s.buyer("DELETE", `/fabric/v4/connections/${(secondary as any).uuid}`);
    const refresh = await s.project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/deleted/);
    expect(resourcesOfType(await s.project.exportState(), TYPE)).toHaveLength(0);
  });

  it("destroys what it created and leaves the emulator with nothing live", async () => {
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    const destroy = await s.project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
    expect(destroy.output).toMatch(/→ DEPROVISIONED/);
    expect((await v4Connections(s.control)).filter((c) => c.state !== "DEPROVISIONED")).toEqual([]);
    expect(resourcesOfType(await s.project.exportState(), TYPE)).toHaveLength(0);
  });
});

describe(
  "equinix.L2Connection partial state on Fabric v4 through the Pulumi CLI",
  { timeout: 300_000 },
  () => {
    let s: Setup;

    beforeAll(async () => {
      // The seller decides only when the test says so.
      s = await setup("equinix-v4-partial", { fabricV4: { ...FAST, sellerApproval: "manual" } });
    });
    afterAll(async () => {
      await s?.emulator.close();
      s?.project.remove();
    });

    it("fails up on a rejection with the seller's reason, records the pair, and replaces it next time", async () => {
      const [up] = await Promise.all([
        s.project.up(),
        sellerDecides(s.control, "reject", 2, "VLAN 873 is reserved on our side"),
      ]);
      expect(up.code).not.toBe(0);
      expect(up.output).toMatch(/reached REJECTED: .*VLAN 873 is reserved on our side/);
      expect(up.output).toMatch(/the next `pulumi up` replaces it/);
      const [link] = resourcesOfType(await s.project.exportState(), TYPE);
      const rejected = (await v4Connections(s.control)).find((c) => c.redundancy.priority === "PRIMARY")!;
      expect(link.id).toBe(rejected.uuid);
      expect(link.initErrors?.join(" ")).toMatch(/REJECTED/);

      // The next `pulumi up` replaces the rejected pair: one new pair, approved this time.
      const preview = await s.project.preview();
      expect(preview.output).toMatch(/1 to replace/);
      const [again] = await Promise.all([s.project.up(), sellerDecides(s.control, "approve", 2)]);
      expect(again.code, again.output).toBe(0);
      expect(again.output).toMatch(/1 replaced/);
      expect(await createdPosts(s.control)).toHaveLength(4);
      expect(await s.project.outputs()).toMatchObject({
        status: "PROVISIONED",
        secondary: { status: "PROVISIONED" },
      });
      const destroy = await s.project.destroy();
      expect(destroy.code, destroy.output).toBe(0);
    });

    it("records a create that timed out waiting for the seller; the next up finishes the same pair without a POST", async () => {
      await s.control.delete("/requests");
      await s.project.config("createTimeout", "3s");
      const up = await s.project.up();
      expect(up.code).not.toBe(0);
      expect(up.output).toMatch(/still PENDING_APPROVAL after 3s/);
      expect(up.output).toMatch(/once the seller has approved it, run `pulumi up` again/);
      const [link] = resourcesOfType(await s.project.exportState(), TYPE);
      expect(link.initErrors?.length).toBeGreaterThan(0);
      expect(await createdPosts(s.control)).toHaveLength(2);

      await sellerDecides(s.control, "approve", 2);
      const again = await s.project.up();
      expect(again.code, again.output).toBe(0);
      const outputs = await s.project.outputs();
      expect(outputs).toMatchObject({
        uuid: link.id,
        status: "PROVISIONED",
        secondary: { status: "PROVISIONED" },
      });
      expect(await createdPosts(s.control)).toHaveLength(2);
      expect(resourcesOfType(await s.project.exportState(), TYPE)[0].initErrors ?? []).toEqual([]);
      const destroy = await s.project.destroy();
      expect(destroy.code, destroy.output).toBe(0);
      await s.project.config("createTimeout", "2m");
    });

    it("records the primary when the secondary's POST is refused; the next up creates only the secondary", async () => {
      await s.control.delete("/requests");
      // Someone else's connection holds VLAN 873 on the secondary port (a profile that provisions by itself).
      const blocker = await s.buyer("POST", "/fabric/v4/connections", {
        type: "EVPL_VC",
        name: "blocker",
        bandwidth: 50,
        redundancy: { priority: "PRIMARY" },
        notifications: [{ type: "ALL", emails: ["noc@example.com"] }],
        aSide: {
          accessPoint: {
            type: "COLO",
            port: { uuid: PORTS.dot1qSecondary.uuid },
            linkProtocol: { type: "DOT1Q", vlanTag: 873 },
          },
        },
        zSide: {
          accessPoint: {
            type: "SP",
            profile: { type: "L2_PROFILE", uuid: bandwidthApproval.uuid },
            location: { metroCode: "SV" },
          },
        },
      });
      const up = await s.project.up();
      expect(up.code).not.toBe(0);
      expect(up.output).toMatch(/EQ-3142102/);
      expect(up.output).toMatch(/The VLAN tag is already in use on that port/);
      expect(up.output).toMatch(/creates only the missing secondary/);
      const [link] = resourcesOfType(await s.project.exportState(), TYPE);
      expect(link.outputs).toMatchObject({ apiVersion: "v4", uuid: link.id });
      expect(link.outputs!.secondary).toBeUndefined();

      // The tag is freed once the blocker is deprovisioned; the seller approves both legs as they come.
      await untilState(s.control, blocker.uuid, ["PROVISIONED"]);
      await s.buyer("DELETE", `/fabric/v4/connections/${blocker.uuid}`);
      await untilState(s.control, blocker.uuid, ["DEPROVISIONED"]);
      const [again] = await Promise.all([s.project.up(), sellerDecides(s.control, "approve", 2)]);
      expect(again.code, again.output).toBe(0);
      const outputs = await s.project.outputs();
      expect(outputs).toMatchObject({
        uuid: link.id,
        status: "PROVISIONED",
        secondary: { status: "PROVISIONED" },
      });
      // blocker, primary, secondary: the primary was not created twice.
      expect((await createdPosts(s.control)).map((p) => p.body.name)).toEqual([
        "blocker",
        "e2e-link",
        "e2e-link-2",
      ]);
      const destroy = await s.project.destroy();
      expect(destroy.code, destroy.output).toBe(0);
      expect((await v4Connections(s.control)).filter(isLive)).toEqual([]);
    });
  },
);

describe("a bandwidth increase the seller approves, through the Pulumi CLI", { timeout: 300_000 }, () => {
  let s: Setup;

  beforeAll(async () => {
    // This profile provisions by itself, but its seller approves every bandwidth increase (after 1.5 s here).
    s = await setup(
      "equinix-v4-bandwidth",
      { fabricV4: { ...FAST, sellerApproval: { autoAfterMs: 1500 } } },
      bandwidthApproval.uuid,
    );
  });
  afterAll(async () => {
    await s?.emulator.close();
    s?.project.remove();
  });

  it("waits visibly for the seller to approve the change, then records the new bandwidth", async () => {
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).not.toMatch(/waiting for the seller/);
    await s.project.config("speed", "200");
    const change = await s.project.up();
    expect(change.code, change.output).toBe(0);
    expect(change.output).toMatch(
      /Equinix connection "e2e-link" \(primary [0-9a-f-]{36}\): bandwidth 50 → 200 Mbps: SUBMITTED_FOR_APPROVAL \(\d+s\): waiting for the seller to approve the change/,
    );
    expect(await s.project.outputs()).toMatchObject({ speed: 200, status: "PROVISIONED" });
    expect((await v4Connections(s.control)).filter(isLive).map((c) => c.bandwidth)).toEqual([200, 200]);
    const destroy = await s.project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
  });
});

describe("equinix.L2Connection on ECX v3 through the Pulumi CLI", { timeout: 300_000 }, () => {
  let s: Setup;

  beforeAll(async () => {
    // ECX v3 timings (the v3 side of the emulator); the same program, the v3 approval profile (same uuid).
    s = await setup("equinix-v3", { approvalDelayMs: 1000, provisioningMs: 300, deprovisioningMs: 300 });
    await s.project.config("interconnect:equinixApiVersion", "v3");
  });
  afterAll(async () => {
    await s?.emulator.close();
    s?.project.remove();
  });

  const v3Connections = async (): Promise<Connection[]> => (await s.control.get("/equinix/connections")).data;

  it("creates the pair with one v3 request, renames it in place, and destroys it", async () => {
    const up = await s.project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/PENDING_APPROVAL .*waiting for the seller to approve/);
    const created = await s.project.outputs();
    expect(created).toMatchObject({ apiVersion: "v3", status: "PROVISIONED" });
    expect(created.state).toBeUndefined();
    const posts = (await vendorCalls(s.control)).filter((r) => r.method === "POST");
    expect(posts.map((p) => p.path)).toEqual(["/ecx/v3/l2/connections"]);
    expect((await vendorCalls(s.control)).some((r) => r.path.startsWith("/fabric/"))).toBe(false);

    await s.project.config("name", "John_Demo_Connection");
    const rename = await s.project.up();
    expect(rename.code, rename.output).toBe(0);
    expect(rename.output).toMatch(/1 updated/);
    const renamed = await s.project.outputs();
    expect(renamed).toMatchObject({ uuid: created.uuid, connectionName: "John_Demo_Connection" });
    expect((await v3Connections()).find((c) => c.uuid === created.uuid)!.name).toBe("John_Demo_Connection");
    expect(
      (await vendorCalls(s.control)).some((r) => r.method === "PATCH" && /action=update/.test(r.path)),
    ).toBe(true);

    const text = await s.project.exportText();
    expect(text).not.toContain(AUTH_KEY);
    expect(text).not.toContain(EQUINIX_DEMO_CREDENTIALS.clientSecret);

    const destroy = await s.project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
    expect((await v3Connections()).filter((c) => c.status !== "DEPROVISIONED")).toEqual([]);
  });
});
