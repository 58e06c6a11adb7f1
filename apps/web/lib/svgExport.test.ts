import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { downloadName, escapeXml, standaloneSvg } from "./svgExport";

const CHART =
  '<svg xmlns="http://www.w3.org/2000/svg" class="recharts-surface" width="600" height="300" viewBox="0 0 600 300">' +
  '<defs><clipPath id="c"><rect x="0" y="0" width="600" height="300"/></clipPath></defs>' +
  '<path d="M0,0L10,10" stroke="#0072B2"/><text x="5" y="5">32M</text></svg>';

describe("standaloneSvg", () => {
  it("produces a parseable SVG document with title, background, plot and legend", () => {
    const svg = standaloneSvg(CHART, {
      width: 600,
      height: 300,
      title: "Predicted error <by pool> & budget",
      legend: [
        { label: "top 10%", color: "#0072B2" },
        { label: 'best pool "envelope"', color: "#333333", dash: "6 3", width: 6, opacity: 0.22 },
      ],
    });
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(svg, "image/svg+xml");
    expect(errors).toEqual([]);
    const root = doc.documentElement!;
    expect(root.tagName).toBe("svg");
    expect(root.getAttribute("width")).toBe("600");
    // title 28 + plot 300 + one legend row (20) + padding 24
    expect(root.getAttribute("height")).toBe(String(28 + 300 + 20 + 24));
    expect(doc.getElementsByTagName("title")[0]!.textContent).toBe("Predicted error <by pool> & budget");
    expect(doc.getElementsByTagName("path")).toHaveLength(1);
    const texts = Array.from({ length: doc.getElementsByTagName("text").length }, (_, i) => doc.getElementsByTagName("text")[i]!.textContent);
    expect(texts).toEqual(["Predicted error <by pool> & budget", "32M", "top 10%", 'best pool "envelope"']);
    expect(svg).toContain('stroke-width="6" stroke-dasharray="6 3" stroke-opacity="0.22"/>');
    expect(svg.match(/<svg\b/g)).toHaveLength(1); // the chart's own <svg> wrapper is replaced
  });

  it("writes the notes (model, metric, crossovers) under the title and moves the plot below them", () => {
    const notes = ["Model: T-MARS <paper>", "Metric: imagenet1k error", "Best pool changes at 49.3M: top 10% → top 20%"];
    const svg = standaloneSvg(CHART, { width: 600, height: 300, title: "x", notes });
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const texts = Array.from({ length: doc.getElementsByTagName("text").length }, (_, i) => doc.getElementsByTagName("text")[i]!.textContent);
    expect(texts).toEqual(["x", ...notes, "32M"]);
    expect(doc.documentElement!.getAttribute("height")).toBe(String(28 + 3 * 17 + 300));
    expect(svg).toContain(`<g transform="translate(0 ${28 + 3 * 17})">`);
  });

  it("adds no legend block without entries", () => {
    const svg = standaloneSvg(CHART, { width: 600, height: 300, title: "x" });
    expect(svg).toContain('height="328"');
    expect(svg).not.toContain('class="legend"');
  });
});

describe("escapeXml and downloadName", () => {
  it("escapes markup and strips control characters", () => {
    expect(escapeXml(`a < b & "c" 'd'\u0001`)).toBe("a &lt; b &amp; &quot;c&quot; &apos;d&apos;");
  });
  it.each([
    ["T-MARS filtering, ImageNet (paper Fig. 4)", "pool errors", "svg", "t-mars-filtering-imagenet-paper-fig-4-pool-errors.svg"],
    [undefined, "recommendations", "csv", "model-recommendations.csv"],
    ["../../etc/passwd", "model", "json", "etc-passwd-model.json"],
    ["Größe – ü", "x", "png", "gro-e-u-x.png"],
    ["***", "", "json", "qqt.json"],
  ])("downloadName(%j, %j, %j) = %j", (name, what, ext, file) => {
    expect(downloadName(name, what, ext)).toBe(file);
  });
});
