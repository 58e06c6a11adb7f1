import type { IssueDraft } from "../DataError.js";

/** One record of a delimited file. @internal */
export interface DelimitedRecord {
  fields: string[];
  /** 1-based column of each field's first character. */
  columns: number[];
  /** 1-based physical line where the record starts. */
  line: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/** Length of a quoted field beyond which we report rather than buffer (a lost quote swallowing a whole file). */
const MAX_QUOTED_FIELD_CHARS = 1 << 20;

/**
 * An incremental RFC-4180 tokenizer: push chunks of text, receive records with their line numbers.
 *
 * @remarks Quotes (`""` escapes), delimiters and CR, LF or CRLF line ends inside quoted fields; records and quoted
 * fields may span chunks. A quote inside an unquoted field is kept literally (`12" screen`); text after a closing
 * quote is an error. Memory is bounded by the longest record. @internal
 */
export class DelimitedTokenizer {
  private readonly delimiter: number;
  private fields: string[] = [];
  private columns: number[] = [];
  private field = "";
  private state = FIELD_START;
  private line = 1;
  private col = 1;
  private recordLine = 1;
  private fieldCol = 1;
  private quoteLine = 1;
  private pendingCR = false;
  private failed = false;
  /** Set by {@link DelimitedTokenizer.pushRecord}: stop after the record being read ends. */
  private stopAfterRecord = false;
  private recordEnded = false;

  constructor(
    delimiter: string,
    private readonly onRecord: (record: DelimitedRecord) => void,
    private readonly onIssue: (issue: IssueDraft) => void,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    this.run(chunk, 0);
  }

  /**
   * Feeds `chunk` from `start` until one record ends: returns the index after that record's line end, or
   * `chunk.length` when the record goes on in the next chunk (then {@link DelimitedTokenizer.recordDone} is false and
   * the next chunk is to be fed from 0). Lets a faster splitter hand over only the records it cannot read itself.
   */
  pushRecord(chunk: string, start: number): number {
    this.stopAfterRecord = true;
    this.recordEnded = false;
    try {
      return this.run(chunk, start);
    } finally {
      this.stopAfterRecord = false;
    }
  }

  /** Whether the last {@link DelimitedTokenizer.pushRecord} ended a record. */
  get recordDone(): boolean {
    return this.recordEnded;
  }

  /** Whether the tokenizer gave up (a quoted field too long): it ignores further input. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** The 1-based line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  /** Restarts, between records, at the start of `line` (the records before it were read by someone else). */
  resume(line: number): void {
    this.line = line;
    this.recordLine = line;
    this.col = 1;
    this.fieldCol = 1;
    this.pendingCR = false;
  }

  /** Whether the last record ended with a CR at the very end of a chunk (an LF starting the next one belongs to it); clears it. */
  takePendingCR(): boolean {
    const p = this.pendingCR;
    this.pendingCR = false;
    return p;
  }

  private run(chunk: string, start: number): number {
    if (this.failed) return chunk.length;
    const n = chunk.length;
    const delim = this.delimiter;
    let i = start;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (i < n && chunk.charCodeAt(i) === LF) i++;
    }
    while (i < n) {
      const state = this.state;
      if (state === FIELD_START || state === UNQUOTED) {
        if (state === FIELD_START) {
          this.fieldCol = this.col;
          if (chunk.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            i++;
            this.col++;
            continue;
          }
        }
        let j = i;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === delim || c === CR || c === LF) break;
          j++;
        }
        if (j > i) {
          this.field += chunk.slice(i, j);
          this.col += j - i;
        }
        this.state = UNQUOTED;
        i = j;
        if (i === n) break;
        i = this.terminator(chunk, i);
        if (this.recordEnded && this.stopAfterRecord) return i;
      } else if (state === QUOTED) {
        const c = chunk.charCodeAt(i);
        if (c === QUOTE) {
          this.state = QUOTE_SEEN;
          i++;
          this.col++;
          continue;
        }
        // Copy up to the next quote, counting line ends.
        let j = i;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === QUOTE) break;
          if (d === LF) {
            if (!(j > i ? chunk.charCodeAt(j - 1) === CR : this.lastWasCR())) this.line++;
            this.col = 1;
          } else if (d === CR) {
            this.line++;
            this.col = 1;
          } else this.col++;
          j++;
        }
        this.field += chunk.slice(i, j);
        i = j;
        if (this.field.length > MAX_QUOTED_FIELD_CHARS) {
          this.onIssue({
            code: "INVALID_CSV",
            line: this.quoteLine,
            column: this.fieldCol,
            message: `a quoted field starting here runs over ${MAX_QUOTED_FIELD_CHARS} characters`,
            expected: 'a closing quote (write "" for a quote inside a quoted field)',
            suggestion: "check for a missing closing quote",
          });
          this.failed = true;
          return n;
        }
      } else {
        // QUOTE_SEEN: a doubled quote, the end of the field, or garbage.
        const c = chunk.charCodeAt(i);
        if (c === QUOTE) {
          this.field += '"';
          this.state = QUOTED;
          i++;
          this.col++;
        } else if (c === delim || c === CR || c === LF) {
          i = this.terminator(chunk, i);
          if (this.recordEnded && this.stopAfterRecord) return i;
        } else {
          this.onIssue({
            code: "INVALID_CSV",
            line: this.line,
            column: this.col,
            message: "unexpected text after a closing quote",
            expected: 'a delimiter or a line end after a quoted field (write "" for a quote inside it)',
          });
          this.state = UNQUOTED;
        }
      }
    }
    return n;
  }

  private lastWasCR(): boolean {
    const f = this.field;
    return f.length > 0 && f.charCodeAt(f.length - 1) === CR;
  }

  /** Handles a delimiter or a line end at `chunk[i]`; returns the next index. */
  private terminator(chunk: string, i: number): number {
    const c = chunk.charCodeAt(i);
    this.endField();
    if (c === this.delimiter) {
      this.state = FIELD_START;
      this.col++;
      this.fieldCol = this.col;
      return i + 1;
    }
    this.endRecord();
    this.line++;
    this.col = 1;
    this.recordLine = this.line;
    this.state = FIELD_START;
    if (c === CR) {
      if (i + 1 < chunk.length) return chunk.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      this.pendingCR = true;
    }
    return i + 1;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.columns.push(this.fieldCol);
    this.field = "";
  }

  private endRecord(): void {
    const record: DelimitedRecord = { fields: this.fields, columns: this.columns, line: this.recordLine };
    this.fields = [];
    this.columns = [];
    this.recordEnded = true;
    this.onRecord(record);
  }

  /** Ends the input: flushes a last record without a line end, reports an unterminated quote. */
  end(): void {
    if (this.failed) return;
    if (this.state === QUOTED) {
      this.onIssue({
        code: "INVALID_CSV",
        line: this.quoteLine,
        column: this.fieldCol,
        message: "a quoted field is never closed",
        expected: 'a closing quote (write "" for a quote inside a quoted field)',
      });
      return;
    }
    if (this.state !== FIELD_START || this.fields.length > 0) {
      this.endField();
      this.endRecord();
    }
    this.state = FIELD_START;
  }
}

/** Which delimiters are sniffed from a header line. @internal */
export type Delimiter = "," | "\t" | ";";

/**
 * Picks the delimiter of a delimited file from its first line: tab, comma or semicolon, whichever alone appears;
 * with several, the file extension decides (`.tsv`/`.tab` → tab, `.csv` → comma). @internal
 */
export function sniffDelimiter(firstLine: string, file: string): Delimiter | { ambiguous: string[] } {
  const line = firstLine.replace(/"[^"]*"/g, "");
  const found = (["\t", ",", ";"] as const).filter((d) => line.includes(d));
  const lower = file.toLowerCase();
  const tabExtension = lower.endsWith(".tsv") || lower.endsWith(".tab");
  if (found.length === 1) return found[0]!;
  if (found.length === 0) return tabExtension ? "\t" : ",";
  if (tabExtension && found.includes("\t")) return "\t";
  if (lower.endsWith(".csv") && found.includes(",")) return ",";
  if (found.includes("\t") && !found.includes(",")) return "\t";
  return { ambiguous: found.map((d) => (d === "\t" ? "tab" : d)) };
}

/** The first line of a text (up to the first CR or LF). @internal */
/**
 * The first line that is neither blank nor a `#` comment (the header of a CSV that starts with comments), and whether
 * the text holds all of it (a newline follows). @internal
 */
export function firstContentLine(text: string): { line: string; complete: boolean } | undefined {
  let start = 0;
  while (start < text.length) {
    const m = /\r\n|[\r\n]/.exec(text.slice(start));
    const end = m === null ? text.length : start + m.index;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    if (trimmed !== "" && !trimmed.startsWith("#")) return { line, complete: m !== null };
    if (m === null) return undefined;
    start = end + m[0].length;
  }
  return undefined;
}

export function firstLine(text: string): string {
  const m = /[\r\n]/.exec(text);
  return m === null ? text : text.slice(0, m.index);
}
