/**
 * Text for HTML and SVG: escaping, and width estimates for sizing boxes before any browser sees them.
 *
 * The view names only installed font families (no web fonts), so the widths are estimates on the wide side (the
 * wider of DejaVu Sans and Arial, character by character); a line that would not fit is cut with an ellipsis, and
 * its whole text is in the box's tooltip and in the table under the diagram.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML and SVG, in element content and in quoted attribute values alike. */
export function escapeXml(value: unknown): string {
  // Characters XML 1.0 does not allow are dropped rather than passed on.
  // eslint-disable-next-line no-control-regex
  const text = String(value ?? "").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export const FONT_FAMILY = `"DejaVu Sans", Arial, Helvetica, sans-serif`;
export const MONO_FAMILY = `"DejaVu Sans Mono", ui-monospace, "SF Mono", Menlo, Consolas, monospace`;

/**
 * Advance widths of printable ASCII (from the space), in hundredths of an em: the larger of DejaVu Sans and Arial
 * (as Chromium measures them), regular and bold.
 */
const ASCII_REGULAR =
  "32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,56,102,68,69,72,77,67,61,78,75,29,50,67,56,86,75,79,67,79,72,67,61,73,68,99,69,67,69,39,34,39,84,56,50,61,63,55,63,62,35,63,63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,82,59,59,52,64,34,64,84"
    .split(",")
    .map(Number);
const ASCII_BOLD =
  "35,46,52,84,70,100,87,31,46,46,52,84,38,42,38,37,70,70,70,70,70,70,70,70,70,70,40,40,84,84,84,61,100,77,76,73,83,68,68,82,84,37,56,77,64,100,84,85,73,85,77,72,68,81,77,110,77,72,73,46,37,46,84,56,50,67,72,59,72,68,44,72,71,34,34,67,34,104,71,69,72,72,49,60,48,71,65,92,65,65,58,71,37,71,84"
    .split(",")
    .map(Number);
const OTHER: Record<string, [number, number]> = { "·": [32, 38], "•": [60, 60] };

/** Width of one character in ems; a margin keeps the estimate on the wide side. */
function charEm(c: string, bold: boolean): number {
  const code = c.codePointAt(0)!;
  const table = bold ? ASCII_BOLD : ASCII_REGULAR;
  const width = code >= 32 && code < 127 ? table[code - 32] : (OTHER[c]?.[bold ? 1 : 0] ?? 100);
  return (width / 100) * 1.04;
}

export interface TextStyle {
  size: number;
  mono?: boolean;
  bold?: boolean;
}

/** Estimated width of a line of text, in pixels. */
export function textWidth(text: string, style: TextStyle): number {
  if (style.mono) return [...text].length * style.size * 0.61;
  let em = 0;
  for (const c of text) em += charEm(c, style.bold === true);
  return em * style.size;
}

/** The line, cut with an ellipsis to fit `max` pixels. */
export function fitText(text: string, max: number, style: TextStyle): string {
  if (textWidth(text, style) <= max) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, style) > max) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}
