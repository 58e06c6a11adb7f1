/**
 * The public type of the shipped JSON Schemas ({@link studySchema}, {@link modelSchema}, {@link manifestSchema}): a
 * read-only JSON Schema (draft 2020-12) document for one qqt file format, ready to hand to a validator.
 *
 * @remarks Only the top-level keywords are typed. The nested schemas under `properties` are plain JSON values
 * (`unknown`): read them from the shipped `@qqt/data/schemas/*.schema.json` files or narrow them yourself. The
 * objects are not frozen at run time; treat them as constants.
 * @example
 * ```ts
 * // Ajv2020: the draft 2020-12 validator of Ajv (ajv/dist/2020.js)
 * const ajv = new Ajv2020().addSchema(modelSchema);
 * const schema: JsonSchema = studySchema;
 * ajv.compile(schema)({ format: "qqt.study/v1", buckets: [{ id: "a", size: 1 }], observations: [] }); // true
 * ```
 */
export interface JsonSchema {
  /** The JSON Schema dialect: always `"https://json-schema.org/draft/2020-12/schema"`. */
  readonly $schema: string;
  /** The schema's URI, under which validators register it and other schemas `$ref` it (e.g. a study's `model`). */
  readonly $id: string;
  /** Human-readable name of the format, e.g. `"qqt study (qqt.study/v1)"`. */
  readonly title: string;
  /** One paragraph on what the format holds. */
  readonly description: string;
  /** The JSON type of a document: every qqt format is a JSON object. */
  readonly type: "object";
  /** Top-level keys a document must have, e.g. `["format", "buckets", "observations"]` for a study. */
  readonly required: readonly string[];
  /** The schema of each allowed top-level key, by key (nested JSON Schemas, not typed further). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Whether keys not listed in `properties` are allowed: `false` for every qqt format (unknown keys are errors). */
  readonly additionalProperties: boolean;
  /** Any other JSON Schema keyword (none are used at the top level today). */
  readonly [keyword: string]: unknown;
}
