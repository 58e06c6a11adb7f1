// Type-level consumer of @qqt/data's three entry points.
import { parseCount, type ModelFileV1, type Study, type DataIssue, safeParseStudy } from "@qqt/data";
import { EXAMPLES, type ExampleId } from "@qqt/data/examples";
import { readPath } from "@qqt/data/node";

const budget: number = parseCount("640M");
const id: ExampleId = EXAMPLES[0]!.id;
const result = safeParseStudy("{}", { file: "x.json" });
const issues: readonly DataIssue[] = result.success ? [] : result.error.issues;
async function load(path: string): Promise<unknown> {
  return (await readPath(path)).data;
}
function modelName(model: ModelFileV1): string | undefined {
  return model.name;
}
function count(study: Study): number {
  return study.observations.length;
}
export { budget, id, issues, load, modelName, count };
