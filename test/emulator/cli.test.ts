/** `npm run emulator`: starts the emulators on the ports asked for, says how to use them, and stops on SIGTERM. */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CLI = path.resolve(__dirname, "../../emulator/dist/cli.js");

function start(args: string[]) {
  const child = spawn("node", [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const until = async (pattern: RegExp) => {
    for (let i = 0; i < 100 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 50));
    return output;
  };
  return { child, exited, until, output: () => output };
}

describe("emulator CLI", () => {
  it("starts every emulator on free ports, prints the environment for programs, and stops cleanly", async () => {
    const run = start(["all", "--port", "0"]);
    const output = await run.until(/CONSOLE_CONNECT_API_KEY=/);
    const urls = [...output.matchAll(/(\w+) emulator listening on (http:\/\/127\.0\.0\.1:\d+)/g)];
    expect(urls.map((m) => m[1])).toEqual(["equinix", "ovh", "consoleconnect"]);
    expect(output).toContain(`export OVH_ENDPOINT=${urls[1][2]}/1.0`);
    expect(output).toContain(`export EQUINIX_API_ENDPOINT=${urls[0][2]}`);
    const answer = await fetch(`${urls[0][2]}/__emulator/requests`);
    expect(answer.status).toBe(200);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("keeps each emulator's state in --state DIR", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emulator-cli-"));
    try {
      const run = start(["all", "--port", "0", "--state", dir]);
      await run.until(/CONSOLE_CONNECT_API_KEY=/);
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(["consoleconnect.json", "equinix.json", "ovh.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses an unknown emulator and a bad port with the usage", async () => {
    for (const args of [["nope"], ["equinix", "--port", "http"]]) {
      const run = start(args);
      expect(await run.exited).toBe(2);
      expect(run.output()).toMatch(/usage: pulumi-interconnect-emulator <equinix\|ovh\|consoleconnect\|all>/);
    }
  });
});
