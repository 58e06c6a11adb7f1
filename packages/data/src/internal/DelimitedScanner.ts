import type { IssueDraft } from "../DataError.js";
import { DelimitedTokenizer } from "./DelimitedTokenizer.js";
import type { DelimitedRecord } from "./DelimitedTokenizer.js";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Receives a line without quotes as field ranges: field `k` is `text.slice(scanner.starts[k], scanner.ends[k])`.
 * The ranges are only valid during the call. @internal
 */
export type RangeLineHandler = (text: string, lineStart: number, count: number, line: number) => void;

/**
 * Splits pushed text chunks into records by char codes, without building a string per field: a line without a quote
 * reaches `onLine` as field ranges into the chunk; a record with a quote (quoted fields, line breaks inside them) is
 * read by the {@link DelimitedTokenizer}, which gives `onRecord` the same records (and issues) it would give alone.
 *
 * @remarks Same line numbers, columns and line ends (LF, CRLF, a lone CR) as the tokenizer; lines may span chunks.
 * Memory: the current line, and one quoted record while it lasts. @internal
 */
export class DelimitedScanner {
  /** Start of each field of the current line (index into the text passed to the handler). */
  starts = new Int32Array(64);
  /** End (exclusive) of each field of the current line. */
  ends = new Int32Array(64);
  private readonly delimiter: number;
  private readonly tokenizer: DelimitedTokenizer;
  /** The start of a line whose end is in a later chunk. */
  private rest = "";
  private line = 1;
  private pendingCR = false;
  /** The tokenizer holds a record that goes on in the next chunk. */
  private inRecord = false;

  constructor(
    delimiter: string,
    private readonly onLine: RangeLineHandler,
    onRecord: (record: DelimitedRecord) => void,
    onIssue: (issue: IssueDraft) => void,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.tokenizer = new DelimitedTokenizer(delimiter, onRecord, onIssue);
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    if (this.tokenizer.hasFailed) return;
    let from = 0;
    const n = chunk.length;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && chunk.charCodeAt(0) === LF) from = 1;
    }
    if (this.rest !== "") {
      // Finish the carried line with the start of this chunk (up to and with its line end), then go on from there.
      let k = from;
      while (k < n) {
        const c = chunk.charCodeAt(k);
        if (c === LF || c === CR) break;
        k++;
      }
      if (k === n) {
        this.rest += chunk.slice(from);
        return;
      }
      let end = k + 1;
      if (chunk.charCodeAt(k) === CR && end < n && chunk.charCodeAt(end) === LF) end++;
      const head = this.rest + chunk.slice(from, end);
      this.rest = "";
      this.feed(head, 0, false);
      // A CR that ends `head` is followed by something other than an LF in this chunk (or by the next chunk).
      if (end < n) this.pendingCR = false;
      from = end;
      if (this.tokenizer.hasFailed) return;
    }
    this.feed(chunk, from, false);
  }

  /** Ends the input: reads a last line without a line end, reports a quoted field never closed. */
  end(): void {
    if (this.tokenizer.hasFailed) return;
    if (this.inRecord) {
      this.inRecord = false;
      this.tokenizer.end();
      return;
    }
    if (this.rest !== "") {
      const rest = this.rest;
      this.rest = "";
      this.feed(rest, 0, true);
    }
  }

  /** Builds the record of the current line (for a reader that needs the fields as strings after all). */
  record(text: string, lineStart: number, count: number, line: number): DelimitedRecord {
    const fields: string[] = new Array<string>(count);
    const columns: number[] = new Array<number>(count);
    for (let k = 0; k < count; k++) {
      fields[k] = text.slice(this.starts[k]!, this.ends[k]!);
      columns[k] = this.starts[k]! - lineStart + 1;
    }
    return { fields, columns, line };
  }

  private feed(text: string, from: number, last: boolean): void {
    const tokenizer = this.tokenizer;
    let i = from;
    if (this.inRecord) {
      i = tokenizer.pushRecord(text, i);
      if (!tokenizer.recordDone) return;
      this.inRecord = false;
      this.line = tokenizer.nextLine;
      if (tokenizer.takePendingCR()) this.pendingCR = true;
    }
    const n = text.length;
    const delim = this.delimiter;
    while (i < n) {
      if (tokenizer.hasFailed) return;
      let starts = this.starts;
      let ends = this.ends;
      let count = 0;
      let fieldStart = i;
      let quoted = false;
      let j = i;
      let c = 0;
      for (; j < n; j++) {
        c = text.charCodeAt(j);
        if (c === delim) {
          if (count === starts.length) {
            this.grow();
            starts = this.starts;
            ends = this.ends;
          }
          starts[count] = fieldStart;
          ends[count++] = j;
          fieldStart = j + 1;
        } else if (c === LF || c === CR) break;
        else if (c === QUOTE) quoted = true;
      }
      if (j === n && !last) {
        this.rest = text.slice(i);
        return;
      }
      if (quoted) {
        tokenizer.resume(this.line);
        if (last) {
          tokenizer.push(text.slice(i));
          tokenizer.end();
          return;
        }
        i = tokenizer.pushRecord(text, i);
        if (!tokenizer.recordDone) {
          this.inRecord = true;
          return;
        }
        this.line = tokenizer.nextLine;
        if (tokenizer.takePendingCR()) this.pendingCR = true;
        continue;
      }
      if (count === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
      }
      starts[count] = fieldStart;
      ends[count++] = j;
      const line = this.line++;
      if (c === CR && j < n) {
        if (j + 1 < n) {
          if (text.charCodeAt(j + 1) === LF) j++;
        } else this.pendingCR = true;
      }
      this.onLine(text, i, count, line);
      i = j + 1;
    }
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}
