import type { IssueDraft } from "../DataError.js";
import { joinJsonPath } from "../locateJson.js";

/** Edit distance, for "did you mean" suggestions. @internal */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

const normalizeName = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The closest candidate to `name` (ignoring case and punctuation), if close enough to be a likely typo. @internal */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const target = normalizeName(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const other = normalizeName(c);
    const prefix = Math.min(target.length, other.length) >= 4 && (other.startsWith(target) || target.startsWith(other));
    const d = prefix ? 1 : editDistance(target, other);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(target.length / 3)) ? best : undefined;
}

/**
 * The key a mistyped task name most likely means, for "did you mean": a key whose last path segment is the name
 * (`cifar10` → `vtab/cifar10`), else the {@link closest} key, else the shortest key containing the name. @internal
 */
export function closestKey(name: string, keys: Iterable<string>): string | undefined {
  const target = normalizeName(name);
  if (target === "") return undefined;
  const list = [...keys];
  const shortest = (found: string[]) => found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
  const bySegment = shortest(list.filter((k) => k !== name && normalizeName(k.slice(k.lastIndexOf("/") + 1)) === target));
  if (bySegment !== undefined) return bySegment;
  const near = closest(name, list);
  if (near !== undefined && near !== name) return near;
  return target.length >= 3 ? shortest(list.filter((k) => k !== name && normalizeName(k).includes(target))) : undefined;
}

/** Up to `max` keys, sorted, joined by commas, with `… (N in all)` when some are left out. @internal */
export function listKeys(keys: Iterable<string>, max = 20): string {
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.length <= max ? sorted.join(", ") : `${sorted.slice(0, max).join(", ")}, … (${sorted.length} in all)`;
}

/** Describes a JSON value for messages: `"abc"`, `-3`, `null`, `an object`, `an array`. @internal */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return "an object";
  if (typeof x === "string") return x.length > 40 ? `${JSON.stringify(x.slice(0, 37))}…` : JSON.stringify(x);
  return String(x);
}

/** Options of {@link Checker.number}. @internal */
export interface NumberRule {
  /** Inclusive minimum. */
  min?: number;
  /** Exclusive minimum. */
  above?: number;
  /** Exclusive maximum. */
  below?: number;
  /** Inclusive maximum. */
  max?: number;
  integer?: boolean;
  /** Text for "expected". */
  expected: string;
}

/** Small typed validators over parsed JSON that record issues with JSON paths. @internal */
export class Checker {
  /** Paths already reported as missing: no second "is undefined" issue for them. */
  private readonly missing = new Set<string>();

  constructor(readonly issues: IssueDraft[]) {}

  private reported(value: unknown, path: string): boolean {
    return value === undefined && this.missing.has(path);
  }

  add(issue: IssueDraft): void {
    this.issues.push(issue);
  }

  /** An object with the given keys; reports unknown keys with a "did you mean" suggestion. */
  object(
    value: unknown,
    path: string,
    required: readonly string[],
    optional: readonly string[],
    what: string,
  ): Record<string, unknown> | undefined {
    if (this.reported(value, path)) return undefined;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.add({
        code: "INVALID_TYPE",
        field: path === "" ? undefined : path,
        message: `${path === "" ? "the document" : path} is ${describeValue(value)}`,
        expected: what,
      } as IssueDraft);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    const known = [...required, ...optional];
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) {
        const guess = closest(key, known);
        this.add({
          code: "UNKNOWN_FIELD",
          field: joinJsonPath(path, key),
          message: `unknown field ${JSON.stringify(key)}`,
          expected: `only ${known.map((k) => JSON.stringify(k)).join(", ")}`,
          ...(guess !== undefined ? { suggestion: `did you mean ${JSON.stringify(guess)}?` } : {}),
        });
      }
    }
    for (const key of required) {
      if (record[key] === undefined) {
        this.missing.add(joinJsonPath(path, key));
        const present = Object.keys(record).find((k) => !known.includes(k) && closest(k, [key]) === key);
        this.add({
          code: "MISSING_FIELD",
          field: joinJsonPath(path, key),
          message: `required field ${JSON.stringify(key)} is missing`,
          expected: what,
          ...(present !== undefined ? { suggestion: `rename ${JSON.stringify(present)} to ${JSON.stringify(key)}` } : {}),
        });
      }
    }
    return record;
  }

  string(value: unknown, path: string, nonEmpty = true): string | undefined {
    if (this.reported(value, path)) return undefined;
    if (typeof value !== "string" || (nonEmpty && value.trim().length === 0)) {
      this.add({
        code: typeof value === "string" ? "INVALID_VALUE" : "INVALID_TYPE",
        field: path,
        message: `${path} is ${describeValue(value)}`,
        expected: nonEmpty ? "a non-empty string" : "a string",
      });
      return undefined;
    }
    return value;
  }

  optionalString(record: Record<string, unknown>, key: string, path: string, nonEmpty = false): string | undefined {
    return record[key] === undefined ? undefined : this.string(record[key], joinJsonPath(path, key), nonEmpty);
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (this.reported(value, path)) return undefined;
    if (typeof value !== "boolean") {
      this.add({ code: "INVALID_TYPE", field: path, message: `${path} is ${describeValue(value)}`, expected: "true or false" });
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T | undefined {
    if (this.reported(value, path)) return undefined;
    if (typeof value !== "string" || !(options as readonly string[]).includes(value)) {
      const guess = typeof value === "string" ? closest(value, options) : undefined;
      this.add({
        code: typeof value === "string" ? "INVALID_VALUE" : "INVALID_TYPE",
        field: path,
        message: `${path} is ${describeValue(value)}`,
        expected: `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`,
        ...(guess !== undefined ? { suggestion: `did you mean ${JSON.stringify(guess)}?` } : {}),
      });
      return undefined;
    }
    return value as T;
  }

  number(value: unknown, path: string, rule: NumberRule): number | undefined {
    if (this.reported(value, path)) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const asText = typeof value === "string" ? value : undefined;
      this.add({
        code: "INVALID_TYPE",
        field: path,
        message: `${path} is ${describeValue(value)}`,
        expected: `a JSON number: ${rule.expected}`,
        ...(asText !== undefined && /\d/.test(asText)
          ? { suggestion: `write the number without quotes or suffixes (e.g. 12800000, not "12.8M")` }
          : {}),
      });
      return undefined;
    }
    const bad =
      (rule.min !== undefined && value < rule.min) ||
      (rule.above !== undefined && value <= rule.above) ||
      (rule.max !== undefined && value > rule.max) ||
      (rule.below !== undefined && value >= rule.below) ||
      (rule.integer === true && !Number.isInteger(value));
    if (bad) {
      const negative = value < 0 && ((rule.min ?? -1) >= 0 || (rule.above ?? -1) >= 0);
      this.add({
        code: negative ? "NEGATIVE_NUMBER" : "OUT_OF_RANGE",
        field: path,
        message: `${path} is ${value}`,
        expected: rule.expected,
      });
      return undefined;
    }
    return value === 0 ? 0 : value;
  }

  array(value: unknown, path: string, what: string, nonEmpty: boolean): unknown[] | undefined {
    if (this.reported(value, path)) return undefined;
    if (!Array.isArray(value)) {
      this.add({ code: "INVALID_TYPE", field: path, message: `${path} is ${describeValue(value)}`, expected: what });
      return undefined;
    }
    if (nonEmpty && value.length === 0) {
      this.add({ code: "INVALID_VALUE", field: path, message: `${path} is empty`, expected: what });
      return undefined;
    }
    return value;
  }

  /** A `Record<string, string>`. */
  stringRecord(value: unknown, path: string): Record<string, string> | undefined {
    if (this.reported(value, path)) return undefined;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.add({
        code: "INVALID_TYPE",
        field: path,
        message: `${path} is ${describeValue(value)}`,
        expected: 'an object of strings, e.g. { "model": "ViT-B-32", "seed": "1" }',
      });
      return undefined;
    }
    const out: Record<string, string> = {};
    let ok = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v !== "string") {
        ok = false;
        this.add({
          code: "INVALID_TYPE",
          field: joinJsonPath(path, k),
          message: `${joinJsonPath(path, k)} is ${describeValue(v)}`,
          expected: "a string",
          ...(typeof v === "number" ? { suggestion: `write it as a string: "${v}"` } : {}),
        });
      } else out[k] = v;
    }
    return ok ? out : undefined;
  }
}

/** Depth of a JSON value (objects and arrays), stopping at `limit + 1`. @internal */
export function jsonDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit < 0) return 1;
  let max = 0;
  for (const v of Object.values(value as Record<string, unknown>)) {
    max = Math.max(max, jsonDepth(v, limit - 1));
    if (max > limit) break;
  }
  return max + 1;
}
