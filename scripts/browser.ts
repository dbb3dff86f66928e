/**
 * Headless Chromium for the estate view's screenshots and browser test: Debian's `chromium`, driven by
 * playwright-core, which never downloads a browser. The flags keep Chromium off the network (a closed network
 * refuses its background connections anyway), and every launch gets a fresh profile.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(path.join(os.tmpdir(), "estate-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the page's last diagram ends, in page pixels (the tables under it are left out of screenshots). */
export async function diagramsBottom(page: Page): Promise<number> {
  // Runs in the page (a string: this project compiles without the DOM's types).
  return page.evaluate(`(() => {
    const sections = [...document.querySelectorAll(".diagram-section")];
    const last = sections[sections.length - 1] ?? document.body;
    return Math.ceil(last.getBoundingClientRect().bottom + window.scrollY + 16);
  })()`);
}

/** A screenshot of the page from its top to the end of its diagrams. */
export async function screenshotDiagrams(page: Page, file: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1400;
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: await diagramsBottom(page) },
  });
}
