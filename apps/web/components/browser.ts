// Browser-only helpers: downloads, chart serialization and PNG rendering. No network: everything stays in memory.
import { pickedFile, walkEntries, type EntryLike, type PickedFile } from "../lib/importFiles";
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
export function chartToSvg(
  container: HTMLElement,
  title: string,
  legend: readonly LegendEntry[],
  notes: readonly string[] = [],
): { svg: string; width: number; height: number } | null {
  const svg = chartSvg(container);
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const height = Math.round(box.height);
  const markup = new XMLSerializer().serializeToString(svg);
  return { svg: standaloneSvg(markup, { width, height, title, notes, legend }), width, height: height };
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

/** Files of a file input (a folder input gives each file's path inside the folder, `webkitRelativePath`). */
export function pickedFromInput(files: FileList | readonly File[]): PickedFile[] {
  return Array.from(files, (f) => pickedFile(f.webkitRelativePath || f.name, f));
}

/**
 * Files and folders dropped on the page: folders are walked (`webkitGetAsEntry`), files kept as they are. The
 * entries are taken synchronously, before the first await, while the drop's data is still readable.
 */
export async function pickedFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries: EntryLike[] = [];
  const loose: PickedFile[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== "file") continue;
    const entry = typeof item.webkitGetAsEntry === "function" ? (item.webkitGetAsEntry() as unknown as EntryLike | null) : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(pickedFile(file.name, file));
    }
  }
  if (entries.length === 0 && loose.length === 0) return pickedFromInput(transfer.files);
  return [...loose, ...(await walkEntries(entries))];
}
