// Loading a qqt.model/v1 file for predict and recommend, with a clear error for anything else.
import { DataError, type ModelFileV1 } from "@qqt/data";
import { readPath } from "@qqt/data/node";
import { stat } from "node:fs/promises";
import type { Context } from "./context.js";
import { CliError } from "./errors.js";
import { resolveInput } from "./examples.js";
import { formatName } from "./inputs.js";

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
      const where = `${issue.file}${issue.line !== undefined ? `:${issue.line}` : ""}`;
      throw new CliError(
        "NOT_A_MODEL",
        `${where}: not a qqt model file (${issue.message.replace(/\.$/, "")}). Expected {"format": "qqt.model/v1", "law", "task", "buckets", …} as written by \`qqt fit -o model.json\`.`,
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
