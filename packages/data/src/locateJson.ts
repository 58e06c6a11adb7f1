/**
 * A 1-based line and column in a text.
 *
 * @example
 * ```ts
 * const at: TextPosition = { line: 3, column: 14 };
 * ```
 */
export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column (character) in the line. */
  column: number;
}

/**
 * The outcome of {@link locateJson}: where every value starts, keyed by path, or where and why the text is not JSON.
 *
 * @example
 * ```ts
 * const r: LocatedJson = locateJson('{"a": [1, 2]}');
 * if (r.ok) r.positions.get("a[1]"); // { line: 1, column: 11 }
 * ```
 */
export type LocatedJson =
  | {
      /** `true`: the text is JSON. */
      ok: true;
      /** Where each value starts (an object member: its key), keyed by path (`""` for the document, `a[1]`, `b.c`). */
      positions: Map<string, TextPosition>;
    }
  | {
      /** `false`: the text is not JSON. */
      ok: false;
      /** Where the first syntax error is. */
      position: TextPosition;
      /** What is wrong there. */
      message: string;
    };

const BYTE_ORDER_MARK = 0xfeff;

/** Deeper nesting is reported instead of risking the call stack. @internal */
export const MAX_JSON_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Joins a JSON path the way every qqt issue prints it: `observations[3].samplesSeen`, `tags["my key"]`.
 *
 * @example
 * ```ts
 * joinJsonPath("observations[3]", "samplesSeen"); // "observations[3].samplesSeen"
 * joinJsonPath("tags", "my key"); // 'tags["my key"]'
 * joinJsonPath("buckets", 2); // "buckets[2]"
 * ```
 */
export function joinJsonPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Where every value of a JSON text starts, keyed by its path (`""` for the root, `buckets[2].tau`), or the line,
 * column and reason of its first syntax error — for reporting problems found in a parsed document at their place.
 * An object member is located at its name (`"tau": -1` at `"tau"`), an array element at its value.
 *
 * @remarks A strict parser that accepts exactly what `JSON.parse` accepts (a leading BOM aside). Parse with
 * `JSON.parse` first and call this only when something is wrong: it is several times slower.
 * @example
 * ```ts
 * locateJson('{\n  "task": {"a": 0.022}\n}'); // { ok: true, positions: Map { "" → 1:1, "task" → 2:3, "task.a" → 2:12 } }
 * locateJson('{"a": }'); // { ok: false, position: { line: 1, column: 7 }, message: 'expected a value but found "}"' }
 * ```
 */
export function locateJson(text: string): LocatedJson {
  const positions = new Map<string, TextPosition>();
  // Line starts, for offset → line/column.
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) lineStarts.push(i + 1);
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) lineStarts.push(i + 1);
  }
  const toPosition = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 - (lo === 0 ? bom : 0) };
  };

  // A byte-order mark is skipped and not counted as a column (editors do not show it).
  const bom = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  let i = bom;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= n ? "the end of the input" : `${JSON.stringify(text[at])}`);
  const expect = (what: string): never => {
    throw new JsonSyntaxError(`expected ${what} but found ${describe(i)}`, i);
  };
  const string = (): void => {
    // at '"'
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            throw new JsonSyntaxError("invalid \\u escape in a string", i);
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new JsonSyntaxError("invalid escape in a string", i);
      } else if (c < 0x20) {
        throw new JsonSyntaxError("unescaped control character (e.g. a line break) in a string", i);
      } else i++;
    }
    throw new JsonSyntaxError("a string is never closed", n);
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null || m[0].length === 0) expect("a value");
    i += m![0].length;
  };
  const value = (path: string, depth: number): void => {
    if (depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels`, i);
    ws();
    if (!positions.has(path)) positions.set(path, toPosition(i));
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') expect(text[i] === "}" ? "a member name (no trailing comma)" : 'a member name in "quotes"');
        const start = i;
        string();
        const key = JSON.parse(text.slice(start, i)) as string;
        const memberPath = joinJsonPath(path, key);
        positions.set(memberPath, toPosition(start));
        ws();
        if (text[i] !== ":") expect('":"');
        i++;
        value(memberPath, depth + 1);
        positions.set(memberPath, toPosition(start));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        expect('"," or "}"');
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        ws();
        if (text[i] === "]") expect("a value (no trailing comma)");
        value(joinJsonPath(path, k), depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        expect('"," or "]"');
      }
    } else if (c === '"') string();
    else if (c === "t" && text.startsWith("true", i)) i += 4;
    else if (c === "f" && text.startsWith("false", i)) i += 5;
    else if (c === "n" && text.startsWith("null", i)) i += 4;
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else if (c === "N" || c === "I") expect("a value (NaN and Infinity are not JSON; write a finite number)");
    else if (c === "'") expect('a value (strings use "double quotes" in JSON)');
    else expect("a value");
  };
  try {
    value("", 0);
    ws();
    if (i < n) expect("the end of the input (one JSON value per file)");
    return { ok: true, positions };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, position: toPosition(e.offset), message: e.message };
    throw e;
  }
}

/**
 * The position of `path` in {@link locateJson}'s positions, or of its nearest ancestor that has one (a missing
 * field is reported where its object starts).
 *
 * @example
 * ```ts
 * const r = locateJson('{\n  "task": {"a": 0.022}\n}');
 * if (r.ok) positionOf(r.positions, "task.d"); // { line: 2, column: 3 } (task.d is missing: where task is)
 * ```
 */
export function positionOf(positions: ReadonlyMap<string, TextPosition>, path: string): TextPosition | undefined {
  let p = path;
  for (;;) {
    const found = positions.get(p);
    if (found !== undefined) return found;
    if (p === "") return undefined;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    p = cut <= 0 ? "" : p.slice(0, cut);
  }
}
