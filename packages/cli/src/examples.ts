// `example:<id>` as an input: the built-in examples of @qqt/data, wherever the package is installed.
import { EXAMPLES, type ExampleId } from "@qqt/data/examples";
import { examplePath } from "@qqt/data/node";
import { join } from "node:path";
import { usage } from "./errors.js";

const PREFIX = "example:";
/** The file to read in each example's folder (`""`: the folder itself). */
const MAIN_FILE: Readonly<Record<ExampleId, string>> = {
  "tmars-paper": "tmars-imagenet.model.json",
  "datacomp-synthetic": "",
  "laion-openclip": "zeroshot_results.csv",
};

/** The path of an input: `example:<id>` → the built-in example's main file or folder; anything else unchanged. */
export function resolveInput(path: string): string {
  if (!path.startsWith(PREFIX)) return path;
  const id = path.slice(PREFIX.length);
  const example = EXAMPLES.find((e) => e.id === id);
  if (example === undefined) {
    throw usage(`unknown example "${id}". Built-in examples: ${EXAMPLES.map((e) => `example:${e.id} (${e.title})`).join(", ")}.`);
  }
  const file = MAIN_FILE[example.id];
  return file === "" ? examplePath(example.id) : join(examplePath(example.id), file);
}

/** Help text listing the examples. */
export const EXAMPLES_HELP = `Built-in examples (use as an input or model path):\n${EXAMPLES.map((e) => `  example:${e.id.padEnd(20)}${e.title}`).join("\n")}`;
