/**
 * The Console Connect emulator's state file: connections, the partner's approvals still to come, and the port
 * capacity and VLANs they hold survive a restart; a file from another vendor, format or seed is ignored.
 * Lifecycle timings are a few milliseconds of real time, since the emulator clock's offset is not saved.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_FACILITIES,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_PARTNER_API_KEY,
  CONSOLE_CONNECT_PARTNER_COMPANY,
  CONSOLE_CONNECT_SEED_PORTS,
  RunningConsoleConnectEmulator,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import { ConnectionStore } from "../../emulator/consoleconnect/connections";
import { createClock } from "../../emulator/core";

const ME = CONSOLE_CONNECT_DEMO_COMPANY.username;
const PARTNER = CONSOLE_CONNECT_PARTNER_COMPANY.username;
const PORTS = CONSOLE_CONNECT_SEED_PORTS;
const TIMING = {
  approvalDelayMs: "manual",
  creatingMs: 20,
  acceptedMs: 20,
  activatingMs: 20,
  disablingMs: 20,
  deletingMs: 20,
} as const;

type Json = any;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cc-persist-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

const start = (stateFile: string) => startConsoleConnectEmulator({ ...TIMING, stateFile });

async function call(
  emulator: RunningConsoleConnectEmulator,
  method: string,
  path: string,
  { key = CONSOLE_CONNECT_DEMO_API_KEY, body }: { key?: string; body?: unknown } = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const create = (emulator: RunningConsoleConnectEmulator, extra: Record<string, unknown>) =>
  call(emulator, "PUT", `/api/v2/company/${ME}/connections/layer2`, {
    body: {
      type: "LAYER2",
      name: "b2b",
      portId: PORTS.demoHongKong.id,
      destCompany: PARTNER,
      destDcf: CONSOLE_CONNECT_FACILITIES.megaIAdvantage.id,
      destMetroId: CONSOLE_CONNECT_METROS.hongKong.id,
      speed: 100,
      ...extra,
    },
  });

const approve = (emulator: RunningConsoleConnectEmulator, id: string) =>
  call(emulator, "PUT", `/api/v2/company/${PARTNER}/connections/${id}/approve`, {
    key: CONSOLE_CONNECT_PARTNER_API_KEY,
  });

const connection = async (emulator: RunningConsoleConnectEmulator, id: string) =>
  (await call(emulator, "GET", `/api/v2/company/${ME}/connections/${id}`)).body;

/** Polls (for at most 5 s) until the connection reaches the status. */
async function waitForStatus(emulator: RunningConsoleConnectEmulator, id: string, status: string) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const current = await connection(emulator, id);
    if (current.status === status) return current;
    if (Date.now() > deadline) throw new Error(`${id} is still ${current.status}, not ${status}`);
    await sleep(10);
  }
}

describe("Console Connect emulator with a state file", () => {
  it("keeps connections, pending approvals, port capacity and VLANs across a restart", async () => {
    const stateFile = join(dir, "nested", "consoleconnect.json");
    const first = await start(stateFile);
    let activeId: string;
    let pendingId: string;
    try {
      activeId = (await create(first, { name: "active", speed: 300, srcVlanRequest: 1005 })).body.id;
      await waitForStatus(first, activeId, "PENDING");
      expect((await approve(first, activeId)).status).toBe(200);
      await waitForStatus(first, activeId, "ACTIVE");
      pendingId = (await create(first, { name: "pending", speed: 300 })).body.id;
      await waitForStatus(first, pendingId, "PENDING");
    } finally {
      await first.close();
    }

    const second = await start(stateFile);
    try {
      expect(await connection(second, activeId)).toMatchObject({
        status: "ACTIVE",
        name: "active",
        srcTag: "1005",
        destPortId: PORTS.partnerHongKong.id,
        destTag: "3000",
        request: { status: "APPROVED" },
      });
      expect(await connection(second, pendingId)).toMatchObject({
        status: "PENDING",
        destPortId: null,
        request: { status: "PENDING" },
      });
      // 635 Mbps were free on the port; both connections still hold 300 each, and VLAN 1005.
      const port = (await call(second, "GET", `/api/company/${ME}/ports/${PORTS.demoHongKong.id}`)).body;
      expect(port.capacity).toEqual({ total: 1000, utilised: 965, remaining: 35 });
      expect((await create(second, { speed: 36 })).body.error.message).toBe(
        "The requested bandwidth exceeds the available capacity for the Port. Max is: 35",
      );
      expect((await create(second, { speed: 1, srcVlanRequest: 1005 })).body.error.message).toBe(
        "The requested VLAN 1005 is not available on the port",
      );

      // The partner still can approve the pending one; its VLAN 3000 stays with the first connection.
      expect((await approve(second, pendingId)).body).toMatchObject({ status: "ACCEPTED", destTag: "3001" });
      await waitForStatus(second, pendingId, "ACTIVE");
      const third = await create(second, { name: "third", speed: 1 });
      expect(third.status).toBe(200);
      expect([activeId, pendingId]).not.toContain(third.body.id);
      await waitForStatus(second, third.body.id, "PENDING");
    } finally {
      await second.close();
    }

    // What the second process changed is in the file too.
    const again = await start(stateFile);
    try {
      const { body } = await call(again, "GET", "/__emulator/consoleconnect/connections");
      expect(body.map((c: Json) => [c.name, c.status])).toEqual([
        ["active", "ACTIVE"],
        ["pending", "ACTIVE"],
        ["third", "PENDING"],
      ]);
    } finally {
      await again.close();
    }
  });

  it("re-links restored connections to the seed objects, and a snapshot round-trips", async () => {
    const stateFile = join(dir, "roundtrip.json");
    const emulator = await start(stateFile);
    try {
      await create(emulator, {
        name: "self",
        portId: PORTS.demoSingapore.id,
        destCompany: ME,
        destPortId: PORTS.demoHongKong.id,
      });
    } finally {
      await emulator.close();
    }
    const saved = JSON.parse(await readFile(stateFile, "utf8")).state;
    const store = new ConnectionStore(createClock(), { ...TIMING });
    store.restore(saved);
    const [restored] = store.all();
    expect(restored.srcCompany).toBe(CONSOLE_CONNECT_DEMO_COMPANY);
    expect(restored.srcPort).toBe(PORTS.demoSingapore);
    expect(restored.destPort).toBe(PORTS.demoHongKong);
    expect(JSON.parse(JSON.stringify(store.snapshot()))).toEqual(saved);
  });

  it("ignores a state file from another vendor, format or seed, and an unreadable one", async () => {
    const source = join(dir, "source.json");
    const emulator = await start(source);
    try {
      await create(emulator, { name: "one" });
      await create(emulator, { name: "two", portId: PORTS.demoSingapore.id });
    } finally {
      await emulator.close();
    }
    const saved = JSON.parse(await readFile(source, "utf8"));
    const [one, two] = saved.state.connections;
    const variants: Record<string, unknown> = {
      "another vendor": { ...saved, vendor: "equinix" },
      "another format": { ...saved, format: saved.format + 1 },
      // Only the second connection is foreign: nothing may be half restored.
      "another seed": { ...saved, state: { connections: [one, { ...two, srcPortId: "0".repeat(24) }] } },
      "another shape": { ...saved, state: [one, two] },
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const [name, content] of [...Object.entries(variants), ["unreadable", "{not json"]] as const) {
      const file = join(dir, `${name.replace(" ", "-")}.json`);
      await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
      const restarted = await start(file);
      try {
        const { body } = await call(restarted, "GET", "/__emulator/consoleconnect/connections");
        expect(body, name).toEqual([]);
      } finally {
        await restarted.close();
      }
    }
    expect(errors).toHaveBeenCalledTimes(5);
  });
});
