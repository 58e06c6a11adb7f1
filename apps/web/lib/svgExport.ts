// Turning a chart's on-screen SVG into a standalone SVG file (and the inputs of its PNG rendering). Pure string
// work; the browser part (reading the DOM, canvas) lives in components.

/** The system font stack of the app, written into exported files so they render the same elsewhere. */
export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

/**
 * A legend entry drawn into an exported chart (recharts draws its legend as HTML, outside the SVG).
 *
 * @example
 * ```ts
 * const e: LegendEntry = { label: "top 10%", color: "#E69F00", dash: "6 3" };
 * ```
 */
export interface LegendEntry {
  label: string;
  color: string;
  dash?: string;
  /** Stroke width of the sample line (default 2). */
  width?: number;
  /** Stroke opacity of the sample line (default 1). */
  opacity?: number;
}

/** Layout of the legend block appended below an exported chart. */
const LEGEND = { rowHeight: 20, columnWidth: 190, padding: 12, swatch: 24, fontSize: 12 };
const TITLE_HEIGHT = 28;
/** Height of each note line under the title. */
const NOTE_HEIGHT = 17;
const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * A standalone SVG document from the markup of an on-screen chart: XML prolog, namespace, a background, a title
 * and the legend drawn in SVG below the plot.
 *
 * @remarks The plot is moved down by the title height (and 17 px per line of `notes`: the model, the metric, the
 * crossovers) and the document grows to hold the legend. Title and
 * labels are escaped; the chart markup is kept as it is (it comes from the app's own rendering). The result
 * parses as XML (checked by the tests with a real parser).
 * @example
 * ```ts
 * standaloneSvg('<svg width="600" height="300"><path d="M0 0"/></svg>', { width: 600, height: 300, title: "Errors",
 *   legend: [{ label: "top 10%", color: "#E69F00" }] });
 * // '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="360" …'
 * ```
 */
export function standaloneSvg(
  chartMarkup: string,
  options: { width: number; height: number; title: string; notes?: readonly string[]; legend?: readonly LegendEntry[]; background?: string },
): string {
  const { width, title } = options;
  const notes = options.notes ?? [];
  // The notes (model, metric, crossovers) sit under the title, above the plot.
  const head = TITLE_HEIGHT + notes.length * NOTE_HEIGHT;
  const height = options.height;
  const legend = options.legend ?? [];
  const columns = Math.max(1, Math.floor((width - 2 * LEGEND.padding) / LEGEND.columnWidth));
  const legendRows = Math.ceil(legend.length / columns);
  const legendHeight = legendRows === 0 ? 0 : legendRows * LEGEND.rowHeight + 2 * LEGEND.padding;
  const total = head + height + legendHeight;
  const inner = innerMarkup(chartMarkup);
  const legendMarkup = legend
    .map((entry, i) => {
      const x = LEGEND.padding + (i % columns) * LEGEND.columnWidth;
      const y = head + height + LEGEND.padding + Math.floor(i / columns) * LEGEND.rowHeight + LEGEND.rowHeight / 2;
      const dash = entry.dash ? ` stroke-dasharray="${escapeXml(entry.dash)}"` : "";
      const opacity = entry.opacity !== undefined ? ` stroke-opacity="${entry.opacity}"` : "";
      return (
        `<line x1="${x}" y1="${y}" x2="${x + LEGEND.swatch}" y2="${y}" stroke="${escapeXml(entry.color)}" ` +
        `stroke-width="${entry.width ?? 2}"${dash}${opacity}/>` +
        `<text x="${x + LEGEND.swatch + 6}" y="${y + 4}" font-size="${LEGEND.fontSize}">${escapeXml(entry.label)}</text>`
      );
    })
    .join("");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="${SVG_NS}" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="${escapeXml(FONT_STACK)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="${escapeXml(options.background ?? "#ffffff")}"/>`,
    `<text x="${LEGEND.padding}" y="${TITLE_HEIGHT - 9}" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
    ...notes.map((note, i) => `<text class="note" x="${LEGEND.padding}" y="${TITLE_HEIGHT + i * NOTE_HEIGHT + 8}" font-size="12" fill="#333333">${escapeXml(note)}</text>`),
    `<g transform="translate(0 ${head})">${inner}</g>`,
    legendMarkup === "" ? "" : `<g class="legend">${legendMarkup}</g>`,
    "</svg>",
    "",
  ].join("\n");
}

/** The children of the outermost `<svg>` element of `markup`. */
function innerMarkup(markup: string): string {
  const open = /<svg\b[^>]*>/i.exec(markup);
  const close = markup.lastIndexOf("</svg>");
  if (!open || close < open.index) return markup;
  return markup.slice(open.index + open[0].length, close);
}

/**
 * Text escaped for XML content and attribute values.
 *
 * @example
 * ```ts
 * escapeXml('a < b & "c"'); // "a &lt; b &amp; &quot;c&quot;"
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .split("")
    .filter((c) => !isXmlForbidden(c.charCodeAt(0)))
    .join("");
}

/** C0 control characters other than tab, line feed and carriage return: not allowed in XML 1.0. */
function isXmlForbidden(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
}

/**
 * A safe file name for a download: the model name and what is exported, lower-case, `[a-z0-9-]` only.
 *
 * @example
 * ```ts
 * downloadName("T-MARS filtering, ImageNet (paper Fig. 4)", "pool errors", "svg");
 * // "t-mars-filtering-imagenet-paper-fig-4-pool-errors.svg"
 * ```
 */
export function downloadName(modelName: string | undefined, what: string, extension: string): string {
  const slug = `${modelName ?? "model"} ${what}`
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
  return `${slug === "" ? "qqt" : slug}.${extension}`;
}
