/**
 * Layout: the estate model as boxes of text, placed by ELK (elkjs, layered, left to right).
 *
 * Each vendor is a section of its own. For Layer 2 connections the A-side ports are the first layer, the
 * connections are cards in the middle (nodes, so that their labels never overlap anything), and the Z-sides
 * (sellers, partners, Oracle, your other ports) are the last layer. A redundant pair is one card with a row per
 * leg; each row has ports of its own, so that each leg's edges start and end at its row. Edges that leave a port
 * or reach a seller share one trunk (ELK's merged edges). Long sections are drawn in parts of PART_SIZE
 * connections, each with the ports and sellers it uses, so that large estates read a screen at a time.
 *
 * OVHcloud Connect is a tree of its own, read from the left: vRack → service → PoP config → datacenter configs →
 * extras.
 *
 * Every coordinate is absolute within its section.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import { Connection, Endpoint, EstateModel, OvhNode, Pair, StatusClass, VENDOR_NAMES, Vendor } from "./model";
import { TextStyle, fitText, textWidth } from "./text";

export interface Point {
  x: number;
  y: number;
}

export interface TextLine {
  /** What is drawn (cut with an ellipsis when too long). */
  text: string;
  /** The whole text (for tooltips). */
  full: string;
  style: TextStyle;
  /** CSS class of the line: role, title, detail, status, warn, group. */
  cls: string;
  /** Drawn after `text` on the same line, in the detail style (a status's details). */
  suffix?: string;
  /** Baseline, from the top of the box or row. */
  y: number;
}

/** One connection's part of a card: its label. */
export interface Row {
  /** The connection's key. */
  ref: string;
  /** From the top of the card. */
  y: number;
  height: number;
  lines: TextLine[];
  statusClass: StatusClass;
  /** PRI or SEC for the legs of a pair. */
  tag?: string;
  partial: boolean;
  tooltip: string;
}

export interface Box {
  id: string;
  kind: "endpoint" | "card" | "ovh";
  /** The model's key: endpoint id, connection or pair key, OVH node id. */
  ref: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The box's text; for a pair's card, its header. */
  lines: TextLine[];
  /** A card's connections: one, or the two legs of a pair. */
  rows: Row[];
  pair: boolean;
  statusClass?: StatusClass;
  side?: "a" | "z";
  partial: boolean;
  tooltip: string;
}

export interface Edge {
  id: string;
  points: Point[];
  statusClass: StatusClass;
  /** The connection it draws, for Layer 2 edges. */
  connection?: string;
  /** True when the edge shares its trunk with others (it leaves a port or reaches a seller with several). */
  shared: boolean;
  /** Which end of the edge is the card's: its last segment ("end") or its first ("start"). */
  cardEnd?: "start" | "end";
}

/** One diagram: an ELK layout of its own. */
export interface Part {
  id: string;
  /** "Connections 17–32 of 150", when a section is drawn in parts. */
  caption?: string;
  width: number;
  height: number;
  boxes: Box[];
  edges: Edge[];
}

/** A vendor's diagram: one part, or several for long sections. */
export interface Section {
  id: string;
  vendor: Vendor;
  title: string;
  parts: Part[];
}

export interface EstateLayout {
  sections: Section[];
}

// ---- sizes --------------------------------------------------------------------------------------------------

const PAD_X = 12;
const PAD_TOP = 8;
const LINE_GAP = 4;
const ENDPOINT_WIDTH = 272;
const CARD_WIDTH = 296;
/** Compact cards (two lines a connection) for sections with more connections than this. */
export const COMPACT_ABOVE = 40;
/** At most this many connections in one diagram; longer sections are drawn in parts (see splitCards). */
export const PART_SIZE = 16;
const COMPACT_WIDTH = 330;
const OVH_WIDTH = 272;
const OVH_MIN_WIDTH = 150;
/** A pair card's inset around its rows, and the gap between them. */
export const PAIR_INSET = 7;
const PAIR_HEADER = 22;
/** Room for the status stripe on the left of boxes with a status. */
export const STRIPE = 6;
/** Room for the PRI/SEC tag on the right of a leg's first line. */
const TAG_ROOM = 34;

export const STYLE = {
  role: { size: 10.5 },
  title: { size: 13, bold: true },
  id: { size: 11, mono: true },
  detail: { size: 11.5 },
  status: { size: 11.5, bold: true },
  warn: { size: 11, bold: true },
  group: { size: 10.5, bold: true },
} satisfies Record<string, TextStyle>;

interface LineSpec {
  text: string;
  style: TextStyle;
  cls: string;
  /** Drawn after the text, in the detail style. */
  suffix?: string;
  /** When the suffix does not fit, give it a line of its own instead of cutting it. */
  wrap?: boolean;
}

/** Lays lines out from the top of a box of `width`; returns them with the box's height. */
function stack(
  width: number,
  specs: LineSpec[],
  options: { reserveRight?: number; indent?: number; top?: number } = {},
): { lines: TextLine[]; height: number } {
  let y = options.top ?? PAD_TOP;
  const lines: TextLine[] = [];
  const add = (spec: LineSpec, reserve: number) => {
    y += spec.style.size + (lines.length === 0 ? 0 : LINE_GAP);
    const max = width - 2 * PAD_X - (options.indent ?? 0) - reserve;
    const text = fitText(spec.text, max, spec.style);
    const line: TextLine = { text, full: spec.text, style: spec.style, cls: spec.cls, y };
    lines.push(line);
    if (!spec.suffix) return;
    const room = max - textWidth(text, spec.style);
    if (text === spec.text && textWidth(spec.suffix, STYLE.detail) <= room) {
      line.suffix = spec.suffix;
      line.full = `${spec.text}${spec.suffix}`;
    } else if (spec.wrap) {
      // What does not fit after the text goes on a line of its own rather than being cut.
      add({ text: spec.suffix.replace(/^ · /, ""), style: STYLE.detail, cls: "detail" }, 0);
    } else if (text === spec.text && room > 30) {
      line.suffix = fitText(spec.suffix, room, STYLE.detail);
      line.full = `${spec.text}${spec.suffix}`;
    }
  };
  specs.forEach((spec, i) => add(spec, i === 0 ? (options.reserveRight ?? 0) : 0));
  return { lines, height: Math.ceil(y + PAD_TOP + 3) };
}

const isIdLike = (text: string) => /^[0-9a-f]{8}-[0-9a-f-]{27}$|^[0-9a-f]{24}$/i.test(text);

/** ELK ids for one layout: short and free of the URNs' colons. */
class Ids {
  private readonly map = new Map<string, string>();
  of(prefix: string, key: string): string {
    const full = `${prefix}:${key}`;
    let id = this.map.get(full);
    if (!id) {
      id = `${prefix}${this.map.size}`;
      this.map.set(full, id);
    }
    return id;
  }
}

function endpointBox(ids: Ids, e: Endpoint): Box {
  const specs = [
    { text: e.role, style: STYLE.role, cls: "role" },
    { text: e.label, style: isIdLike(e.label) ? STYLE.id : STYLE.title, cls: "title" },
    ...e.details.map((d) => ({ text: d, style: isIdLike(d) ? STYLE.id : STYLE.detail, cls: "detail" })),
  ];
  const { lines, height } = stack(ENDPOINT_WIDTH, specs);
  return {
    id: ids.of("e", e.id),
    kind: "endpoint",
    ref: e.id,
    x: 0,
    y: 0,
    width: ENDPOINT_WIDTH,
    height,
    lines,
    rows: [],
    pair: false,
    side: e.side,
    partial: false,
    tooltip: [e.role, e.label, ...e.details].join("\n"),
  };
}

/** A connection's row: name, VLAN and speed, status with details, the seller's end, a partial-creation mark. */
function row(c: Connection, width: number, y: number, compact: boolean): Row {
  const tag = c.leg === "primary" ? "PRI" : c.leg === "secondary" ? "SEC" : undefined;
  const status = {
    text: c.status,
    style: STYLE.status,
    cls: "status",
    suffix: c.detail ? ` · ${c.detail}` : undefined,
    wrap: true,
  };
  const specs: LineSpec[] = compact
    ? [{ text: c.name, style: STYLE.title, cls: "title", suffix: ` · ${c.vlan} · ${c.speed}` }, status]
    : [
        { text: c.name, style: STYLE.title, cls: "title" },
        { text: `${c.vlan} · ${c.speed}`, style: STYLE.detail, cls: "detail" },
        status,
      ];
  if (c.zSide) specs.push({ text: c.zSide, style: STYLE.detail, cls: "detail" });
  if (c.errors.length > 0)
    specs.push({ text: "⚠ partially created (see table)", style: STYLE.warn, cls: "warn" });
  const { lines, height } = stack(width, specs, { reserveRight: tag ? TAG_ROOM : 0, indent: STRIPE });
  return {
    ref: c.key,
    y,
    height,
    lines,
    statusClass: c.statusClass,
    tag,
    partial: c.errors.length > 0,
    tooltip: [
      `${c.name} (resource ${c.resource}${c.leg ? `, ${c.leg}` : ""})`,
      c.id ? `id ${c.id}` : undefined,
      `${c.vlan} · ${c.speed}`,
      c.detail ? `${c.status} · ${c.detail}` : c.status,
      c.zSide,
      ...c.errors,
    ]
      .filter(Boolean)
      .join("\n"),
  };
}

function singleCard(ids: Ids, c: Connection, compact: boolean): Box {
  const width = compact ? COMPACT_WIDTH : CARD_WIDTH;
  const r = row(c, width, 0, compact);
  return {
    id: ids.of("c", c.key),
    kind: "card",
    ref: c.key,
    x: 0,
    y: 0,
    width,
    height: r.height,
    lines: [],
    rows: [r],
    pair: false,
    statusClass: c.statusClass,
    partial: r.partial,
    tooltip: r.tooltip,
  };
}

function pairCard(ids: Ids, pair: Pair, legs: Connection[], compact: boolean): Box {
  const inner = compact ? COMPACT_WIDTH : CARD_WIDTH;
  const width = inner + 2 * PAIR_INSET;
  const header = stack(
    width,
    [{ text: `⇉ redundant pair · ${pair.resource}`, style: STYLE.group, cls: "group" }],
    {
      top: 6,
    },
  );
  const rows: Row[] = [];
  let y = PAIR_HEADER;
  for (const leg of legs) {
    const r = row(leg, inner, y, compact);
    rows.push(r);
    y += r.height + PAIR_INSET;
  }
  return {
    id: ids.of("p", pair.key),
    kind: "card",
    ref: pair.key,
    x: 0,
    y: 0,
    width,
    height: y,
    lines: header.lines,
    rows,
    pair: true,
    partial: rows.some((r) => r.partial),
    tooltip: `Redundant pair ${pair.name} (resource ${pair.resource})${
      pair.redundancyGroup ? `\nredundancy group ${pair.redundancyGroup}` : ""
    }`,
  };
}

function ovhBox(ids: Ids, n: OvhNode): Box {
  // The vRack link's status is drawn on the service it links (and on the edge between them).
  const status = n.kind === "vrack" ? undefined : n.status;
  const specs: LineSpec[] = [
    { text: n.role, style: STYLE.role, cls: "role" },
    { text: n.label, style: isIdLike(n.label) ? STYLE.id : STYLE.title, cls: "title" },
    ...n.details.map((d) => ({ text: d, style: STYLE.detail, cls: "detail" })),
  ];
  if (status) specs.push({ text: status, style: STYLE.status, cls: "status" });
  if (n.errors.length > 0)
    specs.push({ text: "⚠ partially created (see table)", style: STYLE.warn, cls: "warn" });
  // As wide as the text needs, within bounds: the tree reads left to right on one screen.
  const indent = status ? STRIPE : 0;
  const needed = Math.max(...specs.map((spec) => textWidth(spec.text, spec.style))) + 2 * PAD_X + indent + 2;
  const width = Math.ceil(Math.min(OVH_WIDTH, Math.max(OVH_MIN_WIDTH, needed)));
  const { lines, height } = stack(width, specs, { indent });
  return {
    id: ids.of("o", n.id),
    kind: "ovh",
    ref: n.id,
    x: 0,
    y: 0,
    width,
    height,
    lines,
    rows: [],
    pair: false,
    statusClass: status ? n.statusClass : undefined,
    partial: n.errors.length > 0,
    tooltip: [
      n.role,
      n.label,
      ...n.details,
      n.status,
      n.resource ? `resource ${n.resource}` : undefined,
      ...n.errors,
    ]
      .filter(Boolean)
      .join("\n"),
  };
}

// ---- ELK ----------------------------------------------------------------------------------------------------

/** elkjs's bundled build (CommonJS): runs in this thread, no worker. */
const ELK = require("elkjs/lib/elk.bundled.js") as new () => {
  layout(graph: ElkNode): Promise<ElkNode>;
};

const ROOT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "ORTHOGONAL",
  // Edges without ports (at the A-side ports and the Z-sides) share one trunk per node.
  "elk.layered.mergeEdges": "true",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.layered.spacing.edgeNodeBetweenLayers": "20",
  "elk.layered.spacing.edgeEdgeBetweenLayers": "8",
  "elk.spacing.nodeNode": "14",
  "elk.spacing.edgeNode": "12",
  "elk.spacing.edgeEdge": "8",
  "elk.spacing.componentComponent": "28",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  // Cards stay in their order (by A-side port, then name): each port's connections side by side.
  "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
};

async function runElk(graph: ElkNode): Promise<ElkNode> {
  return new ELK().layout(graph);
}

function collect(node: ElkNode): Map<string, ElkNode> {
  return new Map((node.children ?? []).map((c) => [c.id, c]));
}

function place(box: Box, laid: Map<string, ElkNode>): Box {
  const n = laid.get(box.id)!;
  return { ...box, x: n.x ?? 0, y: n.y ?? 0 };
}

function edgePoints(edge: ElkExtendedEdge): Point[] {
  const s = edge.sections?.[0];
  if (!s) return [];
  return [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y }));
}

// ---- sections -----------------------------------------------------------------------------------------------

const A_FIRST = { "elk.layered.layering.layerConstraint": "FIRST" };
const Z_LAST = { "elk.layered.layering.layerConstraint": "LAST" };

/** A card and the connections it draws, in the section's order. */
interface Card {
  order: string;
  box: Box;
  legs: Connection[];
}

/**
 * Splits a long section into parts of at most `size` connections, each drawn with the ports and sellers it uses,
 * so that every part can be read on its own. Cards are split by A-side port (the port of a pair's primary) into
 * parts of even sizes; ports with few connections share a part.
 */
export function splitCards<T extends { legs: { from: string }[] }>(cards: T[], size = PART_SIZE): T[][] {
  const count = (list: T[]) => list.reduce((n, card) => n + card.legs.length, 0);
  const runs: T[][] = [];
  for (const card of cards) {
    const last = runs[runs.length - 1];
    if (last && last[0].legs[0].from === card.legs[0].from) last.push(card);
    else runs.push([card]);
  }
  const parts: T[][] = [];
  for (const run of runs) {
    const total = count(run);
    const previous = parts[parts.length - 1];
    if (total <= size && previous && count(previous) + total <= size) {
      previous.push(...run);
      continue;
    }
    const target = Math.ceil(total / Math.ceil(total / size));
    let current: T[] = [];
    for (const card of run) {
      if (current.length > 0 && count(current) + card.legs.length > target) {
        parts.push(current);
        current = [];
      }
      current.push(card);
    }
    if (current.length > 0) parts.push(current);
  }
  return parts;
}

async function layer2Part(
  ids: Ids,
  id: string,
  cards: Card[],
  endpoints: Map<string, Endpoint>,
  degree: Map<string, number>,
): Promise<Part> {
  // The ports and Z-sides this part's connections use, in the model's order; boxes of their own in each part.
  const used = new Set(cards.flatMap((c) => c.legs.flatMap((l) => [l.from, l.to])));
  const ends = [...endpoints.values()].filter((e) => used.has(e.id)).map((e) => endpointBox(ids, e));
  const endpointId = new Map(ends.map((b) => [b.ref, b.id]));

  const edges: ElkExtendedEdge[] = [];
  const meta = new Map<string, Omit<Edge, "id" | "points">>();
  const cardNodes: ElkNode[] = cards.map(({ box, legs }) => {
    const x = box.pair ? PAIR_INSET : 0;
    const ports = box.rows.flatMap((r, i) => {
      const y = r.y + r.height / 2;
      const port = (side: "w" | "e") => ({
        id: `${box.id}${side}${i}`,
        x: side === "w" ? x - 1 : box.width - x,
        y,
        width: 1,
        height: 1,
        layoutOptions: { "elk.port.side": side === "w" ? "WEST" : "EAST" },
      });
      return [port("w"), port("e")];
    });
    legs.forEach((c, i) => {
      const a = `${box.id}a${i}`;
      const z = `${box.id}z${i}`;
      edges.push({ id: a, sources: [endpointId.get(c.from)!], targets: [`${box.id}w${i}`] });
      edges.push({ id: z, sources: [`${box.id}e${i}`], targets: [endpointId.get(c.to)!] });
      const common = { statusClass: c.statusClass, connection: c.key };
      meta.set(a, { ...common, shared: (degree.get(`${id}|${c.from}`) ?? 0) > 1, cardEnd: "end" });
      meta.set(z, { ...common, shared: (degree.get(`${id}|${c.to}`) ?? 0) > 1, cardEnd: "start" });
    });
    return {
      id: box.id,
      width: box.width,
      height: box.height,
      ports,
      layoutOptions: { "elk.portConstraints": "FIXED_POS" },
    };
  });

  const aBoxes = ends.filter((b) => b.side === "a");
  const zBoxes = ends.filter((b) => b.side === "z");
  const children: ElkNode[] = [
    ...aBoxes.map((b) => ({ id: b.id, width: b.width, height: b.height, layoutOptions: A_FIRST })),
    ...cardNodes,
    ...zBoxes.map((b) => ({ id: b.id, width: b.width, height: b.height, layoutOptions: Z_LAST })),
  ];
  const laidOut = await runElk({ id: "root", layoutOptions: ROOT_OPTIONS, children, edges });
  const laid = collect(laidOut);
  return {
    id,
    width: Math.ceil(laidOut.width ?? 0),
    height: Math.ceil(laidOut.height ?? 0),
    boxes: [...aBoxes, ...cards.map((c) => c.box), ...zBoxes].map((b) => place(b, laid)),
    edges: (laidOut.edges ?? []).map((e) => ({
      id: e.id,
      points: edgePoints(e as ElkExtendedEdge),
      ...(meta.get(e.id) ?? { statusClass: "other", shared: false }),
    })),
  };
}

async function layer2Section(
  ids: Ids,
  vendor: Vendor,
  endpoints: Endpoint[],
  connections: Connection[],
  pairs: Pair[],
): Promise<Section> {
  const byKey = new Map(connections.map((c) => [c.key, c]));
  const inPair = new Set(pairs.flatMap((p) => p.legs));
  const compact = connections.length > COMPACT_ABOVE;

  // Cards in a stable order: by A-side port, then name.
  const cards: Card[] = [];
  const order = (c: Connection) => `${c.from}\u0000${c.name}\u0000${c.key}`;
  for (const pair of pairs) {
    const legs = pair.legs.map((k) => byKey.get(k)).filter((c): c is Connection => !!c);
    if (legs.length > 0) cards.push({ order: order(legs[0]), box: pairCard(ids, pair, legs, compact), legs });
  }
  for (const c of connections)
    if (!inPair.has(c.key)) cards.push({ order: order(c), box: singleCard(ids, c, compact), legs: [c] });
  cards.sort((x, y) => (x.order < y.order ? -1 : x.order > y.order ? 1 : 0));

  const chunks = splitCards(cards);
  const id = `section-${vendor}`;
  const partId = (i: number) => (chunks.length > 1 ? `${id}-${i + 1}` : id);
  // How many connections reach each endpoint within each part: more than one share a trunk.
  const degree = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    for (const c of chunk.flatMap((card) => card.legs))
      for (const end of [c.from, c.to])
        degree.set(`${partId(i)}|${end}`, (degree.get(`${partId(i)}|${end}`) ?? 0) + 1);
  });
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  const parts = await Promise.all(chunks.map((chunk, i) => layer2Part(ids, partId(i), chunk, byId, degree)));
  let first = 1;
  chunks.forEach((chunk, i) => {
    const n = chunk.reduce((sum, card) => sum + card.legs.length, 0);
    if (chunks.length > 1)
      parts[i].caption = `Connections ${first}–${first + n - 1} of ${connections.length}`;
    first += n;
  });
  return { id, vendor, title: `${VENDOR_NAMES[vendor]} · Layer 2`, parts };
}

async function ovhSection(ids: Ids, nodes: OvhNode[]): Promise<Section> {
  const boxes = nodes.map((n) => ovhBox(ids, n));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: ElkExtendedEdge[] = [];
  const status = new Map<string, StatusClass>();
  for (const n of nodes) {
    if (!n.parent || !byId.has(n.parent)) continue;
    const id = `${ids.of("o", n.id)}p`;
    edges.push({ id, sources: [ids.of("o", n.parent)], targets: [ids.of("o", n.id)] });
    status.set(id, n.statusClass);
  }
  const laidOut = await runElk({
    id: "root",
    // A tree read from the left: vRack, service, PoP config, datacenter configs, extras.
    layoutOptions: {
      ...ROOT_OPTIONS,
      "elk.layered.mergeEdges": "false",
      "elk.layered.spacing.nodeNodeBetweenLayers": "40",
      "elk.spacing.nodeNode": "18",
    },
    children: boxes.map((b) => ({ id: b.id, width: b.width, height: b.height })),
    edges,
  });
  const laid = collect(laidOut);
  const part: Part = {
    id: "section-ovh",
    width: Math.ceil(laidOut.width ?? 0),
    height: Math.ceil(laidOut.height ?? 0),
    boxes: boxes.map((b) => place(b, laid)),
    edges: (laidOut.edges ?? []).map((e) => ({
      id: e.id,
      points: edgePoints(e as ElkExtendedEdge),
      statusClass: status.get(e.id) ?? "other",
      shared: false,
    })),
  };
  return {
    id: "section-ovh",
    vendor: "ovh",
    title: `${VENDOR_NAMES.ovh} · vRack, PoP and datacenter configs`,
    parts: [part],
  };
}

/** Places the estate: one section per vendor present, Layer 2 vendors first, then OVHcloud Connect. */
export async function layoutEstate(model: EstateModel): Promise<EstateLayout> {
  const ids = new Ids();
  const sections: Section[] = [];
  for (const vendor of ["equinix", "consoleconnect"] as const) {
    const connections = model.connections.filter((c) => c.vendor === vendor);
    if (connections.length === 0) continue;
    const keys = new Set(connections.map((c) => c.key));
    const endpoints = model.endpoints.filter((e) => e.vendor === vendor);
    const pairs = model.pairs.filter((p) => p.legs.some((k) => keys.has(k)));
    sections.push(await layer2Section(ids, vendor, endpoints, connections, pairs));
  }
  if (model.ovh.length > 0) sections.push(await ovhSection(ids, model.ovh));
  return { sections };
}
