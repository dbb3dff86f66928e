/**
 * Renderer: the laid-out estate as inline SVG, in one self-contained HTML page with a legend and the tables of
 * connections and OVHcloud Connect configurations. Nothing is fetched when the page opens (no scripts, no web
 * fonts, no external URL; its Content-Security-Policy forbids them), and every string from the state is escaped.
 */
import { PAIR_INSET, STRIPE } from "./layout";
import type { Box, Edge, EstateLayout, Part, Point, Row, Section, TextLine } from "./layout";
import {
  Connection,
  EstateModel,
  OvhNode,
  STATUS_CLASSES,
  STATUS_CLASS_LABELS,
  StatusClass,
  VENDOR_NAMES,
  statusCounts,
} from "./model";
import { FONT_FAMILY, MONO_FAMILY, escapeXml as esc } from "./text";

export interface RenderOptions {
  /** The page's heading; defaults to "Interconnect estate · <stack>". */
  title?: string;
  /** When the view is drawn (default: now). */
  generatedAt?: Date;
}

export const STATUS_COLOURS: Record<StatusClass, string> = {
  up: "#1a7f37",
  waiting: "#b76e00",
  failed: "#cf222e",
  deleting: "#8250df",
  other: "#6e7781",
};

/** Line patterns, so that status reads without colour too. */
const STATUS_DASH: Record<StatusClass, string | undefined> = {
  up: undefined,
  waiting: "7 4",
  failed: undefined,
  deleting: "2 4",
  other: "1 3",
};

const r1 = (n: number) => Math.round(n * 10) / 10;

/** An orthogonal route with rounded corners. */
function pathOf(points: Point[]): string {
  if (points.length === 0) return "";
  const radius = 8;
  let d = `M${r1(points[0].x)},${r1(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [p, c, n] = [points[i - 1], points[i], points[i + 1]];
    const inLen = Math.hypot(c.x - p.x, c.y - p.y);
    const outLen = Math.hypot(n.x - c.x, n.y - c.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r < 0.5) {
      d += ` L${r1(c.x)},${r1(c.y)}`;
      continue;
    }
    const a = { x: c.x - ((c.x - p.x) / inLen) * r, y: c.y - ((c.y - p.y) / inLen) * r };
    const b = { x: c.x + ((n.x - c.x) / outLen) * r, y: c.y + ((n.y - c.y) / outLen) * r };
    d += ` L${r1(a.x)},${r1(a.y)} Q${r1(c.x)},${r1(c.y)} ${r1(b.x)},${r1(b.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${r1(last.x)},${r1(last.y)}`;
}

/** Trunks shared by several connections are neutral; each connection's own segment carries its status. */
const TRUNK = "#8c959f";

function dashOf(cls: StatusClass): string {
  const dash = STATUS_DASH[cls];
  return dash ? ` stroke-dasharray="${dash}"` : "";
}

function edgeSvg(edge: Edge): { trunk: string; own: string } {
  const data = edge.connection ? ` data-connection="${esc(edge.connection)}"` : "";
  if (!edge.shared || edge.points.length < 2)
    return {
      trunk: "",
      own: `<path class="edge s-${edge.statusClass}" d="${pathOf(edge.points)}"${dashOf(edge.statusClass)}${data}/>`,
    };
  const n = edge.points.length;
  const own = edge.cardEnd === "start" ? edge.points.slice(0, 2) : edge.points.slice(n - 2);
  return {
    trunk: `<path class="trunk" d="${pathOf(edge.points)}"/>`,
    own: `<path class="edge s-${edge.statusClass}" d="${pathOf(own)}"${dashOf(edge.statusClass)}${data}/>`,
  };
}

function textSvg(line: TextLine, x: number, y: number): string {
  const cls = `t-${line.cls}${line.style.mono ? " mono" : ""}`;
  const suffix = line.suffix ? `<tspan class="t-suffix">${esc(line.suffix)}</tspan>` : "";
  return `<text class="${cls}" x="${r1(x)}" y="${r1(y)}">${esc(line.text)}${suffix}</text>`;
}

function rect(cls: string, x: number, y: number, width: number, height: number, rx: number): string {
  return `<rect class="${cls}" x="${r1(x)}" y="${r1(y)}" width="${r1(width)}" height="${r1(height)}" rx="${rx}"/>`;
}

/** A connection's row in its card: frame, status stripe, tag and its label (text). */
function rowSvg(row: Row, x: number, y: number, width: number): string {
  const top = y + row.y;
  const parts = [
    `<g class="row s-${row.statusClass}${row.partial ? " partial" : ""}" data-connection="${esc(row.ref)}">`,
    `<title>${esc(row.tooltip)}</title>`,
    rect("frame", x, top, width, row.height, 7),
    rect("stripe", x + 2, top + 2, STRIPE - 1, row.height - 4, 2.5),
  ];
  if (row.tag)
    parts.push(
      rect("tag", x + width - 36, top + 6, 29, 15, 7),
      `<text class="t-tag" x="${r1(x + width - 21.5)}" y="${r1(top + 17)}">${esc(row.tag)}</text>`,
    );
  // The text is the connection's label: the browser test finds it by data-label-for.
  const text = row.lines.map((line) => textSvg(line, x + 12 + STRIPE, top + line.y)).join("");
  parts.push(`<g class="label" data-label-for="${esc(row.ref)}">${text}</g>`, "</g>");
  return parts.join("");
}

function cardSvg(box: Box): string {
  if (!box.pair)
    return `<g class="box box-card" data-card="${esc(box.ref)}">${rowSvg(box.rows[0], box.x, box.y, box.width)}</g>`;
  const inner = box.width - 2 * PAIR_INSET;
  return [
    `<g class="box box-card pair" data-card="${esc(box.ref)}">`,
    `<title>${esc(box.tooltip)}</title>`,
    rect("pair-frame", box.x, box.y, box.width, box.height, 10),
    ...box.lines.map((line) => textSvg(line, box.x + 10, box.y + line.y)),
    ...box.rows.map((row) => rowSvg(row, box.x + PAIR_INSET, box.y, inner)),
    "</g>",
  ].join("");
}

function boxSvg(box: Box): string {
  if (box.kind === "card") return cardSvg(box);
  const s = box.statusClass;
  const classes = ["box", `box-${box.kind}`];
  if (box.side) classes.push(`side-${box.side}`);
  if (s) classes.push(`s-${s}`);
  if (box.partial) classes.push("partial");
  const parts = [
    `<g class="${classes.join(" ")}" data-node="${esc(box.ref)}">`,
    `<title>${esc(box.tooltip)}</title>`,
    rect("frame", box.x, box.y, box.width, box.height, 7),
  ];
  if (s) parts.push(rect("stripe", box.x + 2, box.y + 2, STRIPE - 1, box.height - 4, 2.5));
  parts.push(
    ...box.lines.map((line) => textSvg(line, box.x + 12 + (s ? STRIPE : 0), box.y + line.y)),
    "</g>",
  );
  return parts.join("");
}

/** One diagram, as an inline SVG element (no namespace URL needed inside HTML). */
export function renderPartSvg(part: Part, label: string): string {
  const { width, height } = part;
  const edges = part.edges.map(edgeSvg);
  return [
    `<svg class="diagram" id="${esc(part.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">`,
    `<g class="trunks">${edges.map((e) => e.trunk).join("")}</g>`,
    `<g class="edges">${edges.map((e) => e.own).join("")}</g>`,
    `<g class="boxes">${part.boxes.map(boxSvg).join("")}</g>`,
    `</svg>`,
  ].join("\n");
}

/** A section's diagrams, with their captions when it is drawn in parts. */
export function renderSectionSvg(section: Section): string {
  return section.parts
    .map((part) => {
      const label = part.caption ? `${section.title}, ${part.caption}` : section.title;
      const caption = part.caption ? `<p class="part-caption">${esc(part.caption)}</p>\n` : "";
      return `${caption}<div class="scroll">\n${renderPartSvg(part, label)}\n</div>`;
    })
    .join("\n");
}

// ---- HTML ---------------------------------------------------------------------------------------------------

function swatch(cls: StatusClass): string {
  const dash = STATUS_DASH[cls];
  return (
    `<svg class="swatch" width="36" height="12" viewBox="0 0 36 12" aria-hidden="true">` +
    `<path class="edge s-${cls}" d="M2,6 H34"${dash ? ` stroke-dasharray="${dash}"` : ""}/></svg>`
  );
}

function trunkSwatch(): string {
  return `<svg class="swatch" width="36" height="12" viewBox="0 0 36 12" aria-hidden="true"><path class="trunk" d="M2,6 H34"/></svg>`;
}

function legend(): string {
  const items = STATUS_CLASSES.map(
    (c) => `<li>${swatch(c)}<span class="chip c-${c}">${esc(STATUS_CLASS_LABELS[c])}</span></li>`,
  );
  return `<section class="legend" aria-label="Legend"><h2>Legend</h2><ul>
${items.join("\n")}
<li><span class="key key-a"></span>A-side port (yours)</li>
<li><span class="key key-z"></span>Z-side: seller, partner, cloud, your other port</li>
<li><span class="key key-card"></span>Connection: name, VLAN, speed, status</li>
<li><span class="key key-pair"></span>Redundant pair (primary PRI, secondary SEC)</li>
<li>${trunkSwatch()}Shared trunk (several connections on one port or seller)</li>
<li><span class="warn">⚠</span>&nbsp;Partially created: Pulumi recorded an error (see the table)</li>
</ul></section>`;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function formatStateTime(time: string | undefined): string | undefined {
  if (!time) return undefined;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : formatTime(date);
}

function idsCell(ids: [string, string][]): string {
  return ids.map(([k, v]) => `<div><span class="k">${esc(k)}</span> <code>${esc(v)}</code></div>`).join("");
}

function statusCell(status: string | undefined, cls: StatusClass, detail?: string): string {
  if (!status) return "";
  return `<span class="chip c-${cls}">${esc(status)}</span>${detail ? `<div class="small">${esc(detail)}</div>` : ""}`;
}

function connectionsTable(model: EstateModel): string {
  const endpoint = new Map(model.endpoints.map((e) => [e.id, e]));
  const side = (id: string) => {
    const e = endpoint.get(id);
    return e ? `<div class="small">${esc(e.role)}</div><code>${esc(e.label)}</code>` : esc(id);
  };
  const rows = model.connections.map((c: Connection) => {
    const errors = c.errors.map((n) => `<div class="note">${esc(n)}</div>`).join("");
    const zSide = c.zSide ? `<div class="small">${esc(c.zSide)}</div>` : "";
    return `<tr class="s-${c.statusClass}" data-connection="${esc(c.key)}">
<td><b>${esc(c.name)}</b>${c.leg ? ` <span class="leg">${esc(c.leg)}</span>` : ""}<div class="small">${esc(VENDOR_NAMES[c.vendor])} · <code>${esc(c.resource)}</code></div></td>
<td>${statusCell(c.status, c.statusClass, c.detail)}${errors}</td><td class="nowrap">${esc(c.vlan)}</td><td class="nowrap">${esc(c.speed)}</td>
<td>${side(c.from)}</td><td>${side(c.to)}${zSide}</td><td>${idsCell(c.ids)}</td></tr>`;
  });
  return `<h2 id="connections">Connections (${model.connections.length})</h2>
<div class="table-wrap"><table class="connections">
<thead><tr><th>Connection</th><th>Status</th><th>VLAN</th><th>Speed</th><th>A-side</th><th>Z-side</th><th>Ids</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

function ovhTable(nodes: OvhNode[]): string {
  const rows = nodes
    .filter((n) => n.resource !== undefined || n.kind === "service")
    .map(
      (n) => `<tr class="s-${n.statusClass}" data-node="${esc(n.id)}">
<td>${esc(n.role)}</td><td>${n.resource ? `<code>${esc(n.resource)}</code>` : ""}</td><td><b>${esc(n.label)}</b>${n.details.map((d) => `<div class="small">${esc(d)}</div>`).join("")}</td>
<td>${statusCell(n.status, n.statusClass)}${n.errors.map((e) => `<div class="note">${esc(e)}</div>`).join("")}</td><td>${idsCell(n.ids)}</td></tr>`,
    );
  return `<h2 id="ovh">OVHcloud Connect (${nodes.filter((n) => n.resource).length} resources)</h2>
<div class="table-wrap"><table class="ovh">
<thead><tr><th>What</th><th>Resource</th><th>Name</th><th>Status</th><th>Ids</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

function notes(model: EstateModel): string {
  const items: string[] = [];
  const ignored = Object.entries(model.ignored);
  if (ignored.length > 0) {
    const total = ignored.reduce((n, [, count]) => n + count, 0);
    const list = ignored.map(([type, count]) => `<code>${esc(type)}</code>${count > 1 ? ` ×${count}` : ""}`);
    items.push(`${total} resource${total > 1 ? "s" : ""} of other types not drawn: ${list.join(", ")}.`);
  }
  if (model.partial.length > 0)
    items.push(
      `${model.partial.length} resource${model.partial.length > 1 ? "s" : ""} partially created (Pulumi recorded an error; the table has it).`,
    );
  items.push(
    "Drawn from the stack's outputs only; values Pulumi keeps as secrets show as <code>[secret]</code>.",
  );
  return `<ul class="notes">${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

function summary(model: EstateModel): string {
  const counts = statusCounts(model);
  const chips = STATUS_CLASSES.filter((c) => counts[c] > 0).map(
    (c) => `<span class="chip c-${c}">${counts[c]} ${esc(c === "other" ? "other" : c)}</span>`,
  );
  const pairs = model.pairs.length;
  const ovh = model.ovh.filter((n) => n.resource).length;
  return `<p class="summary">${model.connections.length} connection${model.connections.length === 1 ? "" : "s"}${
    pairs ? ` (${pairs} redundant pair${pairs === 1 ? "" : "s"})` : ""
  }${ovh ? `, ${ovh} OVHcloud Connect resource${ovh === 1 ? "" : "s"}` : ""} ${chips.join(" ")}</p>`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 28px 40px; font-family: ${FONT_FAMILY}; color: #1f2328; background: #fff; font-size: 14px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
.meta { margin: 0; color: #59636e; }
.summary { margin: 8px 0 0; }
h2 { font-size: 16px; margin: 26px 0 10px; }
code, .mono { font-family: ${MONO_FAMILY}; }
code { font-size: 12px; user-select: all; }
td code { white-space: nowrap; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid; white-space: nowrap; }
${STATUS_CLASSES.map((c) => `.c-${c} { color: ${STATUS_COLOURS[c]}; border-color: ${STATUS_COLOURS[c]}; background: ${STATUS_COLOURS[c]}14; }`).join("\n")}
.legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px 22px; }
.legend li { display: flex; align-items: center; gap: 6px; font-size: 13px; }
.legend h2 { margin-top: 18px; }
.key { display: inline-block; width: 30px; height: 16px; border-radius: 4px; border: 1.5px solid; }
.key-a { background: #eaf2fc; border-color: #3b7dd8; }
.key-z { background: #f4effd; border-color: #8a63d2; }
.key-card { background: #fff; border-color: #8c959f; border-left: 5px solid #1a7f37; }
.key-pair { background: #eef1f4; border: 1.5px dashed #57606a; }
.notes { color: #59636e; font-size: 13px; padding-left: 18px; }
.warn { color: #9a6700; font-weight: 700; }
.part-caption { margin: 14px 0 6px; color: #59636e; font-size: 13px; font-weight: 600; }
.scroll { overflow-x: auto; border: 1px solid #d1d9e0; border-radius: 10px; background: #fbfcfd; }
svg.diagram { display: block; font-family: ${FONT_FAMILY}; }
svg .edge { fill: none; stroke-width: 2; stroke-linejoin: round; }
${STATUS_CLASSES.map((c) => `svg .edge.s-${c} { stroke: ${STATUS_COLOURS[c]}; }`).join("\n")}
svg .edge.s-failed { stroke-width: 2.4; }
svg .trunk { fill: none; stroke: ${TRUNK}; stroke-width: 1.6; stroke-linejoin: round; }
svg .box .frame, svg .row .frame { fill: #fff; stroke: #8c959f; stroke-width: 1.3; }
svg .box-endpoint.side-a .frame { fill: #eaf2fc; stroke: #3b7dd8; }
svg .box-endpoint.side-z .frame { fill: #f4effd; stroke: #8a63d2; }
svg .box-ovh .frame { fill: #f6f8fa; stroke: #8c959f; }
${STATUS_CLASSES.map((c) => `svg .s-${c} > .frame { stroke: ${STATUS_COLOURS[c]}; } svg .s-${c} > .stripe { fill: ${STATUS_COLOURS[c]}; } svg .s-${c} .t-status { fill: ${STATUS_COLOURS[c]}; }`).join("\n")}
svg .row .frame { stroke-width: 1.6; }
svg .pair-frame { fill: #eef1f4; stroke: #57606a; stroke-width: 1.4; stroke-dasharray: 6 3; }
svg .tag { fill: #eaeef2; stroke: #afb8c1; stroke-width: 1; }
svg text { fill: #1f2328; }
svg .t-tag { font-size: 9.5px; font-weight: 700; fill: #59636e; text-anchor: middle; }
svg .t-role { font-size: 10.5px; fill: #59636e; text-transform: none; letter-spacing: 0.2px; }
svg .t-title { font-size: 13px; font-weight: 700; }
svg .t-title.mono { font-size: 11.5px; font-weight: 400; }
svg .t-detail { font-size: 11.5px; fill: #424a53; }
svg .t-detail.mono { fill: #59636e; }
svg .t-status { font-size: 11.5px; font-weight: 700; }
svg .t-warn { font-size: 11px; font-weight: 700; fill: #9a6700; }
svg .t-group { font-size: 10.5px; font-weight: 700; fill: #424a53; letter-spacing: 0.2px; }
svg .t-suffix { font-weight: 400; fill: #424a53; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; min-width: 100%; }
th, td { border-bottom: 1px solid #d1d9e0; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td .k { display: block; color: #59636e; font-size: 11px; }
td code { font-size: 11.5px; }
td .small { color: #59636e; font-size: 12px; }
td.nowrap { white-space: nowrap; }
td .note { color: #9a3412; font-size: 12px; min-width: 220px; max-width: 400px; margin-top: 4px; }
.leg { font-size: 11px; color: #59636e; border: 1px solid #d1d9e0; border-radius: 8px; padding: 0 5px; }
tr.s-failed td:first-child { box-shadow: inset 4px 0 ${STATUS_COLOURS.failed}; }
tr.s-waiting td:first-child { box-shadow: inset 4px 0 ${STATUS_COLOURS.waiting}; }
tr.s-up td:first-child { box-shadow: inset 4px 0 ${STATUS_COLOURS.up}; }
tr.s-deleting td:first-child { box-shadow: inset 4px 0 ${STATUS_COLOURS.deleting}; }
footer { margin-top: 28px; color: #59636e; font-size: 12px; }
`;

/** The whole page: heading, legend, one diagram per vendor, the tables. */
export function renderHtml(model: EstateModel, layout: EstateLayout, options: RenderOptions = {}): string {
  const generated = options.generatedAt ?? new Date();
  const stack = model.stack ?? "unknown stack";
  const title = options.title ?? `Interconnect estate · ${stack}`;
  const stateTime = formatStateTime(model.stateTime);
  const meta = [
    `Stack <b>${esc(stack)}</b>${model.project ? ` of project <b>${esc(model.project)}</b>` : ""}`,
    stateTime ? `state of ${esc(stateTime)}` : undefined,
    `drawn ${esc(formatTime(generated))}`,
  ].filter(Boolean);
  const sections = layout.sections.map(
    (s) => `<section class="diagram-section" data-vendor="${esc(s.vendor)}">
<h2>${esc(s.title)}</h2>
${renderSectionSvg(s)}
</section>`,
  );
  const empty =
    layout.sections.length === 0
      ? `<p class="empty">No OVHcloud Connect, Equinix Fabric or Console Connect resources in this stack.</p>`
      : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pulumi-interconnect-estate">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta">${meta.join(" · ")}</p>
${summary(model)}
</header>
${legend()}
${notes(model)}
<main>
${empty}
${sections.join("\n")}
${model.connections.length > 0 ? connectionsTable(model) : ""}
${model.ovh.length > 0 ? ovhTable(model.ovh) : ""}
</main>
<footer>Drawn by pulumi-interconnect-estate from the stack's outputs.</footer>
</body>
</html>
`;
}
