/**
 * Layout and renderer: every string escaped, nothing fetched, legend and table present; the layout's boxes never
 * overlap, with one connection and with two hundred.
 */
import { describe, expect, it } from "vitest";
import { renderEstate } from "../../estate";
import { Box, PART_SIZE, layoutEstate, splitCards } from "../../estate/layout";
import { estateFromExport } from "../../estate/model";
import { escapeXml, fitText, textWidth } from "../../estate/text";
import { generateEstate, loadFixture, resourceOf, variant } from "./estates";

const HOSTILE = `<script>alert("x")</script>&'"><img src=x onerror=alert(1)>`;

/** The demo with every string the view shows replaced by markup. */
function hostileEstate() {
  const demo = loadFixture("demo");
  const equinix = resourceOf(demo, "equinix:L2Connection");
  const cc = resourceOf(demo, "consoleconnect:Layer2Connection");
  const pop = resourceOf(demo, "ovh:PopConfig");
  const resources = [
    ...demo.deployment.resources.slice(0, 2),
    variant(equinix, `pair-${HOSTILE}`, {
      name: `n-${HOSTILE}`,
      status: `S-${HOSTILE}`,
      providerStatus: `P-${HOSTILE}`,
      portUuid: `port-${HOSTILE}`,
      profileUuid: `profile-${HOSTILE}`,
      sellerMetroCode: `m-${HOSTILE}`,
      secondaryConnection: { name: `s-${HOSTILE}`, portUuid: `p2-${HOSTILE}`, vlanSTag: `v-${HOSTILE}` },
      secondary: { uuid: `u-${HOSTILE}`, status: `s-${HOSTILE}`, zSide: { portName: `z-${HOSTILE}` } },
    }),
    {
      ...variant(cc, `cc-${HOSTILE}`, { destCompany: `c-${HOSTILE}`, errorReason: `e-${HOSTILE}` }),
      initErrors: [`i-${HOSTILE}`],
    },
    variant(pop, "pop", { serviceName: `svc-${HOSTILE}`, subnet: `sub-${HOSTILE}` }),
    { urn: `urn:pulumi:${HOSTILE}::p::x:y:Z::r`, type: `x:${HOSTILE}` },
  ];
  return { version: 3, deployment: { ...demo.deployment, resources } };
}

const FIXED = { generatedAt: new Date("2026-01-02T03:04:05Z") };

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function assertNoOverlap(boxes: Box[]): void {
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      expect(overlap(boxes[i], boxes[j]), `${boxes[i].ref} overlaps ${boxes[j].ref}`).toBe(false);
}

describe("escaping", () => {
  it("escapes the five characters of HTML and XML, and drops control characters", () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\u0007`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });

  it("puts no string from the state into the page unescaped", async () => {
    const { html } = await renderEstate(hostileEstate(), { ...FIXED, title: `T-${HOSTILE}` });
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script|<img/i);
    // No event handler or link attribute in any tag (values are quoted, and quotes in them escaped).
    for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g))
      expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\s(on[a-z]+|src|href)=/i);
    expect(html).toContain(escapeXml(`n-${HOSTILE}`).slice(0, 30));
    expect(html).toContain(`<title>T-&lt;script&gt;`);
    // Every tag the page opens is one the renderer writes.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
    const allowed =
      "html head meta title style body header h1 h2 p b ul li span section svg path rect text tspan g main div table thead tbody tr th td code footer aside".split(
        " ",
      );
    for (const tag of tags) expect(allowed, tag).toContain(tag);
  });
});

describe("the page", () => {
  it("is self-contained: no external URL, no script, no web font, a CSP that forbids fetching", async () => {
    for (const state of [loadFixture("demo"), loadFixture("mixed"), generateEstate(200)]) {
      const { html } = await renderEstate(state, FIXED);
      expect(html).not.toMatch(
        /https?:|\/\/[a-z0-9]|url\(|@import|@font-face|<script|<link|<iframe|\bsrc=|\bhref=/i,
      );
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
      );
    }
  });

  it("has a title with the stack and the time, a legend, the notes and a table of every connection with its ids", async () => {
    const state = loadFixture("mixed");
    const { html, model } = await renderEstate(state, FIXED);
    expect(html).toContain("<h1>Interconnect estate · test</h1>");
    expect(html).toMatch(
      /Stack <b>test<\/b> of project <b>mixed<\/b> · state of 2026-\d\d-\d\d \d\d:\d\d UTC · drawn 2026-01-02 03:04 UTC/,
    );
    expect(html).toContain('<section class="legend"');
    for (const label of [
      "Up",
      "Waiting (approval, provisioning)",
      "Failed, rejected, denied",
      "Being deleted, deleted",
      "Redundant pair",
    ])
      expect(html).toContain(label);
    expect(html).toContain("4 resources partially created");
    const rows = [...html.matchAll(/<tr class="s-[a-z]+" data-connection="([^"]+)"/g)].map((m) => m[1]);
    expect(rows.sort()).toEqual(model.connections.map((c) => escapeXml(c.key)).sort());
    for (const c of model.connections) {
      // (The half pair's secondary was never created: it has no id.)
      if (c.id) expect(html).toContain(`<code>${c.id}</code>`);
      expect(html).toContain(`data-label-for="${escapeXml(c.key)}"`);
    }
    expect(model.connections.filter((c) => !c.id).map((c) => c.name)).toEqual(["sv-half-pair-2"]);
    expect(html).toMatch(/<h2 id="connections">Connections \(8\)<\/h2>/);
  });

  it("notes the resources of other types it does not draw", async () => {
    const { html } = await renderEstate(hostileEstate(), FIXED);
    expect(html).toMatch(/1 resource of other types not drawn: <code>x:&lt;script&gt;/);
  });

  it("says so when the stack has no interconnect", async () => {
    const { html } = await renderEstate({ deployment: { resources: [] } }, FIXED);
    expect(html).toContain("No OVHcloud Connect, Equinix Fabric or Console Connect resources in this stack.");
    expect(html).not.toContain('<svg class="diagram"');
  });

  it("uses the given title", async () => {
    const { html } = await renderEstate(loadFixture("demo"), { ...FIXED, title: "Our estate" });
    expect(html).toContain("<title>Our estate</title>");
    expect(html).toContain("<h1>Our estate</h1>");
  });
});

describe("layout", () => {
  it("one connection: port, card and partner in three columns, joined by two edges", async () => {
    const layout = await layoutEstate(estateFromExport(loadFixture("consoleconnect-port-to-port")));
    expect(layout.sections.map((s) => s.id)).toEqual(["section-consoleconnect"]);
    const [part] = layout.sections[0].parts;
    expect(layout.sections[0].parts).toHaveLength(1);
    expect(part.caption).toBeUndefined();
    const [a, card, z] = [...part.boxes].sort((p, q) => p.x - q.x);
    expect([a.kind, card.kind, z.kind]).toEqual(["endpoint", "card", "endpoint"]);
    expect(a.x + a.width).toBeLessThan(card.x);
    expect(card.x + card.width).toBeLessThan(z.x);
    expect(part.edges).toHaveLength(2);
    for (const edge of part.edges) {
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
      expect(edge).toMatchObject({ statusClass: "up", shared: false });
    }
    assertNoOverlap(part.boxes);
  });

  it("the demo: a pair card with a row per leg, each with its edges; the OVHcloud tree from the left", async () => {
    const layout = await layoutEstate(estateFromExport(loadFixture("demo")));
    expect(layout.sections.map((s) => s.vendor)).toEqual(["equinix", "consoleconnect", "ovh"]);
    const [equinix] = layout.sections[0].parts;
    const pair = equinix.boxes.find((b) => b.pair)!;
    expect(pair.rows.map((r) => r.tag)).toEqual(["PRI", "SEC"]);
    expect(pair.rows[0].y + pair.rows[0].height).toBeLessThan(pair.rows[1].y);
    expect(equinix.edges).toHaveLength(4);
    // Both legs reach the one seller: their edges there share a trunk; each leaves its own port alone.
    expect(equinix.edges.filter((e) => e.shared).map((e) => e.cardEnd)).toEqual(["start", "start"]);
    const ovh = layout.sections[2].parts[0].boxes;
    for (let i = 1; i < ovh.length; i++) expect(ovh[i].x).toBeGreaterThan(ovh[i - 1].x + ovh[i - 1].width);
    for (const part of layout.sections.flatMap((s) => s.parts)) assertNoOverlap(part.boxes);
  });

  it("200 connections: compact cards in parts, none overlapping, every connection drawn once", async () => {
    const model = estateFromExport(generateEstate(200));
    const started = Date.now();
    const layout = await layoutEstate(model);
    expect(Date.now() - started).toBeLessThan(20_000);
    const parts = layout.sections.flatMap((s) => s.parts);
    const rows = parts.flatMap((p) => p.boxes.flatMap((b) => b.rows.map((r) => r.ref)));
    expect(rows.sort()).toEqual(model.connections.map((c) => c.key).sort());
    for (const part of parts) {
      assertNoOverlap(part.boxes);
      const drawn = part.boxes.reduce((n, b) => n + b.rows.length, 0);
      expect(drawn).toBeLessThanOrEqual(PART_SIZE);
      for (const box of part.boxes) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(part.width);
        expect(box.y + box.height).toBeLessThanOrEqual(part.height);
      }
      expect(part.edges.filter((e) => e.connection)).toHaveLength(2 * drawn);
      // Each part draws the ports and Z-sides its connections use, and only those.
      const ends = new Set(part.boxes.filter((b) => b.kind === "endpoint").map((b) => b.ref));
      const used = new Set(
        part.boxes
          .flatMap((b) => b.rows)
          .map((r) => model.connections.find((c) => c.key === r.ref)!)
          .flatMap((c) => [c.from, c.to]),
      );
      expect([...ends].sort()).toEqual([...used].sort());
    }
    expect(layout.sections[0].parts[1].caption).toMatch(/^Connections \d+–\d+ of 150$/);
    const card = parts[0].boxes.find((b) => b.kind === "card" && !b.pair)!;
    expect(card.rows[0].lines).toHaveLength(2);
  });

  it("splits cards into even parts by A-side port; ports with few connections share a part", () => {
    const run = (from: string, ...legs: number[]) =>
      legs.map((n) => ({ legs: Array.from({ length: n }, () => ({ from })) }));
    const sizes = (cards: ReturnType<typeof run>, size: number) =>
      splitCards(cards, size).map((p) => p.reduce((n, c) => n + c.legs.length, 0));
    expect(sizes(run("a", 1, 2, 1, 1), 4)).toEqual([3, 2]);
    expect(sizes([...run("a", 1), ...run("b", 1, 1, 1)], 4)).toEqual([4]);
    expect(sizes([...run("a", 1, 1, 1, 1, 1), ...run("b", 1, 1, 1, 1, 1)], 4)).toEqual([3, 2, 3, 2]);
    expect(sizes([...run("a", 2, 2, 2, 2, 2, 2, 2, 2, 1)], 16)).toEqual([8, 9]);
    expect(splitCards([], 4)).toEqual([]);
  });

  it("cuts lines that would not fit, keeping the whole text for the tooltip", () => {
    const style = { size: 13, bold: true };
    const long = "a-connection-name-that-is-far-too-long-for-any-card";
    const cut = fitText(long, 120, style);
    expect(cut.endsWith("…")).toBe(true);
    expect(textWidth(cut, style)).toBeLessThanOrEqual(120);
    expect(fitText("short", 120, style)).toBe("short");
  });
});
