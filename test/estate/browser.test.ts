/**
 * The estate view in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core) opens the
 * page of the recorded demo and of a generated 200-connection estate. Every connection's label must be visible
 * (scrolled into the viewport, not empty, not covered) and overlap no other label and no node; the page must
 * fetch nothing. Screenshots go to .cache/artifacts/.
 *
 * Without /usr/bin/chromium the test is skipped, except in CI (CI set), where it must run: .ci/run installs it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEstate } from "../../estate";
import { Browser, CHROMIUM, haveChromium, launchChromium, screenshotDiagrams } from "../../scripts/browser";
import { generateEstate, loadFixture, resourceOf, variant } from "./estates";

const ARTIFACTS = path.resolve(__dirname, "../../.cache/artifacts");
const SKIP = !haveChromium() && !process.env.CI;
const TITLE = SKIP
  ? `estate view in headless Chromium (SKIPPED: ${CHROMIUM} is missing; apt-get install -y chromium, or set CI to force the test)`
  : "estate view in headless Chromium";
if (SKIP) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Geometry {
  labels: { key: string; card: string; rect: Rect; row: Rect }[];
  nodes: { id: string; rect: Rect }[];
  cards: { id: string; rect: Rect }[];
}

interface Visibility {
  key: string;
  rect: Rect;
  inViewport: boolean;
  /** The element at the label's centre belongs to the label's own card. */
  onTop: boolean;
}

/** In-page code (strings: this project compiles without the DOM's types). */
const GEOMETRY = `(() => {
  const abs = (el) => { const r = el.getBoundingClientRect(); return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height }; };
  const labels = [...document.querySelectorAll("[data-label-for]")].map((el) => ({
    key: el.getAttribute("data-label-for"),
    card: el.closest("[data-card]").getAttribute("data-card"),
    rect: abs(el),
    row: abs(el.closest(".row").querySelector(":scope > rect.frame")),
  }));
  const nodes = [...document.querySelectorAll("svg [data-node] > rect.frame")].map((el) => ({ id: el.parentElement.getAttribute("data-node"), rect: abs(el) }));
  const cards = [...document.querySelectorAll("svg [data-card]")].map((el) => ({
    id: el.getAttribute("data-card"),
    rect: abs(el.querySelector(":scope > rect.pair-frame") ?? el.querySelector(".row > rect.frame")),
  }));
  return { labels, nodes, cards };
})()`;

const VISIBILITY = `((index) => {
  const el = document.querySelectorAll("[data-label-for]")[index];
  el.scrollIntoView({ block: "center", inline: "center" });
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return {
    key: el.getAttribute("data-label-for"),
    rect: { x: r.x, y: r.y, width: r.width, height: r.height },
    inViewport: r.x >= 0 && r.y >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
    onTop: !!hit && hit.closest("[data-card]") === el.closest("[data-card]"),
  };
})`;

const WELL_FORMED = `[...document.querySelectorAll("svg.diagram")].map((svg) => {
  const doc = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), "image/svg+xml");
  return doc.querySelector("parsererror") ? svg.id : null;
}).filter(Boolean)`;

function overlaps(a: Rect, b: Rect, tolerance = 0.5): boolean {
  return (
    a.x + tolerance < b.x + b.width &&
    b.x + tolerance < a.x + a.width &&
    a.y + tolerance < b.y + b.height &&
    b.y + tolerance < a.y + a.height
  );
}

function inside(inner: Rect, outer: Rect, tolerance = 0.5): boolean {
  return (
    inner.x >= outer.x - tolerance &&
    inner.y >= outer.y - tolerance &&
    inner.x + inner.width <= outer.x + outer.width + tolerance &&
    inner.y + inner.height <= outer.y + outer.height + tolerance
  );
}

let browser: Browser;

async function open(
  name: string,
  state: unknown,
): Promise<{ page: Page; count: number; requests: string[] }> {
  const { html, model } = await renderEstate(state);
  mkdirSync(path.join(ARTIFACTS, "estate"), { recursive: true });
  const file = path.join(ARTIFACTS, "estate", `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.context.newPage();
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  page.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url);
  return { page, count: model.connections.length, requests };
}

/** The checks of the brief, on one page. */
async function checkLabels(page: Page, count: number): Promise<void> {
  expect(await page.evaluate(WELL_FORMED)).toEqual([]);
  expect(await page.locator("script, img, iframe, link").count()).toBe(0);

  const { labels, nodes, cards } = (await page.evaluate(GEOMETRY)) as Geometry;
  expect(labels).toHaveLength(count);
  expect(new Set(labels.map((l) => l.key)).size).toBe(count);
  for (const label of labels) {
    expect(label.rect.width, label.key).toBeGreaterThan(20);
    expect(label.rect.height, label.key).toBeGreaterThan(10);
    // The label's text stays inside its own row.
    expect(inside(label.rect, label.row), `${label.key} spills out of its row`).toBe(true);
  }
  // No label overlaps another label (sorted sweep), a port or seller, or another connection's card.
  const sorted = [...labels].sort((a, b) => a.rect.y - b.rect.y);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j].rect.y < sorted[i].rect.y + sorted[i].rect.height; j++)
      expect(overlaps(sorted[i].rect, sorted[j].rect), `${sorted[i].key} overlaps ${sorted[j].key}`).toBe(
        false,
      );
  for (const label of labels) {
    for (const node of nodes)
      expect(overlaps(label.rect, node.rect), `${label.key} overlaps node ${node.id}`).toBe(false);
    for (const card of cards)
      if (card.id !== label.card)
        expect(overlaps(label.rect, card.rect), `${label.key} overlaps card ${card.id}`).toBe(false);
  }

  // Each label, scrolled into view, is inside the viewport and on top at its centre.
  for (let i = 0; i < count; i++) {
    const seen = (await page.evaluate(`${VISIBILITY}(${i})`)) as Visibility;
    expect(seen.rect.width * seen.rect.height, seen.key).toBeGreaterThan(0);
    expect(seen.inViewport, `${seen.key} is not inside the viewport`).toBe(true);
    expect(seen.onTop, `${seen.key} is covered`).toBe(true);
  }
}

describe.skipIf(SKIP)(TITLE, { timeout: 180_000 }, () => {
  beforeAll(async () => {
    browser = await launchChromium({ width: 1400, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the demo estate (recorded): every label visible, nothing overlapping, nothing fetched", async () => {
    const { page, count, requests } = await open("demo", loadFixture("demo"));
    expect(count).toBe(3);
    await checkLabels(page, count);
    expect(requests).toEqual([]);
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: path.join(ARTIFACTS, "estate-demo.png"), fullPage: true });
    await page.close();
  });

  it("200 connections: every label visible, nothing overlapping, nothing fetched", async () => {
    const { page, count, requests } = await open("estate-200", generateEstate(200));
    expect(count).toBe(200);
    await checkLabels(page, count);
    expect(requests).toEqual([]);
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: path.join(ARTIFACTS, "estate-200-top.png") });
    await screenshotDiagrams(page, path.join(ARTIFACTS, "estate-200.png"));
    await page.close();
  });

  it("its checks catch a label moved onto another one", async () => {
    const { page, count } = await open("demo-broken", loadFixture("demo"));
    await page.addStyleTag({ content: `[data-label-for] { transform: translate(0px, 40px); }` });
    await expect(checkLabels(page, count)).rejects.toThrow(/spills out of its row|overlaps/);
    await page.close();
  });

  it("shows strings from the state as text, never as markup", async () => {
    const hostile = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
    const demo = loadFixture("demo");
    const cc = resourceOf(demo, "consoleconnect:Layer2Connection");
    const state = {
      ...demo,
      deployment: {
        ...demo.deployment,
        resources: [variant(cc, "x", { name: hostile, destCompany: hostile })],
      },
    };
    const { page, requests } = await open("hostile", state);
    expect(await page.locator("script, img").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator("[data-label-for] text").first().textContent()).toContain("<img");
    expect(requests).toEqual([]);
    await page.close();
  });
});
