/**
 * Splits pushed text chunks into lines (LF or CRLF; a lone CR too), numbering them from 1. Memory: one line.
 * @internal
 */
export class LineSplitter {
  private rest = "";
  private line = 0;
  private pendingCR = false;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(chunk: string): void {
    let start = 0;
    const n = chunk.length;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && chunk.charCodeAt(0) === 0x0a) start = 1;
    }
    if (chunk.indexOf("\r", start) === -1) {
      // Fast path (LF only): jump from line end to line end.
      for (let i = chunk.indexOf("\n", start); i !== -1; i = chunk.indexOf("\n", start)) {
        const text = this.rest.length > 0 ? this.rest + chunk.slice(start, i) : chunk.slice(start, i);
        this.rest = "";
        this.onLine(text, ++this.line);
        start = i + 1;
      }
      if (start < n) this.rest += chunk.slice(start);
      return;
    }
    for (let i = start; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) {
        const text = this.rest.length > 0 ? this.rest + chunk.slice(start, i) : chunk.slice(start, i);
        this.rest = "";
        this.onLine(text, ++this.line);
        if (c === 0x0d) {
          if (i + 1 < n) {
            if (chunk.charCodeAt(i + 1) === 0x0a) i++;
          } else this.pendingCR = true;
        }
        start = i + 1;
      }
    }
    if (start < n) this.rest += chunk.slice(start);
  }

  end(): void {
    if (this.rest.length > 0) this.onLine(this.rest, ++this.line);
    this.rest = "";
  }
}

/** Compares paths so that `epoch_10` sorts after `epoch_9`. @internal */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
