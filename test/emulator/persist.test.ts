/**
 * Emulator state files (the core's `persist`), shown with the Equinix emulator: what one emulator saved, the next
 * one started on the same file serves; a file it cannot trust is ignored.
 */
import axios from "axios";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  startEquinixEmulator,
} from "../../emulator/equinix";

const dir = mkdtempSync(path.join(tmpdir(), "emulator-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function api(url: string) {
  const token = (
    await axios.post(`${url}/oauth2/v1/token`, {
      grant_type: "client_credentials",
      client_id: EQUINIX_DEMO_CREDENTIALS.clientId,
      client_secret: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    })
  ).data.access_token;
  return axios.create({
    baseURL: url,
    validateStatus: () => true,
    headers: { Authorization: `Bearer ${token}` },
  });
}

const single = {
  primaryName: "kept",
  profileUUID: EQUINIX_SEED_PROFILES.dot1qAuto.uuid,
  speed: 100,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  primaryPortUUID: EQUINIX_SEED_PORTS.dot1qPrimary.uuid,
  primaryVlanSTag: "3100",
};

describe("emulator state files", () => {
  it("carry connections, their lifecycle and their VLAN tags over to the next emulator", async () => {
    const file = path.join(dir, "equinix.json");
    const first = await startEquinixEmulator({ provisioningMs: 0, stateFile: file });
    const created = await (await api(first.url)).post("/ecx/v3/l2/connections", single);
    expect(created.status).toBe(200);
    const uuid = created.data.primaryConnectionId;
    await first.close();
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: 1, vendor: "equinix" });

    const second = await startEquinixEmulator({ provisioningMs: 0, stateFile: file });
    try {
      const client = await api(second.url);
      expect((await client.get(`/ecx/v3/l2/connections/${uuid}`)).data).toMatchObject({
        uuid,
        name: "kept",
        status: "PROVISIONED",
      });
      // The tag is still taken on that port.
      const again = await client.post("/ecx/v3/l2/connections", { ...single, primaryName: "again" });
      expect(again.status).toBe(400);
      expect(JSON.stringify(again.data)).toMatch(/already in use/);
    } finally {
      await second.close();
    }
  });

  it("keep the emulator's clock, so that a lifecycle moved ahead in time stays where it was", async () => {
    const file = path.join(dir, "clock.json");
    const first = await startEquinixEmulator({ provisioningMs: 60_000, stateFile: file });
    const created = await (
      await api(first.url)
    ).post("/ecx/v3/l2/connections", { ...single, primaryVlanSTag: "3200" });
    await axios.post(`${first.url}/__emulator/clock/advance`, { ms: 120_000 });
    await first.close();
    const second = await startEquinixEmulator({ provisioningMs: 60_000, stateFile: file });
    try {
      const read = await (
        await api(second.url)
      ).get(`/ecx/v3/l2/connections/${created.data.primaryConnectionId}`);
      expect(read.data.status).toBe("PROVISIONED");
    } finally {
      await second.close();
    }
  });

  it("ignore a file written for another vendor or format, and start from the seed", async () => {
    const file = path.join(dir, "foreign.json");
    writeFileSync(file, JSON.stringify({ format: 1, vendor: "ovh", state: [{ uuid: "x" }] }));
    const emulator = await startEquinixEmulator({ stateFile: file });
    try {
      expect((await axios.get(`${emulator.url}/__emulator/equinix/connections`)).data).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
