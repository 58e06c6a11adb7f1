// Bounds on what the API reads and says: the nesting depth of a JSON body, checked by a flat scan of its text before
// anything recursive sees it, and the length of every message — a message quotes at most 200 characters of input,
// and an error answer is at most 64 KiB, whatever was sent.
import type { ErrorBody, Issue } from "./StoreError";

/** Deepest nesting of arrays and objects accepted in a request body (a study with its model needs about 10). */
export const MAX_JSON_DEPTH = 64;
/** Most characters of input a message quotes. */
export const MAX_QUOTE_CHARS = 200;
/** Longest message (or `expected`, `suggestion`) of an issue, in characters. */
export const MAX_MESSAGE_CHARS = 600;
/** Longest issue path, in characters. */
export const MAX_PATH_CHARS = 200;
/** Largest error answer, in bytes of JSON (64 KiB). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Quotes input for a message: as a JSON string of at most `max` characters, followed by `… N more` when cut.
 *
 * @example
 * ```ts
 * quote("top0-10"); // "\"top0-10\""
 * quote("x".repeat(250)); // "\"xxx…x\"… 50 more" (200 x's)
 * ```
 */
export function quote(text: string, max: number = MAX_QUOTE_CHARS): string {
  if (text.length <= max) return JSON.stringify(text);
  const head = cut(text, max);
  return `${JSON.stringify(head)}… ${text.length - head.length} more`;
}

/** The first `max` UTF-16 units of `text`, one fewer if that would split a surrogate pair. */
function cut(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * A message with every quoted string longer than {@link MAX_QUOTE_CHARS} shortened as {@link quote} does, then cut
 * to `max` characters (with `… N more`). For messages written elsewhere (e.g. by @qqt/data) that may quote a whole
 * field.
 *
 * @example
 * ```ts
 * boundText(`bucket "${"x".repeat(4e6)}" is not in buckets`); // 'bucket "xxx…x"… 3999800 more is not in buckets'
 * ```
 */
export function boundText(text: string, max: number = MAX_MESSAGE_CHARS): string {
  const out = text.length > MAX_QUOTE_CHARS + 2 ? shortenQuotes(text) : text;
  if (out.length <= max) return out;
  // Already bounded (its head fits, followed by the count of what was cut): bounding it again would miscount.
  const marked = /… \d{1,16} more$/.exec(out);
  if (marked !== null && marked.index <= max) return out;
  const head = cut(out, max);
  return `${head}… ${out.length - head.length} more`;
}

/**
 * Every JSON string literal (`"…"`, as `JSON.stringify` writes them) longer than {@link MAX_QUOTE_CHARS} in `text`,
 * shortened by {@link quote}. Scans with `indexOf`, so a 4 MB literal costs milliseconds; an unterminated literal is
 * left to the caller's final cut.
 */
function shortenQuotes(text: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const open = text.indexOf('"', i);
    if (open < 0) break;
    let close = open + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close < 0) break;
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      close++;
    }
    if (close < 0) break;
    const literal = text.slice(open, close + 1);
    let shown = literal;
    if (literal.length > MAX_QUOTE_CHARS + 2) {
      try {
        shown = quote(JSON.parse(literal) as string);
      } catch {
        shown = quote(literal.slice(1, -1));
      }
    }
    out += text.slice(i, open) + shown;
    i = close + 1;
  }
  return out + text.slice(i);
}

/**
 * An issue with its path, message, expected format and suggestion bounded ({@link boundText}).
 *
 * @example
 * ```ts
 * boundIssue({ path: `study.${"k".repeat(1e6)}`, message: "unexpected field" }).path.length; // < 320
 * ```
 */
export function boundIssue(issue: Issue): Issue {
  const out: Issue = { ...issue, path: boundText(issue.path, MAX_PATH_CHARS), message: boundText(issue.message) };
  if (issue.code !== undefined) out.code = boundText(issue.code, 60);
  if (issue.expected !== undefined) out.expected = boundText(issue.expected);
  if (issue.suggestion !== undefined) out.suggestion = boundText(issue.suggestion);
  return out;
}

/**
 * An error body of at most `maxBytes` of JSON: the message and every issue bounded, then as many issues as fit,
 * the rest summed up in a last issue.
 *
 * @example
 * ```ts
 * Buffer.byteLength(JSON.stringify(boundErrorBody(body))) <= MAX_ERROR_BODY_BYTES; // true
 * ```
 */
export function boundErrorBody(body: ErrorBody, maxBytes: number = MAX_ERROR_BODY_BYTES): ErrorBody {
  const error: ErrorBody["error"] = { code: body.error.code, message: boundText(body.error.message) };
  if (body.error.issues === undefined) return { error };
  const issues = body.error.issues.map(boundIssue);
  // Room for the envelope, the message and a summary issue; each issue then costs its JSON and a comma.
  let used = byteLength(JSON.stringify({ error: { ...error, issues: [] } })) + 200;
  const kept: Issue[] = [];
  for (const issue of issues) {
    const size = byteLength(JSON.stringify(issue)) + 1;
    if (used + size > maxBytes) break;
    kept.push(issue);
    used += size;
  }
  if (kept.length < issues.length) {
    const left = issues.length - kept.length;
    kept.push({ path: "", message: `…and ${left} more problem${left === 1 ? "" : "s"} not shown (an error answer is at most ${Math.floor(maxBytes / 1024)} KiB)` });
  }
  error.issues = kept;
  return { error };
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** Where a JSON text nests deeper than allowed. */
export interface DeepNesting {
  /** UTF-16 offset of the opening bracket that goes one level too deep. */
  offset: number;
  /** 1-based line and column of that bracket. */
  line: number;
  column: number;
}

/**
 * Finds the first place where a JSON text nests arrays and objects deeper than `maxDepth`, in one flat pass over
 * the text (no recursion, no parsing), or null. Brackets inside strings do not count.
 *
 * @example
 * ```ts
 * findDeepNesting('{"a":[[1]]}', 2); // { offset: 6, line: 1, column: 7 }
 * findDeepNesting('{"a":"[[["}', 1); // null
 * ```
 */
export function findDeepNesting(text: string, maxDepth: number = MAX_JSON_DEPTH): DeepNesting | null {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { offset: i, line, column: i - lineStart + 1 };
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return null;
}

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `maxDepth` (an explicit stack, no recursion).
 *
 * @example
 * ```ts
 * nestsDeeperThan({ a: [[1]] }, 2); // true
 * ```
 */
export function nestsDeeperThan(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === "object") stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
