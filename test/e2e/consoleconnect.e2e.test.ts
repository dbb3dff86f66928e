/**
 * consoleconnect.Layer2Connection through the real Pulumi CLI (test/e2e/harness.ts) against the Console Connect
 * emulator, configured by environment variables only: the three examples up (with a preview, so check and diff
 * see unknown values) and destroy; then what the engine does with partial state: a create that timed out is
 * resumed by the next `pulumi up` (an update, no second connection), and a denied one is replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_PARTNER_API_KEY,
  CONSOLE_CONNECT_PARTNER_COMPANY,
  ConsoleConnectEmulatorOptions,
  RunningConsoleConnectEmulator,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import { ConsoleConnectClient } from "../../provider/consoleconnect/client";
import { PulumiProject } from "./harness";

const ME = CONSOLE_CONNECT_DEMO_COMPANY.username;
const PARTNER = CONSOLE_CONNECT_PARTNER_COMPANY.username;
const FAST = { creatingMs: 100, acceptedMs: 100, activatingMs: 100, disablingMs: 100, deletingMs: 100 };

/** An emulator for the tests of one describe block, with both companies' clients and projects to run on it. */
function emulatorFor(options: ConsoleConnectEmulatorOptions) {
  let running: RunningConsoleConnectEmulator;
  const projects: PulumiProject[] = [];
  beforeAll(async () => {
    running = await startConsoleConnectEmulator({ ...FAST, ...options });
  });
  afterAll(async () => {
    for (const project of projects) project.remove();
    await running?.close();
  });
  return {
    get running() {
      return running;
    },
    client: (apiKey: string) => new ConsoleConnectClient({ endpoint: running.url, apiKey }),
    /** An example as a project whose only settings are the two variables a user sets. */
    async project(example: string) {
      const project = await PulumiProject.create(
        example,
        { example: `examples/${example}` },
        {
          CONSOLE_CONNECT_API_URL: running.url,
          CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY,
          INTERCONNECT_POLL_MS: "100",
        },
      );
      projects.push(project);
      return project;
    },
  };
}

describe("the examples, with only the environment variables set", { timeout: 300_000 }, () => {
  const emulator = emulatorFor({ approvalDelayMs: 300 });

  it("port-to-port, company-to-company and Oracle FastConnect come up, show whom they wait for, and go away", async () => {
    const names = ["port-to-port", "company-to-company", "oracle-fastconnect"];
    const projects = await Promise.all(names.map((name) => emulator.project(`consoleconnect-${name}`)));
    const ups = await Promise.all(projects.map((project) => project.run(["up", "--yes"])));
    for (const up of ups) expect(up.code, up.output).toBe(0);
    const [p2p, b2b, oracle] = await Promise.all(projects.map((project) => project.outputs()));
    expect(p2p).toMatchObject({ status: "ACTIVE", destinationVlan: 2000, speedMbps: 100 });
    expect(b2b).toMatchObject({
      status: "ACTIVE",
      destinationFacility: "hkg39-Asia-HK-APAC",
      destinationVlan: 3000,
    });
    // Both start on My-Port-1 at the same time: each gets its own VLAN from the port's range 1000–1010.
    expect(p2p.sourceVlan).not.toBe(b2b.sourceVlan);
    for (const vlan of [p2p.sourceVlan, b2b.sourceVlan])
      expect(vlan).toSatisfy((v: number) => v >= 1000 && v <= 1010);
    expect(ups[1].output).toContain("waiting for globex-cloud to approve the connection");
    // waitForActive: false in the Oracle example: it returns once Console Connect has the request.
    expect(["PENDING_ACCEPTANCE", "ACCEPTED", "ACTIVATING", "ACTIVE"]).toContain(oracle.status);
    expect(oracle.supportRequest).toMatch(
      new RegExp(`support@consoleconnect.com.*connection ${oracle.connectionId}.*OCID`),
    );

    const destroyed = await Promise.all(projects.map((project) => project.destroy()));
    for (const destroy of destroyed) expect(destroy.code, destroy.output).toBe(0);
    const left = await emulator.client(CONSOLE_CONNECT_DEMO_API_KEY).listConnections(ME);
    expect(left.map((c) => c.status)).toEqual(["DELETED", "DELETED", "DELETED"]);
  });
});

describe("partial state through the engine", { timeout: 300_000 }, () => {
  const emulator = emulatorFor({ approvalDelayMs: "manual" });

  /** A fresh world, the company-to-company example, and both companies' clients. */
  async function fresh() {
    emulator.running.emulator.reset();
    return {
      project: await emulator.project("consoleconnect-company-to-company"),
      me: emulator.client(CONSOLE_CONNECT_DEMO_API_KEY),
      partner: emulator.client(CONSOLE_CONNECT_PARTNER_API_KEY),
    };
  }

  it("a create that timed out waiting for the partner is resumed by the next up, without a second connection", async () => {
    const { project, me, partner } = await fresh();
    await project.config("createTimeout", "2s");
    const first = await project.up();
    expect(first.code).not.toBe(0);
    expect(first.output).toMatch(/still PENDING after 2s/);
    expect(first.output).toMatch(/recorded in the stack as partially created, waiting for globex-cloud/);
    const [waiting] = await me.listConnections(ME);
    await partner.approveConnection(PARTNER, waiting.id);

    const second = await project.up();
    expect(second.code, second.output).toBe(0);
    expect(await project.outputs()).toMatchObject({ connectionId: waiting.id, status: "ACTIVE" });
    const creates = emulator.running.emulator.requests
      .list()
      .filter((r) => r.method === "PUT" && r.path.endsWith("/layer2"));
    expect(creates).toHaveLength(1);
    expect((await project.destroy()).code).toBe(0);
  });

  it("a denied request is replaced by the next up", async () => {
    const { project, me, partner } = await fresh();
    /** Answers the first request that waits for the partner and is not among `seen`. */
    const answer = async (verdict: "approveConnection" | "rejectConnection", seen: string[]) => {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        const pending = (await me.listConnections(ME)).find(
          (c) => c.status === "PENDING" && !seen.includes(c.id),
        );
        if (pending) return (await partner[verdict](PARTNER, pending.id)).id;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("no connection request to answer appeared");
    };
    const [first, denied] = await Promise.all([project.up(), answer("rejectConnection", [])]);
    expect(first.code).not.toBe(0);
    expect(first.output).toMatch(/reached DENIED: globex-cloud denied the connection request/);

    const [second, approved] = await Promise.all([project.up(), answer("approveConnection", [denied])]);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/1 replaced/);
    expect(await project.outputs()).toMatchObject({ connectionId: approved, status: "ACTIVE" });
    expect((await me.getConnection(ME, denied))!.status).toBe("DELETED");
    expect((await project.destroy()).code).toBe(0);
  });
});

describe("the lifecycle through the engine", { timeout: 300_000 }, () => {
  const emulator = emulatorFor({ approvalDelayMs: 300 });
  const control = () => `${emulator.running.url}/__emulator/consoleconnect`;
  let project: PulumiProject;
  const vendorCalls = () =>
    emulator.running.emulator.requests.list().filter((r) => !r.path.startsWith("/api/auth"));

  beforeAll(async () => {
    project = await emulator.project("consoleconnect-company-to-company");
  });

  it("fails preview on invalid inputs, naming the property and the rule", async () => {
    await project.config("speed", "0.5");
    const preview = await project.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/speed.*(whole|integer)/i);
    await project.config("speed", "100");
  });

  it("previews without creating anything; up creates and shows whom it waits for", async () => {
    const preview = await project.preview();
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/\+ 2 to create|1 to create/);
    // The lookups of the program read; nothing is created, changed or deleted during preview.
    expect(vendorCalls().filter((r) => r.method !== "GET")).toEqual([]);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toContain("waiting for globex-cloud to approve the connection");
    expect((await project.outputs()).status).toBe("ACTIVE");
  });

  it("refresh shows a rename made elsewhere; up puts the name back in place", async () => {
    const { connectionId } = await project.outputs();
    await fetch(`${control()}/connections/${connectionId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "RENAMED-IN-PORTAL" }),
    });
    const refresh = await project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/\[diff: ~name\]/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/1 updated/);
    const [connection] = await emulator.client(CONSOLE_CONNECT_DEMO_API_KEY).listConnections(ME);
    expect(connection.name).toBe("DEMO-L2-B2B");
  });

  it("changes speed in place (a decrease goes straight through) and replaces on a class-of-service change", async () => {
    const before = await project.outputs();
    await project.config("speed", "50");
    const resize = await project.up();
    expect(resize.code, resize.output).toBe(0);
    expect(resize.output).toMatch(/1 updated/);
    expect(await project.outputs()).toMatchObject({ connectionId: before.connectionId, speedMbps: 50 });

    const program = project.readProgram();
    project.writeProgram(program.replace('classOfService: "SILVER"', 'classOfService: "GOLD"'));
    const replace = await project.up();
    expect(replace.code, replace.output).toBe(0);
    expect(replace.output).toMatch(/1 replaced/);
    expect((await project.outputs()).connectionId).not.toBe(before.connectionId);
    project.writeProgram(program);
  });

  it("keeps the API key out of the state", async () => {
    const text = await project.exportText();
    expect(text).not.toContain(CONSOLE_CONNECT_DEMO_API_KEY);
    expect(text).not.toContain(CONSOLE_CONNECT_PARTNER_API_KEY);
  });

  it("forgets a connection deleted outside Pulumi on refresh, and destroy leaves nothing live", async () => {
    const { connectionId } = await project.outputs();
    await fetch(`${control()}/connections/${connectionId}`, { method: "DELETE" });
    const refresh = await project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/deleted/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    const destroy = await project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
    const left = await emulator.client(CONSOLE_CONNECT_DEMO_API_KEY).listConnections(ME);
    expect(left.filter((c) => c.status !== "DELETED")).toEqual([]);
  });
});
