/**
 * Screenshots of estate views in headless Chromium (Debian's `chromium`, driven by playwright-core; no browser is
 * ever downloaded):
 *
 *   node dist/scripts/estate-screenshot.js PAGE.html OUT.png [--width 1400] [--full]
 *
 * `npm run estate:screenshot` makes docs/estate-demo.png from the recorded demo fixture.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep Chromium off the network (a closed network refuses its background connections anyway). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Shot {
  html: string;
  out: string;
  width?: number;
  full?: boolean;
}

export async function screenshot({ html, out, width = 1400, full = true }: Shot): Promise<void> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(path.join(os.tmpdir(), "estate-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height: 900 },
    deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(path.resolve(html)).href);
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    await page.screenshot({ path: out, fullPage: full });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { width: { type: "string" }, full: { type: "boolean", default: true } },
  });
  const [html, out] = positionals;
  if (!html || !out) {
    console.error("usage: node dist/scripts/estate-screenshot.js PAGE.html OUT.png [--width N]");
    process.exit(2);
  }
  await screenshot({ html, out, width: values.width ? Number(values.width) : undefined, full: values.full });
  console.log(path.resolve(out));
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
