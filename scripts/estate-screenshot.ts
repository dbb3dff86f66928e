/**
 * Screenshots of estate views in headless Chromium (see scripts/browser.ts):
 *
 *   node dist/scripts/estate-screenshot.js                      docs/estate-demo.png from the recorded demo
 *   node dist/scripts/estate-screenshot.js PAGE.html OUT.png    any page, whole
 *
 * The docs picture shows the page down to the end of its diagrams (the table is left out), at 1200 pixels wide.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { renderEstateHtml } from "../estate";
import { launchChromium, screenshotDiagrams } from "./browser";

const REPO = path.resolve(__dirname, "../..");

async function shoot(html: string, out: string, diagramsOnly: boolean, width: number): Promise<void> {
  const browser = await launchChromium({ width, height: 800 });
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(path.resolve(html)).href);
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    if (diagramsOnly) await screenshotDiagrams(page, out);
    else await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const [html, out] = process.argv.slice(2);
  if (html && out) {
    await shoot(html, out, false, 1400);
    console.log(path.resolve(out));
    return;
  }
  if (html) {
    console.error("usage: node dist/scripts/estate-screenshot.js [PAGE.html OUT.png]");
    process.exit(2);
  }
  const state = JSON.parse(readFileSync(path.join(REPO, "test/estate/fixtures/demo.json"), "utf8"));
  const dir = mkdtempSync(path.join(os.tmpdir(), "estate-docs-"));
  try {
    const page = path.join(dir, "demo.html");
    writeFileSync(page, await renderEstateHtml(state, { title: "Interconnect estate · demo" }));
    const target = path.join(REPO, "docs/estate-demo.png");
    await shoot(page, target, true, 1200);
    console.log(target);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
