// A validator derived from a JSON Schema object, for the formats whose schema is their one source (qqt.pool/v1):
// it walks the schema and the value together and reports every problem as an issue draft with its JSON path, in the
// words of the Checker (MISSING_FIELD, UNKNOWN_FIELD with "did you mean", INVALID_TYPE, OUT_OF_RANGE, …). It knows
// the keywords those schemas use: type, const, enum, required, properties, additionalProperties (false), items,
// minItems, maxItems, minimum, maximum, exclusiveMinimum, minLength, pattern; `description` is the "expected" text.
import type { IssueDraft } from "../DataError.js";
import { joinJsonPath } from "../locateJson.js";
import { closest, describeValue } from "./check.js";

type Schema = Readonly<Record<string, unknown>>;

const asSchema = (value: unknown): Schema => (value !== null && typeof value === "object" ? (value as Schema) : {});

/** What a schema node expects, for messages: its description, else its type. */
function expected(schema: Schema): string {
  if (typeof schema.description === "string") return schema.description;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
  return typeof schema.type === "string" ? `a JSON ${schema.type}` : "a value";
}

function typeOk(type: unknown, value: unknown): boolean {
  switch (type) {
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

/**
 * Validates `value` against `schema` and appends one draft per problem to `out` (paths as `rows.excluded.nanScore`,
 * `buckets[2].count`). Returns whether the value is valid. @internal
 */
export function validateSchema(schema: unknown, value: unknown, path: string, out: IssueDraft[]): boolean {
  const s = asSchema(schema);
  const before = out.length;
  const field = path === "" ? {} : { field: path };
  const name = path === "" ? "the document" : path;
  if (s.const !== undefined && value !== s.const) {
    out.push({ code: "INVALID_VALUE", ...field, message: `${name} is ${describeValue(value)}`, expected: expected(s) });
    return false;
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value)) {
    const guess = typeof value === "string" ? closest(value, s.enum.filter((e): e is string => typeof e === "string")) : undefined;
    out.push({
      code: typeof value === "string" ? "INVALID_VALUE" : "INVALID_TYPE",
      ...field,
      message: `${name} is ${describeValue(value)}`,
      expected: expected(s),
      ...(guess !== undefined ? { suggestion: `did you mean ${JSON.stringify(guess)}?` } : {}),
    });
    return false;
  }
  if (s.type !== undefined && !typeOk(s.type, value)) {
    const quotedNumber = (s.type === "number" || s.type === "integer") && typeof value === "string" && /\d/.test(value);
    const fraction = s.type === "integer" && typeof value === "number" && Number.isFinite(value);
    out.push({
      code: fraction ? "OUT_OF_RANGE" : "INVALID_TYPE",
      ...field,
      message: `${name} is ${describeValue(value)}`,
      expected: expected(s),
      ...(quotedNumber ? { suggestion: "write the number without quotes" } : {}),
    });
    return false;
  }
  if (typeof value === "number") {
    const low = (typeof s.minimum === "number" && value < s.minimum) || (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum);
    const high = typeof s.maximum === "number" && value > s.maximum;
    if (low || high) {
      const floor = typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : -1;
      out.push({ code: low && value < 0 && floor >= 0 ? "NEGATIVE_NUMBER" : "OUT_OF_RANGE", ...field, message: `${name} is ${value}`, expected: expected(s) });
    }
  }
  if (typeof value === "string") {
    const short = typeof s.minLength === "number" && value.length < s.minLength;
    const mismatch = typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value);
    if (short || mismatch) out.push({ code: "INVALID_VALUE", ...field, message: `${name} is ${describeValue(value)}`, expected: expected(s) });
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) {
      out.push({ code: "INVALID_VALUE", ...field, message: value.length === 0 ? `${name} is empty` : `${name} has ${value.length} items`, expected: expected(s) });
    }
    if (typeof s.maxItems === "number" && value.length > s.maxItems) {
      out.push({ code: "OUT_OF_RANGE", ...field, message: `${name} has ${value.length} items`, expected: `${expected(s)} (at most ${s.maxItems})` });
    }
    if (s.items !== undefined) value.forEach((item, i) => validateSchema(s.items, item, joinJsonPath(path, i), out));
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = asSchema(s.properties);
    const known = Object.keys(properties);
    if (s.additionalProperties === false) {
      for (const key of Object.keys(record)) {
        if (known.includes(key)) continue;
        const guess = closest(key, known);
        out.push({
          code: "UNKNOWN_FIELD",
          field: joinJsonPath(path, key),
          message: `unknown field ${JSON.stringify(key)}`,
          expected: `only ${known.map((k) => JSON.stringify(k)).join(", ")}`,
          ...(guess !== undefined ? { suggestion: `did you mean ${JSON.stringify(guess)}?` } : {}),
        });
      }
    }
    const required = Array.isArray(s.required) ? (s.required as string[]) : [];
    for (const key of required) {
      if (record[key] !== undefined) continue;
      const present = Object.keys(record).find((k) => !known.includes(k) && closest(k, [key]) === key);
      out.push({
        code: "MISSING_FIELD",
        field: joinJsonPath(path, key),
        message: `required field ${JSON.stringify(key)} is missing`,
        expected: expected(asSchema(properties[key])),
        ...(present !== undefined ? { suggestion: `rename ${JSON.stringify(present)} to ${JSON.stringify(key)}` } : {}),
      });
    }
    for (const key of known) if (record[key] !== undefined) validateSchema(properties[key], record[key], joinJsonPath(path, key), out);
  }
  return out.length === before;
}
