import { describe, expect, it } from "vitest";
import { displayWidth, renderTable } from "./renderTable.js";

describe("renderTable", () => {
  it("aligns left and right columns under a rule, without trailing spaces", () => {
    const text = renderTable(
      [{ header: "budget", align: "right" }, { header: "best" }, { header: "error", align: "right" }],
      [
        ["32M", "top 10%", "0.8120"],
        ["1.28B", "top 30%", "0.5992"],
      ],
    );
    expect(text).toBe(["budget  best      error", "------  -------  ------", "   32M  top 10%  0.8120", " 1.28B  top 30%  0.5992", ""].join("\n"));
  });

  it("ignores ANSI colors and counts code points when measuring", () => {
    const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
    const text = renderTable([{ header: "pool" }, { header: "n", align: "right" }], [[bold("top 0–10%"), "1"], ["x", "22"]]);
    const lines = text.split("\n");
    expect(lines[2]).toBe(`${bold("top 0–10%")}   1`);
    expect(lines[3]).toBe("x          22");
    expect(displayWidth(bold("top 0–10%"))).toBe(9);
  });

  it("indents, styles the header, fills missing cells, and can drop the rule", () => {
    const text = renderTable([{ header: "a" }, { header: "b" }], [["1"], ["22", "3"]], { indent: 2, rule: false, headerStyle: (h) => h.toUpperCase() });
    expect(text).toBe(["  A   B", "  1", "  22  3", ""].join("\n"));
  });

  it("handles no rows", () => {
    expect(renderTable([{ header: "x" }], [])).toBe("x\n-\n");
  });
});
