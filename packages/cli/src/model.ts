// Loading a qqt.model/v1 file for predict and recommend, with a clear error for anything else.
import { DataError, detectFormat, type InputFormat, type ModelFileV1 } from "@qqt/data";
import { readPath } from "@qqt/data/node";
import { open, stat } from "node:fs/promises";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { resolveInput } from "./examples.js";
import { formatName } from "./inputs.js";
import { issueLocation } from "./output/issues.js";

/** How many bytes of a file are read to find its `"format"`. */
const FORMAT_HEAD_BYTES = 4096;

/** The format a file declares (from its first bytes), or undefined when it cannot be told. */
async function formatOf(path: string): Promise<InputFormat | undefined> {
  try {
    const file = await open(path, "r");
    try {
      const head = new Uint8Array(FORMAT_HEAD_BYTES);
      const { bytesRead } = await file.read(head, 0, FORMAT_HEAD_BYTES, 0);
      return detectFormat([{ path, text: new TextDecoder().decode(head.subarray(0, bytesRead)) }]);
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/** Reads a model file (or a study JSON that embeds a model). */
export async function loadModel(input: string, ctx: Context): Promise<ModelFileV1> {
  const path = resolveInput(input);
  const isDirectory = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDirectory || /\.(csv|tsv|txt|jsonl)$/i.test(path)) {
    throw new CliError(
      "NOT_A_MODEL",
      `${path} is ${isDirectory ? "a directory" : "a table of runs"}, not a model. Fit a model first: qqt fit ${path} -o model.json, then use model.json.`,
    );
  }
  let data;
  try {
    data = (await readPath(path)).data;
  } catch (error) {
    if (error instanceof DataError && error.issues.some((i) => i.code === "UNKNOWN_FORMAT" || i.code === "INVALID_JSON")) {
      const issue = error.issues.find((i) => i.code === "UNKNOWN_FORMAT" || i.code === "INVALID_JSON")!;
      throw new CliError(
        "NOT_A_MODEL",
        `${issueLocation(issue)}: not a qqt model file (${issue.message.replace(/\.$/, "")}). Expected {"format": "qqt.model/v1", "law", "task", "buckets", …} as written by \`qqt fit -o model.json\`.`,
      );
    }
    // A study's problems (missing buckets, …) are beside the point: it is not a model either way.
    if (error instanceof DataError && (await formatOf(path)) === "qqt.study/v1") {
      throw new CliError(
        "NOT_A_MODEL",
        `${path} is a study (qqt.study/v1: training runs), not a model. A model is made with \`qqt fit ${path} -o model.json\` (\`qqt validate ${path}\` lists the problems to fix first); then use model.json.`,
      );
    }
    throw error;
  }
  if (data.format === "qqt.model/v1" && data.model !== undefined) return data.model;
  if (data.model !== undefined) {
    ctx.note(`Using the model saved in the study ${path}.`);
    return data.model;
  }
  throw new CliError(
    "NOT_A_MODEL",
    `${path} is ${formatName(data.format)} (training runs), not a model. Fit a model first: qqt fit ${path} -o model.json, then use model.json.`,
  );
}
