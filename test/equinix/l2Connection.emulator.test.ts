/**
 * equinix.L2Connection's provider on the ECX v3 API (EQUINIX_API_VERSION=v3) against the Equinix emulator over
 * real HTTP: the whole create, read, update, delete cycle, approvals and rejections, partial state and its
 * resumption, faults, tokens and adoption. Fabric v4 (the default): l2Connection.v4.test.ts.
 */
import axios from "axios";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  startEquinixEmulator,
} from "../../emulator/equinix";
import { ResourceInitError } from "../../provider/core/errors";
import { onProgress } from "../../provider/core/progress";
import { getPort, getServiceProfile, getUserPorts } from "../../provider/equinix/lookups";
import { l2ConnectionProvider as provider } from "../../provider/equinix/l2Connection/provider";

let emulator: Awaited<ReturnType<typeof startEquinixEmulator>>;
let control: ReturnType<typeof axios.create>;

beforeAll(async () => {
  emulator = await startEquinixEmulator({ port: 0, provisioningMs: 300, deprovisioningMs: 300 });
  control = axios.create({ baseURL: `${emulator.url}/__emulator` });
  process.env.EQUINIX_API_ENDPOINT = emulator.url;
  process.env.EQUINIX_API_CLIENTID = EQUINIX_DEMO_CREDENTIALS.clientId;
  process.env.EQUINIX_API_CLIENTSECRET = EQUINIX_DEMO_CREDENTIALS.clientSecret;
  process.env.INTERCONNECT_POLL_MS = "50";
  process.env.EQUINIX_API_VERSION = "v3";
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
const approvalInputs = (name = "db-link") => ({
  name,
  profileUuid: EQUINIX_SEED_PROFILES.dot1qApproval.uuid,
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  authorizationKey: "seller-auth-key-123",
  sellerMetroCode: "SV",
  portUuid: P.dot1qPrimary.uuid,
  vlanSTag: 873,
  secondaryConnection: { name: `${name}-2`, portUuid: P.dot1qSecondary.uuid, vlanSTag: 873 },
  __provider: "serialized-provider-text",
});
const autoInputs = (name = "auto-link") => ({
  ...approvalInputs(name),
  profileUuid: EQUINIX_SEED_PROFILES.dot1qAuto.uuid,
  portUuid: P.qinqPrimary.uuid,
  vlanSTag: 771,
  vlanCTag: 117,
  secondaryConnection: { name: `${name}-2`, portUuid: P.qinqSecondary.uuid, vlanSTag: 881, vlanCTag: 118 },
});

/** The next `count` creating POSTs meet this fault (see the emulator core's fault switches). */
function faultOnCreate(fault: Record<string, unknown>, count = 1) {
  return control.post("/faults", {
    match: { method: "POST", path: "^/ecx/v3/l2/connections$" },
    count,
    ...fault,
  });
}

async function connections(): Promise<Record<string, any>[]> {
  return (await control.get("/equinix/connections")).data;
}
async function requests(): Promise<{ method: string; path: string; status: number }[]> {
  return (await control.get("/requests")).data;
}
/** Waits (bounded) until the emulator holds a pair waiting for approval, then gives the seller's verdict. */
async function sellerDecides(verdict: "approve" | "reject", reason?: string) {
  for (let i = 0; i < 200; i++) {
    const pending = (await connections()).find((c) => c.status === "PENDING_APPROVAL");
    if (pending) {
      await control.post(
        `/equinix/redundancy-groups/${pending.redundancyGroup}/${verdict}`,
        reason ? { reason } : {},
      );
      return pending.redundancyGroup as string;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("no connection reached PENDING_APPROVAL");
}

describe("create", () => {
  it("creates a redundant pair with one POST and waits through the seller's approval", async () => {
    const lines = progressLines();
    const [result, group] = await Promise.all([provider.create(approvalInputs()), sellerDecides("approve")]);
    const outs = result.outs;
    expect(result.id).toBe(outs.uuid);
    expect(outs).toMatchObject({
      name: "db-link",
      status: "PROVISIONED",
      providerStatus: "AVAILABLE",
      redundancyGroup: group,
      secondary: { status: "PROVISIONED", redundancyGroup: group },
    });
    expect(outs.__provider).toBeUndefined();
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/ecx/v3/l2/connections",
    );
    expect(posts).toHaveLength(1);
    expect(
      lines.some((l) => /\(primary .*\): PENDING_APPROVAL .*waiting for the seller to approve/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /\(secondary .*\): .*→ PROVISIONED/.test(l))).toBe(true);
  });

  it("fails a rejected connection with the seller's reason and records it as partially created", async () => {
    const [err] = await Promise.all([
      provider.create(approvalInputs()).catch((e) => e),
      sellerDecides("reject", "VLAN 873 is reserved on our side"),
    ]);
    expect(err).toBeInstanceOf(ResourceInitError);
    const stored = await connections();
    expect(err.id).toBe(stored.find((c) => c.redundancyType === "primary").uuid);
    expect(err.properties.__provider).toBe("serialized-provider-text");
    expect(err.properties.status).toBe("REJECTED");
    expect(err.reasons[0]).toMatch(/reached REJECTED: VLAN 873 is reserved on our side/);
    expect(err.reasons[0]).toMatch(/next `pulumi up` replaces it/);
    // The next `pulumi up` plans a replacement for it.
    const diff = await provider.diff!(err.id, err.properties, approvalInputs());
    expect(diff.replaces).toContain("status");
  });

  it("records a timed-out wait as partial state; the next update resumes it without a second connection", async () => {
    const inputs = { ...approvalInputs(), timeouts: { create: "300ms" } };
    const err = await provider.create(inputs).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.reasons[0]).toMatch(/still PENDING_APPROVAL after 0s/);
    expect(err.reasons[0]).toMatch(/once the seller has approved it, run `pulumi up` again/);
    await sellerDecides("approve");
    const { outs } = await provider.update!(err.id, err.properties, approvalInputs());
    expect(outs).toMatchObject({ uuid: err.id, status: "PROVISIONED", secondary: { status: "PROVISIONED" } });
    expect((await connections()).filter((c) => c.status !== "DEPROVISIONED")).toHaveLength(2);
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/ecx/v3/l2/connections",
    );
    expect(posts).toHaveLength(1);
  });

  it("is refused by the API with the vendor's code and property", async () => {
    const err = await provider
      .create({ ...autoInputs(), portUuid: "00000000-0000-4000-8000-000000000000" })
      .catch((e) => e);
    expect(err.message).toMatch(
      /^Equinix API call POST \/ecx\/v3\/l2\/connections failed with HTTP 400: \[IC-LAYER2-PORTS-001\]/,
    );
    expect(err.message).toMatch(/property primaryPortUUID/);
    expect(await connections()).toHaveLength(0);
  });
});

describe("faults", () => {
  it("retries a rate-limited create (429 with Retry-After) and creates once", async () => {
    await faultOnCreate({ kind: "status", status: 429, retryAfter: 1 });
    const { outs } = await provider.create(autoInputs());
    expect(outs.status).toBe("PROVISIONED");
    expect(await connections()).toHaveLength(2);
  });

  it("does not duplicate a create whose answer was lost: it finds the pair by name", async () => {
    await faultOnCreate({ kind: "drop", when: "after" });
    const { outs } = await provider.create(autoInputs());
    expect(outs.status).toBe("PROVISIONED");
    const all = await connections();
    expect(all).toHaveLength(2);
    expect(all.map((c) => c.uuid).sort()).toEqual([outs.uuid, outs.secondary.uuid].sort());
    const posts = (await requests()).filter(
      (r) => r.method === "POST" && r.path === "/ecx/v3/l2/connections",
    );
    expect(posts).toHaveLength(1);
  });

  it("does not mistake an older namesake for the pair a lost answer created", async () => {
    // A pair with the same names, port and S-tag already exists, on other C-tags (say, another stack's).
    const older = await provider.create({
      ...autoInputs(),
      vlanCTag: 200,
      secondaryConnection: {
        name: "auto-link-2",
        portUuid: P.qinqSecondary.uuid,
        vlanSTag: 881,
        vlanCTag: 201,
      },
    });
    await faultOnCreate({ kind: "drop", when: "after" });
    const { outs } = await provider.create(autoInputs());
    expect(outs.uuid).not.toBe(older.id);
    const live = (await connections()).filter((c) => c.status === "PROVISIONED");
    expect(live).toHaveLength(4);
    expect(live.map((c) => c.uuid)).toEqual(
      expect.arrayContaining([outs.uuid, outs.secondary.uuid, older.id]),
    );
  });

  it("sends the create again when the first attempt never reached the server", async () => {
    await faultOnCreate({ kind: "drop", when: "before" });
    const { outs } = await provider.create(autoInputs());
    expect(outs.status).toBe("PROVISIONED");
    expect(await connections()).toHaveLength(2);
  });

  it("rides out 503s and slow answers while waiting", async () => {
    await control.post("/faults", {
      match: { method: "GET", path: "^/ecx/v3/l2/connections/" },
      count: 2,
      kind: "status",
      status: 503,
    });
    await control.post("/faults", {
      match: { method: "GET", path: "^/ecx/v3/l2/connections/" },
      count: 1,
      kind: "delay",
      ms: 300,
    });
    const { outs } = await provider.create(autoInputs());
    expect(outs.status).toBe("PROVISIONED");
  });

  it("asks for one token for many calls", async () => {
    await provider.create(autoInputs("tok-1"));
    await control.delete("/requests");
    const { outs } = await provider.create({
      ...autoInputs("tok-2"),
      vlanSTag: 772,
      secondaryConnection: { name: "tok-2-2", portUuid: P.qinqSecondary.uuid, vlanSTag: 882, vlanCTag: 118 },
    });
    await provider.read!(outs.uuid, outs);
    const tokenCalls = (await requests()).filter((r) => r.path.startsWith("/oauth2/v1/token"));
    expect(tokenCalls).toHaveLength(0);
  });
  it("fetches a new token once when the API refuses an expired one", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await control.post("/clock/advance", { ms: 3_700_000 });
    await control.delete("/requests");
    const read = await provider.read!(id, outs);
    expect(read.id).toBe(id);
    const log = await requests();
    expect(log.filter((r) => r.path.startsWith("/oauth2/v1/token"))).toHaveLength(1);
    // Both connections were read at once and both were refused; they shared the one new token.
    expect(log.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(log.filter((r) => r.path.startsWith("/ecx") && r.status === 200)).toHaveLength(2);
  });
});

describe("read", () => {
  it("shows drift in names and speed, and keeps the rest", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await control.patch(`/equinix/connections/${id}`, { name: "renamed-in-portal", speed: 100 });
    await control.patch(`/equinix/connections/${outs.secondary.uuid}`, { name: "renamed-2" });
    const read = await provider.read!(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({
      name: "renamed-in-portal",
      speed: 100,
      secondaryConnection: { name: "renamed-2" },
    });
    expect(read.inputs).toMatchObject({
      name: "renamed-in-portal",
      speed: 100,
      portUuid: P.qinqPrimary.uuid,
    });
    expect(read.inputs).not.toHaveProperty("status");
  });

  it("keeps the user's unit when the API answers the same speed in MB", async () => {
    const { id, outs } = await provider.create({ ...autoInputs(), speed: 1, speedUnit: "GB" });
    await control.patch(`/equinix/connections/${id}`, { speed: 1000, speedUnit: "MB" });
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ speed: 1, speedUnit: "GB" });
  });

  it("reports a pair deleted outside Pulumi as gone", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await control.delete(`/equinix/connections/${id}`);
    await control.delete(`/equinix/connections/${outs.secondary.uuid}`);
    expect(await provider.read!(id, outs)).toEqual({});
  });

  it("keeps half a pair in state and replaces it, so that the surviving connection is not orphaned", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await control.delete(`/equinix/connections/${id}`);
    const read = await provider.read!(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ status: "DEPROVISIONED", secondary: { status: "PROVISIONED" } });
    const diff = await provider.diff!(id, read.props!, autoInputs());
    expect(diff.replaces).toContain("status");
    await provider.delete!(id, read.props!);
    expect((await connections()).map((c) => c.status)).toEqual(["DEPROVISIONED", "DEPROVISIONED"]);
  });
});

describe("update and delete", () => {
  it("renames (seed 001: John_Demo_Connection) and resizes in place with PATCH ?action=update", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await control.delete("/requests");
    const news = { ...autoInputs(), name: "John_Demo_Connection", speed: 100 };
    const updated = await provider.update!(id, outs, news);
    expect(updated.outs).toMatchObject({
      uuid: id,
      name: "John_Demo_Connection",
      speed: 100,
      status: "PROVISIONED",
    });
    const patches = (await requests()).filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.path).sort()).toEqual(
      [
        `/ecx/v3/l2/connections/${id}?action=update`,
        `/ecx/v3/l2/connections/${outs.secondary.uuid}?action=update`,
      ].sort(),
    );
    const stored = await connections();
    expect(stored.find((c) => c.uuid === id)).toMatchObject({ name: "John_Demo_Connection", speed: 100 });
    expect(stored.find((c) => c.uuid === outs.secondary.uuid)).toMatchObject({
      name: "auto-link-2",
      speed: 100,
    });
    expect(stored).toHaveLength(2);
  });

  it("deletes both connections and waits until they are deprovisioned", async () => {
    const lines = progressLines();
    const { id, outs } = await provider.create(autoInputs());
    await provider.delete!(id, outs);
    const stored = await connections();
    expect(stored.map((c) => c.status)).toEqual(["DEPROVISIONED", "DEPROVISIONED"]);
    expect(lines.some((l) => /PENDING_DELETE|DEPROVISIONING/.test(l))).toBe(true);
    // A second delete (a retried `pulumi destroy`) finds them already deleted (IC-LAYER2-4021) and succeeds.
    await provider.delete!(id, outs);
  });

  it("treats a connection already deleted outside Pulumi as deleted", async () => {
    const { id, outs } = await provider.create(autoInputs());
    await control.delete(`/equinix/connections/${id}`);
    await provider.delete!(id, outs);
    expect((await connections()).every((c) => c.status === "DEPROVISIONED")).toBe(true);
  });
});

describe("adoption", () => {
  it("takes over an existing pair named by adoptId instead of creating one", async () => {
    const existing = await provider.create(autoInputs("legacy"));
    await control.delete("/requests");
    const adopted = await provider.create({
      ...autoInputs("legacy"),
      adoptId: `${existing.id}:${existing.outs.secondary.uuid}`,
    });
    expect(adopted.id).toBe(existing.id);
    expect(adopted.outs.secondary.uuid).toBe(existing.outs.secondary.uuid);
    expect((await requests()).filter((r) => r.method === "POST" && r.path.startsWith("/ecx"))).toHaveLength(
      0,
    );
  });

  it("applies in-place differences when adopting and refuses a mismatched port", async () => {
    const existing = await provider.create(autoInputs("legacy"));
    const renamed = await provider.create({
      ...autoInputs("legacy"),
      name: "legacy-renamed",
      adoptId: existing.id,
    });
    expect(renamed.outs.name).toBe("legacy-renamed");
    const err = await provider
      .create({ ...autoInputs("legacy"), vlanSTag: 999, adoptId: existing.id })
      .catch((e) => e);
    expect(err.message).toMatch(
      /adoptId: the existing connection does not match the inputs \(vlanSTag is 771 remotely\)/,
    );
  });
});

describe("lookups", () => {
  it("lists ports, finds one by name and reads a service profile", async () => {
    expect((await getUserPorts()).map((p) => p.uuid)).toContain(P.dot1qPrimary.uuid);
    expect((await getPort("SV1-DEMO-QINQ-PRI")).encapsulation).toBe("QinQ");
    await expect(getPort("nope")).rejects.toThrow(
      /no port named "nope"; the account has: SV1-DEMO-DOT1Q-PRI/,
    );
    const profile = await getServiceProfile(EQUINIX_SEED_PROFILES.qinqApproval.uuid);
    expect(profile.profileEncapsulation).toBe("QinQ");
  });
});
