import { CliError } from "../errors.js";

/**
 * JSON text of a result, 2-space indented with a final newline. Refuses NaN and ±Infinity (which `JSON.stringify`
 * would silently turn into `null`): the `--json` shapes promise plain numbers.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(
    value,
    (key, v: unknown) => {
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw new CliError("INTERNAL", `refusing to print ${String(v)} in the JSON output (field "${key}"); this is a bug, please report it.`);
      }
      return v;
    },
    2,
  );
  return `${text}\n`;
}
