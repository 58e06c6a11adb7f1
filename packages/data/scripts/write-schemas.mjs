// Writes schemas/*.schema.json from the schema objects of the built package (dist/), so the shipped JSON files and
// the exported objects are one source. Runs as part of `pnpm build`; a test checks the committed files match.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { manifestSchema, modelSchema, poolManifestSchema, studySchema } from "../dist/index.js";

const dir = new URL("../schemas/", import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const files = {
  "qqt.study.v1.schema.json": studySchema,
  "qqt.model.v1.schema.json": modelSchema,
  "qqt.datacomp-manifest.v1.schema.json": manifestSchema,
  "qqt.pool.v1.schema.json": poolManifestSchema,
};
for (const [name, schema] of Object.entries(files)) writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
