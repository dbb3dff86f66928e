#!/usr/bin/env node
/**
 * pulumi-interconnect-estate: draws a stack's interconnects as one self-contained HTML page.
 *
 *   pulumi stack export | pulumi-interconnect-estate [--out FILE] [--title TEXT]
 *   pulumi-interconnect-estate --file state.json [--out FILE] [--title TEXT]
 *   pulumi-interconnect-estate --stack NAME [--cwd PROJECT_DIR] [--out FILE] [--title TEXT]
 *
 * With --stack, the state is read through the Automation API: the Pulumi CLI must be on PATH, and the backend
 * (PULUMI_BACKEND_URL or `pulumi login`) and passphrase are the usual environment's.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { exportStackState, writeEstateView } from "./index";

const USAGE = `usage: pulumi-interconnect-estate [--file STATE.json | --stack NAME [--cwd DIR]] [--out FILE.html] [--title TEXT]

Reads a stack's state (\`pulumi stack export\` JSON from --file, from standard input, or from --stack through the
Automation API, in the Pulumi project at --cwd) and writes one self-contained HTML page with its interconnects.

  --file PATH    the export to read ("-" or no --file/--stack: standard input)
  --stack NAME   export this stack with the Pulumi CLI (must be on PATH)
  --cwd DIR      the Pulumi project's folder for --stack (default: the current folder)
  --out FILE     where to write the page (default: estate-<stack>.html)
  --title TEXT   the page's heading (default: "Interconnect estate · <stack>")
  -h, --help     this help`;

function fail(message: string): never {
  console.error(`pulumi-interconnect-estate: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function readStdin(): string {
  if (process.stdin.isTTY) fail("no input: pipe `pulumi stack export` in, or use --file or --stack");
  return readFileSync(0, "utf8");
}

function parseExport(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`${source} is not JSON (${e instanceof Error ? e.message : e})`);
  }
}

/** A file name from the stack's name. */
const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "-");

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: "string" },
        stack: { type: "string" },
        cwd: { type: "string" },
        out: { type: "string", short: "o" },
        title: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.file !== undefined && values.stack !== undefined) fail("use --file or --stack, not both");
  if (values.cwd !== undefined && values.stack === undefined) fail("--cwd goes with --stack");

  let exported: unknown;
  if (values.stack !== undefined) {
    exported = await exportStackState(values.stack, values.cwd ?? process.cwd());
  } else if (values.file !== undefined && values.file !== "-") {
    let text: string;
    try {
      text = readFileSync(values.file, "utf8");
    } catch (e) {
      fail(`cannot read ${values.file}: ${e instanceof Error ? e.message : e}`);
    }
    exported = parseExport(text, values.file);
  } else {
    exported = parseExport(readStdin(), "standard input");
  }
  if (!exported || typeof exported !== "object" || !("deployment" in exported || "resources" in exported))
    fail("this is not a `pulumi stack export` document (no deployment)");

  const stackName = values.stack ?? stackOf(exported) ?? "stack";
  const out = values.out ?? `estate-${safe(stackName)}.html`;
  const file = await writeEstateView(exported, out, values.title ? { title: values.title } : {});
  console.log(file);
}

function stackOf(exported: unknown): string | undefined {
  const resources = (exported as { deployment?: { resources?: { urn?: string }[] } }).deployment?.resources;
  const urn = resources?.find((r) => typeof r.urn === "string")?.urn;
  return urn?.match(/^urn:pulumi:([^:]+)::/)?.[1];
}

main().catch((error: unknown) => {
  console.error(`pulumi-interconnect-estate: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
