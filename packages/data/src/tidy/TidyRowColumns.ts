import { RangeInterner } from "../internal/RangeInterner.js";

/**
 * The valid rows of a tidy CSV as typed columns (one Float64Array / Int32Array / Uint8Array per field, grown by
 * doubling): no object per row is kept until the study is built. Metrics and tag sets are interned into small tables
 * and stored by id; origins stay line numbers. @internal
 */
export class TidyRowColumns {
  length = 0;
  private cap = 0;
  line = new Int32Array(0);
  pool = new Int32Array(0);
  poolSize = new Float64Array(0);
  poolSizeColumn = new Int32Array(0);
  samples = new Float64Array(0);
  samplesColumn = new Int32Array(0);
  epochs = new Float64Array(0);
  value = new Float64Array(0);
  valueColumn = new Int32Array(0);
  weight = new Float64Array(0);
  percent = new Uint8Array(0);
  /** Metric id + 1 (0: no metric), into {@link TidyRowColumns.metrics}. */
  metric = new Int32Array(0);
  /** Tag-set id + 1 (0: no tags), into {@link TidyRowColumns.tagSets}. */
  tags = new Int32Array(0);
  /** The metrics of the rows, by id, in order of their first row. */
  readonly metrics = new RangeInterner();
  readonly tagSets: Array<Record<string, string>> = [];
  private readonly tagIds = new Map<Record<string, string>, number>();

  /** The metric id + 1 of a metric name (interned when new). */
  metricId(name: string): number {
    return this.metrics.intern(name) + 1;
  }

  /** The tag-set id + 1 of a tag set, by identity (interned when new). */
  tagSetId(tags: Record<string, string>): number {
    let id = this.tagIds.get(tags);
    if (id === undefined) {
      id = this.tagSets.length;
      this.tagIds.set(tags, id);
      this.tagSets.push(tags);
    }
    return id + 1;
  }

  /** Makes room for `rows` rows in all (sized once when the reader can estimate the rows of its input). */
  reserve(rows: number): void {
    if (rows > this.cap) this.grow(rows);
  }

  private grow(rows = Math.max(1024, this.cap * 2)): void {
    const cap = rows;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.line = i32(this.line);
    this.pool = i32(this.pool);
    this.poolSize = f64(this.poolSize);
    this.poolSizeColumn = i32(this.poolSizeColumn);
    this.samples = f64(this.samples);
    this.samplesColumn = i32(this.samplesColumn);
    this.epochs = f64(this.epochs);
    this.value = f64(this.value);
    this.valueColumn = i32(this.valueColumn);
    this.weight = f64(this.weight);
    const p = new Uint8Array(cap);
    p.set(this.percent);
    this.percent = p;
    this.metric = i32(this.metric);
    this.tags = i32(this.tags);
    this.cap = cap;
  }

  push(
    line: number,
    pool: number,
    poolSize: number,
    poolSizeColumn: number,
    samples: number,
    samplesColumn: number,
    epochs: number,
    value: number,
    valueColumn: number,
    valuePercent: boolean,
    weight: number,
    metric: number,
    tags: number,
  ): void {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.line[i] = line;
    this.pool[i] = pool;
    this.poolSize[i] = poolSize;
    this.poolSizeColumn[i] = poolSizeColumn;
    this.samples[i] = samples;
    this.samplesColumn[i] = samplesColumn;
    this.epochs[i] = epochs;
    this.value[i] = value;
    this.valueColumn[i] = valueColumn;
    this.weight[i] = weight;
    this.percent[i] = valuePercent ? 1 : 0;
    this.metric[i] = metric;
    this.tags[i] = tags;
  }

  /** Whether some row of `pool` has no samples seen (given by epochs). */
  usesEpochs(pools: readonly string[][], id: string): boolean {
    for (let i = 0; i < this.length; i++) if (Number.isNaN(this.samples[i]!) && pools[this.pool[i]!]!.includes(id)) return true;
    return false;
  }
}
