/**
 * The serialized provider (`__provider`) as Pulumi stores it: small, credential-free, and loadable the way the
 * dynamic-provider host loads it (require-from-string, then `.handler()`), then run against the emulator.
 * The methods require the compiled package (dist/), so build first: `npx tsc -p tsconfig.json`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_SEED_PORTS,
  RunningConsoleConnectEmulator,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import { Layer2Connection } from "../../provider/consoleconnect";
import { loadLikeTheHost, serializeProvider } from "../helpers/serialized";

let running: RunningConsoleConnectEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  running = await startConsoleConnectEmulator({
    creatingMs: 20,
    acceptedMs: 20,
    activatingMs: 20,
    disablingMs: 20,
    deletingMs: 20,
  });
  Object.assign(process.env, {
    CONSOLE_CONNECT_API_URL: running.url,
    CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY,
    INTERCONNECT_POLL_MS: "50",
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await running.close();
});

describe("serialized provider", () => {
  it("is under 1 KB, names only the type token, holds no credential, and runs against the emulator once loaded back", async () => {
    const serialized = await serializeProvider(Layer2Connection.provider);
    expect(Buffer.byteLength(serialized.text)).toBeLessThan(1024);
    expect(serialized.containsSecrets).toBe(false);
    for (const secret of [CONSOLE_CONNECT_DEMO_API_KEY, running.url, "Bearer"])
      expect(serialized.text).not.toContain(secret);
    expect(serialized.text).toContain('"pulumi-nodejs:dynamic/consoleconnect:Layer2Connection"');
    expect(serialized.text).not.toContain("dist/");

    const loaded = await loadLikeTheHost(serialized.text);
    const inputs = {
      name: "round-trip",
      portId: CONSOLE_CONNECT_SEED_PORTS.demoHongKong.id,
      destPortId: CONSOLE_CONNECT_SEED_PORTS.demoSingapore.id,
      destCompany: CONSOLE_CONNECT_DEMO_COMPANY.username,
      destMetroId: CONSOLE_CONNECT_METROS.singapore.id,
      speed: 100,
      __provider: serialized.text,
    };
    expect((await loaded.check!({}, inputs)).failures).toEqual([]);
    const { id, outs } = await loaded.create(inputs);
    expect(outs).toMatchObject({ status: "ACTIVE", company: CONSOLE_CONNECT_DEMO_COMPANY.username });
    expect((await loaded.read!(id, outs)).props).toMatchObject({ status: "ACTIVE" });
    await loaded.delete!(id, outs);
    expect(await loaded.read!(id, outs)).toEqual({});
  });
});
