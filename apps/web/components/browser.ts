// Browser-only helpers: downloads, chart serialization and PNG rendering. No network: everything stays in memory.
import { standaloneSvg, type LegendEntry } from "../lib/svgExport";

/** Scale of exported PNGs relative to the on-screen chart (sharp on high-density screens and in slides). */
const PNG_SCALE = 2;
/** How long an object URL stays alive after a download starts. */
const REVOKE_AFTER_MS = 10_000;

/** Starts a download of `data` as `fileName`. */
export function download(data: Blob, fileName: string): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** The chart's main `<svg>` inside `container` (not the small icons recharts may draw elsewhere). */
function chartSvg(container: HTMLElement): SVGSVGElement | null {
  return container.querySelector<SVGSVGElement>(".recharts-wrapper > svg");
}

/** A standalone SVG document of the chart in `container`, or null when the chart has not rendered yet. */
export function chartToSvg(container: HTMLElement, title: string, legend: readonly LegendEntry[]): { svg: string; width: number; height: number } | null {
  const svg = chartSvg(container);
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const height = Math.round(box.height);
  const markup = new XMLSerializer().serializeToString(svg);
  return { svg: standaloneSvg(markup, { width, height, title, legend }), width, height: height };
}

/** Renders a standalone SVG document to a PNG blob through a canvas. */
export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "async";
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("The chart image could not be rendered."));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(image.naturalWidth * PNG_SCALE));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * PNG_SCALE));
    const context = canvas.getContext("2d");
    if (!context) throw new Error("This browser has no 2D canvas.");
    context.scale(PNG_SCALE, PNG_SCALE);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed."))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
