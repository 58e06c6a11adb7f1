import { describe, expect, it } from "vitest";
import { TMARS_IMAGENET } from "./examples";
import { importModelFiles, type TextFile } from "./importFiles";

const file = (name: string, text: string, size = text.length): TextFile => ({ name, size, text: async () => text });

describe("importModelFiles", () => {
  it("loads good files and reports bad ones with their file names", async () => {
    const bad = JSON.parse(JSON.stringify(TMARS_IMAGENET));
    bad.task.a = "x";
    const badText = JSON.stringify(bad, null, 2);
    const badLine = badText.split("\n").findIndex((l) => l.includes('"a": "x"')) + 1;
    const { models, error } = await importModelFiles([
      file("good.json", JSON.stringify(TMARS_IMAGENET)),
      file("bad.json", badText),
      file("broken.json", "{"),
    ]);
    expect(models.map((m) => m.fileName)).toEqual(["good.json"]);
    expect(models[0]!.model).toEqual(TMARS_IMAGENET);
    expect(error?.message).toBe("2 of 3 files could not be imported.");
    expect(error?.problems.map((p) => [p.file, p.path, p.line])).toEqual([
      ["bad.json", "task.a", badLine],
      ["broken.json", "", 1],
    ]);
  });

  it("refuses an oversized file without reading it", async () => {
    let read = false;
    const { error } = await importModelFiles([{ name: "big.json", size: 6 * 1024 * 1024, text: async () => ((read = true), "") }]);
    expect(read).toBe(false);
    expect(error?.code).toBe("FILE_TOO_LARGE");
  });

  it("reports a file that cannot be read", async () => {
    const { error } = await importModelFiles([{ name: "gone.json", size: 10, text: () => Promise.reject(new Error("NotReadableError")) }]);
    expect(error?.message).toBe("gone.json could not be read (NotReadableError).");
  });
});
