import type { DataIssue } from "../DataError.js";
import type { InputFormat, ReadSummary, SkipCount, SkipReason, StudyBucket, StudyObservation } from "../types.js";

/** Accumulates a {@link ReadSummary}. @internal */
export class SummaryBuilder {
  rowsRead = 0;
  rowsUsed = 0;
  private rowsSkipped = 0;
  private readonly skips = new Map<string, SkipCount>();
  private readonly skippedFiles = new Map<string, SkipCount>();
  readonly warnings: DataIssue[] = [];
  readonly files: string[] = [];

  constructor(private readonly format: InputFormat) {}

  /** Counts skipped rows (`NOT_AN_EVAL_FILE` goes to {@link SummaryBuilder.skipFile}). */
  skip(reason: Exclude<SkipReason, "NOT_AN_EVAL_FILE">, detail: string, file?: string, line?: number, count = 1): void {
    this.rowsSkipped += count;
    const key = `${reason}\u0000${detail}`;
    const entry = this.skips.get(key);
    if (entry !== undefined) entry.count += count;
    else {
      const skip: SkipCount = { reason, detail, count };
      if (file !== undefined) skip.file = file;
      if (line !== undefined) skip.line = line;
      this.skips.set(key, skip);
    }
  }

  /** Counts a file that was not read, by detail (its extension); not a row, so `rowsSkipped` does not count it. */
  skipFile(reason: "NOT_AN_EVAL_FILE", detail: string, file: string): void {
    const entry = this.skippedFiles.get(detail);
    if (entry !== undefined) entry.count++;
    else this.skippedFiles.set(detail, { reason, detail, count: 1, file });
  }

  warn(issue: DataIssue): void {
    this.warnings.push(issue);
  }

  /**
   * The summary of a read. `counts`, when the reader has them, are the observations per bucket (it counted them by
   * pool); otherwise they are counted here.
   */
  build(buckets: readonly StudyBucket[], observations: readonly StudyObservation[], counts?: ReadonlyMap<string, number>): ReadSummary {
    let perBucket = counts;
    if (perBucket === undefined) {
      const count = new Map(buckets.map((b) => [b.id, 0]));
      for (const o of observations) for (const id of o.pool) count.set(id, (count.get(id) ?? 0) + 1);
      perBucket = count;
    }
    return {
      format: this.format,
      files: [...this.files],
      rowsRead: this.rowsRead,
      rowsUsed: this.rowsUsed,
      rowsSkipped: this.rowsSkipped,
      skipped: [...this.skips.values()],
      ...(this.skippedFiles.size > 0 ? { skippedFiles: [...this.skippedFiles.values()] } : {}),
      observations: observations.length,
      buckets: buckets.map((b) => ({ id: b.id, size: b.size, observations: perBucket.get(b.id) ?? 0 })),
      warnings: [...this.warnings],
    };
  }
}
