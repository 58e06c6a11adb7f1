// Where each value of a JSON document starts, and where a malformed document first goes wrong — so that problems
// can be reported with file, line and column. JSON.parse does the parsing; this scanner only tracks positions.

/**
 * A 1-based line and column in a text.
 *
 * @example
 * ```ts
 * const at: TextPosition = { line: 3, column: 14 };
 * ```
 */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * The positions of a JSON document's values by path, or the first syntax error.
 *
 * @example
 * ```ts
 * // scanJson('{"a": [1, 2]}').positions.get("a[1]") → { line: 1, column: 11 }
 * ```
 */
export interface JsonScan {
  /** Start of each value, keyed by path (`""` for the root, `buckets[2].tau`, `task.a`). */
  positions: Map<string, TextPosition>;
  /** The first syntax error, or undefined for a valid document. */
  syntaxError?: { message: string; at: TextPosition };
}

/** Depth beyond which the scanner stops descending (JSON.parse still validates the rest). */
const MAX_DEPTH = 256;

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Scans a JSON text, recording where each value starts by path and where the first syntax error is.
 *
 * @remarks Paths use `.key` for identifier-like keys, `["key"]` for others and `[i]` for array items; the root is
 * `""`. A byte-order mark is skipped. Positions count UTF-16 code units from 1.
 * @example
 * ```ts
 * scanJson('{\n  "task": {"a": 0.02}\n}').positions.get("task.a"); // { line: 2, column: 18 }
 * scanJson('{"a": }').syntaxError?.message; // "unexpected '}'; expected a value"
 * ```
 */
export function scanJson(text: string): JsonScan {
  const positions = new Map<string, TextPosition>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipSpace = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = () => (i >= text.length ? "end of input" : `'${text[i]}'`);
  const expect = (what: string): never => {
    throw new ScanError(`unexpected ${describe()}; expected ${what}`, i);
  };

  const value = (path: string, depth: number): void => {
    skipSpace();
    positions.set(path, at(i));
    if (depth > MAX_DEPTH) throw new ScanError(`nesting deeper than ${MAX_DEPTH} levels`, i);
    const c = text[i];
    if (c === "{") {
      i++;
      skipSpace();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') expect("a property name in double quotes");
        const key = string();
        skipSpace();
        if (text[i] !== ":") expect("':' after a property name");
        i++;
        value(childKey(path, key), depth + 1);
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        expect("',' or '}' after a property value");
      }
    }
    if (c === "[") {
      i++;
      skipSpace();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value(`${path}[${index}]`, depth + 1);
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        expect("',' or ']' after an array item");
      }
    }
    if (c === '"') {
      string();
      return;
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      number();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    expect("a value (object, array, string, number, true, false or null)");
  };

  const string = (): string => {
    const start = i;
    i++;
    let out = "";
    for (;;) {
      if (i >= text.length) throw new ScanError("unterminated string", start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return out;
      }
      if (c < 32) throw new ScanError("control character in a string; expected it escaped", i);
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ScanError("bad \\u escape; expected 4 hex digits", i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e === undefined || simple[e] === undefined) throw new ScanError("bad escape in a string", i);
        out += simple[e];
        i += 2;
        continue;
      }
      out += text[i];
      i++;
    }
  };

  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) expect("a number");
    i += match![0].length;
  };

  try {
    value("", 0);
    skipSpace();
    if (i < text.length) expect("end of input after the JSON value");
    return { positions };
  } catch (error) {
    if (error instanceof ScanError) return { positions, syntaxError: { message: error.message, at: at(error.offset) } };
    throw error;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The path of property `key` of the value at `parent`. */
export function childKey(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}
