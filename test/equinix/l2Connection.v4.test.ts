/**
 * equinix.L2Connection on Equinix Fabric v4 (the default API) against the emulator over real HTTP: a pair created
 * with one POST per leg through the seller's approval, rejection, a half-created pair resumed, renames and
 * bandwidth changes (with and without the seller's approval), delete, lost answers, adoption and refresh.
 */
import axios from "axios";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  FABRIC_V4_PROFILES,
  startEquinixEmulator,
} from "../../emulator/equinix";
import { ResourceInitError } from "../../provider/core/errors";
import { onProgress } from "../../provider/core/progress";
import { l2ConnectionProvider as provider } from "../../provider/equinix/l2Connection/provider";
import { findServiceProfile, getPort, getServiceProfile, getUserPorts } from "../../provider/equinix/lookups";

let emulator: Awaited<ReturnType<typeof startEquinixEmulator>>;
let control: ReturnType<typeof axios.create>;

beforeAll(async () => {
  emulator = await startEquinixEmulator({
    port: 0,
    fabricV4: { provisioningMs: 150, deprovisioningMs: 150, updateMs: 100 },
  });
  control = axios.create({ baseURL: `${emulator.url}/__emulator` });
  process.env.EQUINIX_API_ENDPOINT = emulator.url;
  process.env.EQUINIX_API_CLIENTID = EQUINIX_DEMO_CREDENTIALS.clientId;
  process.env.EQUINIX_API_CLIENTSECRET = EQUINIX_DEMO_CREDENTIALS.clientSecret;
  process.env.INTERCONNECT_POLL_MS = "50";
  delete process.env.EQUINIX_API_VERSION;
});
afterAll(() => emulator.close());
beforeEach(() => control.post("/reset"));

let stopProgress: (() => void) | undefined;
afterEach(() => stopProgress?.());
function progressLines(): string[] {
  const lines: string[] = [];
  stopProgress = onProgress((l) => lines.push(l));
  return lines;
}

const P = EQUINIX_SEED_PORTS;
const { generic, bandwidthApproval, aws, azure, googleZone1, googleZone2 } = FABRIC_V4_PROFILES;

/** Seed 001's Dot1Q pair, on the generic profile (the seller approves). */
const pairInputs = (name = "db-link", overrides: Record<string, unknown> = {}) => ({
  name,
  profileUuid: generic.uuid,
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  sellerMetroCode: "SV",
  portUuid: P.dot1qPrimary.uuid,
  vlanSTag: 873,
  secondaryConnection: { name: `${name}-2`, portUuid: P.dot1qSecondary.uuid, vlanSTag: 873 },
  __provider: "serialized-provider-text",
  ...overrides,
});

/** The same on the profile that provisions by itself (and wants the seller's approval for increases). */
const autoInputs = (name = "auto-link", overrides: Record<string, unknown> = {}) =>
  pairInputs(name, { profileUuid: bandwidthApproval.uuid, vlanSTag: 771, ...overrides });

const v4Connections = async (): Promise<any[]> => (await control.get("/equinix/v4/connections")).data;
const requests = async (): Promise<any[]> => (await control.get("/requests")).data;
const approve = (uuid: string) => control.post(`/equinix/v4/connections/${uuid}/approve`, {});

/**
 * Approves every connection waiting for the seller, as it appears — once the provider has seen it waiting (its
 * progress line), so that the wait is visible — until `done` settles.
 */
async function sellerApprovesWhile<T>(done: Promise<T>): Promise<T> {
  const seen: string[] = [];
  const stop = onProgress((line) => seen.push(line));
  let finished = false;
  const settled = done.finally(() => (finished = true));
  try {
    while (!finished) {
      for (const c of await v4Connections())
        if (
          c.operation?.equinixStatus === "PENDING_APPROVAL" &&
          seen.some((l) => l.includes(c.uuid) && l.includes("PENDING_APPROVAL"))
        )
          await approve(c.uuid).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    stop();
  }
  return settled;
}

async function partialOf(promise: Promise<unknown>): Promise<ResourceInitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResourceInitError);
  return error as ResourceInitError;
}

describe("create on Fabric v4", () => {
  it("POSTs the primary, then the secondary into its group, and waits visibly for the seller", async () => {
    const lines = progressLines();
    const { id, outs } = await sellerApprovesWhile(provider.create(pairInputs()));
    expect(outs).toMatchObject({
      apiVersion: "v4",
      uuid: id,
      status: "PROVISIONED",
      state: "PROVISIONED",
      redundancyType: "primary",
      secondary: { status: "PROVISIONED", state: "PROVISIONED" },
    });
    expect(outs.secondary.redundancyGroup).toBe(outs.redundancyGroup);
    // The seller assigned its side: port and VLAN, per leg.
    expect(outs.zSide).toMatchObject({ portUuid: expect.any(String), vlanTag: expect.any(Number) });
    expect(outs.secondary.zSide).toMatchObject({ vlanTag: expect.any(Number) });
    expect(lines.some((l) => /"db-link".*PENDING_APPROVAL.*waiting for the seller to approve/.test(l))).toBe(
      true,
    );

    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/fabric/v4/connections",
    );
    expect(posts).toHaveLength(2);
    expect(posts[0].body.redundancy).toEqual({ priority: "PRIMARY" });
    expect(posts[1].body.redundancy).toEqual({ priority: "SECONDARY", group: outs.redundancyGroup });
    expect(posts[0].body.aSide.accessPoint.linkProtocol).toEqual({ type: "DOT1Q", vlanTag: 873 });
    // No listing and no search before a create.
    expect((await requests()).some((r) => r.path.includes("/search"))).toBe(false);
  });

  it("fails at once on a rejection, with the seller's reason, and records the pair for replacement", async () => {
    const creating = provider.create(pairInputs("rejected"));
    let rejected = false;
    while (!rejected) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const c of await v4Connections())
        if (c.operation?.equinixStatus === "PENDING_APPROVAL") {
          await control.post(`/equinix/v4/connections/${c.uuid}/reject`, { reason: "No capacity in SV" });
          rejected = true;
        }
    }
    const error = await partialOf(creating);
    expect(error.message).toMatch(/reached REJECTED: .*No capacity in SV/);
    expect(error.message).toMatch(/the next `pulumi up` replaces it/);
    const diff = await provider.diff!(error.id, error.properties, pairInputs("rejected"));
    expect(diff).toMatchObject({ changes: true, replaces: ["status"], deleteBeforeReplace: true });
  });

  it("records the primary when the secondary's POST is refused, and the next up creates only the missing leg", async () => {
    // Another connection holds the secondary port's tag: the secondary's POST gets EQ-3142102.
    const blocker = await provider.create(
      autoInputs("blocker", {
        portUuid: P.dot1qSecondary.uuid,
        vlanSTag: 900,
        secondaryConnection: undefined,
      }),
    );
    const inputs = autoInputs("half", {
      secondaryConnection: { name: "half-2", portUuid: P.dot1qSecondary.uuid, vlanSTag: 900 },
    });
    const error = await partialOf(provider.create(inputs));
    expect(error.message).toMatch(/EQ-3142102/);
    expect(error.message).toMatch(/creates only the missing secondary/);
    expect(error.properties).toMatchObject({ uuid: error.id, apiVersion: "v4" });
    expect(error.properties.secondary).toBeUndefined();

    await provider.delete!(blocker.id, blocker.outs);
    const resumed = await provider.update!(error.id, error.properties, inputs);
    expect(resumed.outs).toMatchObject({ status: "PROVISIONED", secondary: { status: "PROVISIONED" } });
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/fabric/v4/connections" && r.status === 201,
    );
    // blocker, primary, secondary: the primary was not created twice.
    expect(posts.map((p) => p.body.name)).toEqual(["blocker", "half", "half-2"]);
  });

  it("names the primary's rejection when the missing secondary cannot join it any more", async () => {
    // A half-made pair: the secondary's POST was refused (its tag was taken), the primary awaits the seller.
    const blocker = await provider.create(
      autoInputs("blocker", {
        portUuid: P.dot1qSecondary.uuid,
        vlanSTag: 900,
        secondaryConnection: undefined,
      }),
    );
    const inputs = pairInputs("late", {
      secondaryConnection: { name: "late-2", portUuid: P.dot1qSecondary.uuid, vlanSTag: 900 },
    });
    const half = await partialOf(provider.create(inputs));
    await provider.delete!(blocker.id, blocker.outs);
    // Meanwhile the seller rejected the primary: Fabric refuses a SECONDARY into the group of a rejected primary.
    await control.post(`/equinix/v4/connections/${half.id}/reject`, { reason: "No capacity in SV" });
    const error = await partialOf(provider.update!(half.id, half.properties, inputs));
    expect(error.message).toMatch(/"late" \(primary [0-9a-f-]{36}\) reached REJECTED: .*No capacity in SV/);
    expect(error.message).toMatch(/the next `pulumi up` replaces it/);
    expect(error.properties).toMatchObject({ status: "REJECTED" });
    expect(await provider.diff!(half.id, error.properties, inputs)).toMatchObject({
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
  });

  it("recovers a lost create answer with one narrow search, without a duplicate", async () => {
    await control.post("/faults", {
      match: { method: "POST", path: "^/fabric/v4/connections$" },
      kind: "drop",
      when: "after",
    });
    const { id, outs } = await provider.create(autoInputs());
    const live = (await v4Connections()).filter((c) => c.state !== "DEPROVISIONED");
    expect(live.map((c) => c.uuid).sort()).toEqual([id, outs.secondary.uuid].sort());
    const searches = (await requests()).filter((r) => r.path === "/fabric/v4/connections/search");
    expect(searches).toHaveLength(1);
    expect(JSON.stringify(searches[0].body.filter)).toContain('"/name"');
  });

  it("fails soon after its deadline when reads keep failing, and still records the connection (fault matrix: outage at read)", async () => {
    await control.post("/faults", {
      match: { method: "GET", path: "^/fabric/v4/connections/[0-9a-f-]{36}$" },
      kind: "status",
      status: 503,
      count: 100_000,
    });
    const started = Date.now();
    const inputs = autoInputs("outage", {
      secondaryConnection: undefined,
      timeouts: { create: "2s", update: "2s" },
    });
    const error = await partialOf(provider.create(inputs));
    // The operation's 4 s, then at most 5 s to record what the API shows (it cannot: the stored state is kept).
    expect(Date.now() - started).toBeLessThan(4_000 + 5_000 + 2_000);
    expect(error.message).toMatch(/GET \/fabric\/v4\/connections\/.* failed with HTTP 503/);
    expect(error.properties).toMatchObject({ uuid: error.id, apiVersion: "v4" });
    await control.delete("/faults");
    await provider.delete!(error.id, error.properties);
    expect((await v4Connections()).every((c) => c.state === "DEPROVISIONED")).toBe(true);
  });

  /** The secondary's POST lands but its answer is lost, and looking it up fails until the deadline. */
  async function secondaryLostAndNotFound(name: string) {
    await control.post("/faults", {
      match: { method: "POST", path: "^/fabric/v4/connections$" },
      skip: 1,
      kind: "drop",
      when: "after",
    });
    await control.post("/faults", {
      match: { method: "POST", path: "^/fabric/v4/connections/search$" },
      kind: "status",
      status: 503,
      count: 100_000,
    });
    const inputs = autoInputs(name, { timeouts: { create: "2s", update: "2s" } });
    const error = await partialOf(provider.create(inputs));
    expect(error.message).toMatch(
      new RegExp(
        `the Equinix connection "${name}-2" on port .* may exist although the stack does not hold it`,
      ),
    );
    expect(error.properties.secondary).toBeUndefined();
    await control.delete("/faults");
    const live = (await v4Connections()).filter((c) => c.state !== "DEPROVISIONED");
    expect(live.map((c) => c.name).sort()).toEqual([name, `${name}-2`]);
    return { error, inputs, lost: live.find((c) => c.name === `${name}-2`) };
  }

  it("the next up finds a secondary whose POST answer was lost and could not be looked up, instead of a second POST (fault matrix: drop-after at create#2 with the lookup down)", async () => {
    const { error, inputs, lost } = await secondaryLostAndNotFound("lost-2nd");
    const resumed = await provider.update!(error.id, error.properties, inputs);
    expect(resumed.outs.secondary).toMatchObject({ uuid: lost.uuid, status: "PROVISIONED" });
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/fabric/v4/connections",
    );
    expect(posts).toHaveLength(2);
    await provider.delete!(error.id, resumed.outs);
    expect((await v4Connections()).every((c) => c.state === "DEPROVISIONED")).toBe(true);
  });

  it("destroy deletes such a secondary too (fault matrix: no orphan)", async () => {
    const { error } = await secondaryLostAndNotFound("lost-del");
    await provider.delete!(error.id, error.properties);
    expect((await v4Connections()).every((c) => c.state === "DEPROVISIONED")).toBe(true);
  });

  it("creates a single connection when there is no secondaryConnection", async () => {
    const { outs } = await provider.create(autoInputs("single", { secondaryConnection: undefined }));
    expect(outs.secondary).toBeUndefined();
    expect(outs.status).toBe("PROVISIONED");
  });
});

describe("waits shared by many resources", () => {
  it("answers concurrent waits with one search by uuid per tick instead of one GET each", async () => {
    const created = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        provider.create(autoInputs(`many-${i}`, { vlanSTag: 1200 + i, secondaryConnection: undefined })),
      ),
    );
    expect(created.every((c) => c.outs.status === "PROVISIONED")).toBe(true);
    const log = await requests();
    const searches = log.filter((r) => r.path === "/fabric/v4/connections/search");
    const gets = log.filter(
      (r) => r.method === "GET" && /^\/fabric\/v4\/connections\/[0-9a-f-]{36}$/.test(r.path),
    );
    // The waits met: searches carried several uuids at once, and reads stayed below one GET per wait per tick.
    expect(
      searches.some(
        (r) => JSON.stringify(r.body.filter).includes('"IN"') && r.body.filter.values.length >= 3,
      ),
    ).toBe(true);
    expect(gets.length + searches.length).toBeLessThan(6 * 3);
  });
});

describe("update on Fabric v4", () => {
  it("renames each leg and changes both bandwidths in place with JSON-patch, waiting for COMPLETED", async () => {
    const { id, outs } = await provider.create(autoInputs());
    const renamed = autoInputs("auto-link-renamed", {
      speed: 100,
      secondaryConnection: { name: "auto-link-renamed-2", portUuid: P.dot1qSecondary.uuid, vlanSTag: 873 },
    });
    expect(await provider.diff!(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    // The bandwidthApproval profile wants the seller's OK for increases: approve as they come.
    const lines = progressLines();
    const updating = provider.update!(id, outs, renamed);
    let settled = false;
    void updating.finally(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const c of await v4Connections())
        if (c.change?.status === "SUBMITTED_FOR_APPROVAL") await approve(c.uuid).catch(() => undefined);
    }
    const { outs: updated } = await updating;
    expect(updated).toMatchObject({ name: "auto-link-renamed", speed: 100 });
    const patches = (await requests()).filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.body)).toEqual([
      [{ op: "replace", path: "/name", value: "auto-link-renamed" }],
      [{ op: "replace", path: "/bandwidth", value: 100 }],
      [{ op: "replace", path: "/name", value: "auto-link-renamed-2" }],
      [{ op: "replace", path: "/bandwidth", value: 100 }],
    ]);
    expect(
      lines.some((l) => /SUBMITTED_FOR_APPROVAL.*waiting for the seller to approve the change/.test(l)),
    ).toBe(true);
    const live = await v4Connections();
    expect(live.map((c) => c.bandwidth)).toEqual([100, 100]);
  });

  it("changes the notification e-mails of both legs in place (replace /notifications); v3 pairs are replaced", async () => {
    const { id, outs } = await provider.create(autoInputs());
    const renotified = autoInputs("auto-link", { notifications: ["noc@example.com", "oncall@example.com"] });
    expect(await provider.diff!(id, outs, renotified)).toMatchObject({ changes: true, replaces: [] });
    // The same change to a pair created on ECX v3 (or by 0.1.0) replaces it: v3 has no such update.
    expect(await provider.diff!(id, { ...outs, apiVersion: "v3" }, renotified)).toMatchObject({
      replaces: ["notifications"],
    });
    // The same addresses in another order change nothing remotely.
    const { outs: updated } = await provider.update!(id, outs, renotified);
    expect(updated.notifications).toEqual(["noc@example.com", "oncall@example.com"]);
    const patches = (await requests()).filter((r) => r.method === "PATCH").map((p) => p.body);
    const wanted = [{ type: "ALL", emails: ["noc@example.com", "oncall@example.com"] }];
    expect(patches).toEqual([
      [{ op: "replace", path: "/notifications", value: wanted }],
      [{ op: "replace", path: "/notifications", value: wanted }],
    ]);
    for (const c of await v4Connections()) expect(c.notifications).toEqual(wanted);
    const reordered = autoInputs("auto-link", { notifications: ["oncall@example.com", "noc@example.com"] });
    await provider.update!(id, updated, reordered);
    expect((await requests()).filter((r) => r.method === "PATCH")).toHaveLength(2);
  });

  it("fails on a rejected bandwidth increase with the reason, and records the old bandwidth", async () => {
    const { id, outs } = await provider.create(autoInputs("single", { secondaryConnection: undefined }));
    const updating = provider.update!(
      id,
      outs,
      autoInputs("single", { secondaryConnection: undefined, speed: 200 }),
    );
    let rejected = false;
    while (!rejected) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const c = (await v4Connections()).find((x) => x.change?.status === "SUBMITTED_FOR_APPROVAL");
      if (c) {
        await control.post(`/equinix/v4/connections/${c.uuid}/reject`, { reason: "Port is full" });
        rejected = true;
      }
    }
    const error = await partialOf(updating);
    expect(error.message).toMatch(/reached REJECTED/);
    expect(error.message).toMatch(/Port is full/);
    // The state stays true: the bandwidth did not change, so the next `pulumi up` still sees the difference.
    expect(error.properties).toMatchObject({ speed: 50, status: "PROVISIONED" });
  });

  it("changes a profile that approves by itself without waiting for anyone", async () => {
    const created = await sellerApprovesWhile(provider.create(pairInputs("generic-pair")));
    const { outs } = await provider.update!(
      created.id,
      created.outs,
      pairInputs("generic-pair", { speed: 100 }),
    );
    expect(outs.speed).toBe(100);
  });
});

describe("read, delete and adopt on Fabric v4", () => {
  it("shows drift in names and bandwidth, and forgets a pair deprovisioned elsewhere", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await axios.patch(
      `${emulator.url}/fabric/v4/connections/${id}`,
      [{ op: "replace", path: "/name", value: "renamed-elsewhere" }],
      {
        headers: { Authorization: `Bearer ${await token()}`, "Content-Type": "application/json-patch+json" },
      },
    );
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ name: "renamed-elsewhere", speed: 50 });
    expect(read.inputs).toMatchObject({ name: "renamed-elsewhere" });
    await provider.delete!(id, outs);
    expect(await provider.read!(id, outs)).toEqual({});
  });

  it("shows notification e-mails changed elsewhere as drift, keeping the program's order when they are the same", async () => {
    const inputs = autoInputs("auto-link", { notifications: ["b@example.com", "a@example.com"] });
    const { id, outs } = await provider.create(inputs);
    expect((await provider.read!(id, outs)).props?.notifications).toEqual(["b@example.com", "a@example.com"]);
    await axios.patch(
      `${emulator.url}/fabric/v4/connections/${id}`,
      [
        {
          op: "replace",
          path: "/notifications",
          value: [{ type: "ALL", emails: ["elsewhere@example.com"] }],
        },
      ],
      {
        headers: { Authorization: `Bearer ${await token()}`, "Content-Type": "application/json-patch+json" },
      },
    );
    const read = await provider.read!(id, outs);
    expect(read.inputs).toMatchObject({ notifications: ["elsewhere@example.com"] });
    // The next `pulumi up` puts the program's addresses back, in place.
    expect(await provider.diff!(id, read.props, inputs)).toMatchObject({ changes: true, replaces: [] });
  });

  it("deletes both legs and waits for DEPROVISIONED; a pair already deleted is deleted", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await provider.delete!(id, outs);
    const all = await v4Connections();
    expect(all.map((c) => c.state)).toEqual(["DEPROVISIONED", "DEPROVISIONED"]);
    // Again (destroy after a refresh failed, say): EQ-3142509 counts as done.
    await provider.delete!(id, outs);
    expect((await requests()).some((r) => r.method === "DELETE" && r.status === 400)).toBe(true);
  });

  it("adopts a pair by its primary's uuid, finding the secondary by redundancy group", async () => {
    const { id, outs } = await provider.create(autoInputs());
    const adopted = await provider.create({ ...autoInputs(), adoptId: id });
    expect(adopted).toMatchObject({
      id,
      outs: { secondary: { uuid: outs.secondary.uuid }, status: "PROVISIONED" },
    });
    const mismatch = await provider.create({ ...autoInputs(), vlanSTag: 772, adoptId: id }).catch((e) => e);
    expect(mismatch.message).toMatch(/vlanSTag is 771 remotely/);
  });
});

describe("cloud profiles on Fabric v4", () => {
  it("AWS: the account id as the key, the seller region, one key for both legs", async () => {
    const { outs } = await provider.create(
      pairInputs("aws-link", {
        profileUuid: aws.uuid,
        authorizationKey: "123456789012",
        sellerRegion: "us-west-1",
      }),
    );
    expect(outs.status).toBe("PROVISIONED");
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/fabric/v4/connections",
    );
    // The request log redacts authentication keys; the region and profile travel per leg.
    for (const p of posts)
      expect(p.body.zSide.accessPoint).toMatchObject({
        sellerRegion: "us-west-1",
        profile: { uuid: aws.uuid },
      });
  });

  it("Azure: one service key for both legs, private peering, the inner tag on Microsoft's side", async () => {
    const { outs } = await provider.create(
      pairInputs("azure-link", {
        profileUuid: azure.uuid,
        authorizationKey: "f3b1c2d4-1111-4a2b-9c3d-5e6f7a8b9c0d",
        namedTag: "Private",
        zSideVlanCTag: 300,
        secondaryConnection: {
          name: "azure-link-2",
          portUuid: P.dot1qSecondary.uuid,
          vlanSTag: 873,
          zSideVlanCTag: 300,
        },
      }),
    );
    expect(outs).toMatchObject({ status: "PROVISIONED", secondary: { status: "PROVISIONED" } });
    expect(outs.zSide.vlanCTag).toBe(300);
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/fabric/v4/connections",
    );
    expect(posts[1].body.redundancy.priority).toBe("SECONDARY");
    expect(posts.map((p) => p.body.zSide.accessPoint.peeringType)).toEqual(["PRIVATE", "PRIVATE"]);
  });

  it("Google: one pairing key and one zone profile per leg, two independent connections", async () => {
    const { outs } = await provider.create(
      pairInputs("gcp-link", {
        profileUuid: googleZone1.uuid,
        authorizationKey: "7e51371e-72a3-40b5-b844-2e3efefaee59/us-west1/1",
        sellerRegion: "us-west1",
        secondaryConnection: {
          name: "gcp-link-2",
          portUuid: P.dot1qSecondary.uuid,
          vlanSTag: 873,
          profileUuid: googleZone2.uuid,
          authorizationKey: "7e51371e-72a3-40b5-b844-2e3efefaee59/us-west1/2",
        },
      }),
    );
    expect(outs).toMatchObject({ status: "PROVISIONED", secondary: { status: "PROVISIONED" } });
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/fabric/v4/connections",
    );
    expect(posts.map((p) => p.body.redundancy)).toEqual([{ priority: "PRIMARY" }, { priority: "PRIMARY" }]);
    // Each leg's own facts, as Fabric reports them: readable even when Pulumi keeps secondaryConnection secret
    // (it does as a whole once the secondary's pairing key is a secret).
    expect(outs.zSide).toMatchObject({ profileUuid: googleZone1.uuid, profileName: googleZone1.name });
    expect(outs.secondary).toMatchObject({
      name: "gcp-link-2",
      portUuid: P.dot1qSecondary.uuid,
      portName: "SV1-DEMO-DOT1Q-SEC",
      zSide: { profileUuid: googleZone2.uuid, profileName: googleZone2.name, vlanTag: expect.any(Number) },
    });
    expect(posts.map((p) => p.body.zSide.accessPoint.profile.uuid)).toEqual([
      googleZone1.uuid,
      googleZone2.uuid,
    ]);
  });
});

describe("lookups on Fabric v4", () => {
  it("finds ports by name and profiles by uuid or name, with encapsulations as the inputs take them", async () => {
    expect((await getUserPorts()).map((p) => p.name)).toContain("SV1-DEMO-DOT1Q-PRI");
    const port = await getPort("SV1-DEMO-QINQ-PRI");
    expect(port).toMatchObject({
      uuid: P.qinqPrimary.uuid,
      encapsulation: "QinQ",
      metroCode: "SV",
      priority: "PRIMARY",
    });
    await expect(getPort("nope")).rejects.toThrow(
      /no port named "nope"; the account has: .*SV1-DEMO-DOT1Q-PRI/,
    );
    const profile = await getServiceProfile(azure.uuid);
    expect(profile).toMatchObject({
      name: "Azure ExpressRoute",
      authenticationKeyRequired: true,
      redundancyRequired: true,
    });
    expect((await findServiceProfile("AWS Direct Connect")).uuid).toBe(aws.uuid);
    await expect(findServiceProfile("No Such Seller")).rejects.toThrow(
      /no service profile named "No Such Seller"/,
    );
    const calls = (await requests()).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(calls).toContain("GET /fabric/v4/ports");
    expect(calls).toContain("POST /fabric/v4/serviceProfiles/search");
  });
});

async function token(): Promise<string> {
  const answer = await axios.post(`${emulator.url}/oauth2/v1/token`, {
    grant_type: "client_credentials",
    client_id: EQUINIX_DEMO_CREDENTIALS.clientId,
    client_secret: EQUINIX_DEMO_CREDENTIALS.clientSecret,
  });
  return answer.data.access_token;
}
