/**
 * The estate view: a stack's interconnects as one self-contained HTML page with a diagram.
 *
 *   state export ──estateFromExport──▶ model ──layoutEstate (ELK)──▶ positioned sections ──renderHtml──▶ HTML
 *
 * `renderEstateHtml` does the three steps; `writeEstateView` writes the page to a file; `exportStackState` reads
 * a stack's state through the Automation API (the Pulumi CLI must be on PATH).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { layoutEstate } from "./layout";
import { EstateModel, estateFromExport } from "./model";
import { RenderOptions, renderHtml } from "./render";

export * from "./model";
export { layoutEstate } from "./layout";
export type { Box, Edge, EstateLayout, Part, Point, Row, Section, TextLine } from "./layout";
export { renderHtml, renderPartSvg, renderSectionSvg, STATUS_COLOURS } from "./render";
export type { RenderOptions } from "./render";
export { escapeXml } from "./text";
export type { TextStyle } from "./text";

export interface EstateView {
  html: string;
  model: EstateModel;
}

/** The HTML page of a state export (the parsed JSON of `pulumi stack export`). */
export async function renderEstate(exported: unknown, options: RenderOptions = {}): Promise<EstateView> {
  const model = estateFromExport(exported);
  const layout = await layoutEstate(model);
  return { html: renderHtml(model, layout, options), model };
}

export async function renderEstateHtml(exported: unknown, options: RenderOptions = {}): Promise<string> {
  return (await renderEstate(exported, options)).html;
}

/** Writes the page of a state export to `outFile` (creating its folder); returns the file's absolute path. */
export async function writeEstateView(
  exported: unknown,
  outFile: string,
  options: RenderOptions = {},
): Promise<string> {
  const file = path.resolve(outFile);
  const { html } = await renderEstate(exported, options);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  return file;
}

interface CommandRunner {
  run(args: string[], cwd: string, env: Record<string, string>): Promise<{ stdout: string }>;
}

/**
 * A stack's state, as `pulumi stack export` writes it, through the Automation API: a LocalWorkspace on `workDir`
 * (the project's folder) and the Pulumi CLI on PATH, with the backend and passphrase from the environment as
 * usual. Secrets stay encrypted: the export is asked for without --show-secrets.
 */
export async function exportStackState(stackName: string, workDir: string): Promise<unknown> {
  const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
  try {
    const workspace = await LocalWorkspace.create({ workDir: path.resolve(workDir) });
    // LocalWorkspace.exportStack passes --show-secrets; the CLI command it runs on is asked directly instead.
    const command = workspace.pulumiCommand as unknown as Partial<CommandRunner>;
    if (typeof command.run === "function") {
      const env = {
        ...workspace.envVars,
        ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}),
      };
      const result = await command.run(["stack", "export", "--stack", stackName], workspace.workDir, env);
      return JSON.parse(result.stdout);
    }
    return redactSecrets(await workspace.exportStack(stackName));
  } catch (e) {
    throw new Error(`cannot export stack "${stackName}" from ${path.resolve(workDir)}: ${cliError(e)}`, {
      cause: e,
    });
  }
}

/** The CLI's own words from an Automation API error, without the command dump around them. */
function cliError(e: unknown): string {
  const result = (e as { commandResult?: { stderr?: string; err?: Error } }).commandResult;
  if (result?.err && /ENOENT/.test(String(result.err.message)))
    return "the Pulumi CLI is not on PATH (or pipe `pulumi stack export` in instead)";
  const stderr = (result?.stderr ?? "")
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("Command failed"))
    .map((line) => line.replace(/^error: /, ""))
    .join("\n");
  if (stderr) return stderr;
  return e instanceof Error ? e.message : String(e);
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Drops the plaintext of decrypted secrets (what `--show-secrets` adds), keeping the secret marker. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redactSecrets) as T;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (SIG_KEY in (value as object))
      return Object.fromEntries(entries.filter(([k]) => k !== "plaintext")) as T;
    return Object.fromEntries(entries.map(([k, v]) => [k, redactSecrets(v)])) as T;
  }
  return value;
}
