/**
 * A column of {@link renderTable}.
 *
 * @example
 * ```ts
 * const column: TableColumn = { header: "error", align: "right" };
 * ```
 */
export interface TableColumn {
  /** The header text. */
  header: string;
  /** Alignment of the cells (default `left`); numbers read best right-aligned. */
  align?: "left" | "right";
}

/**
 * Options of {@link renderTable}.
 *
 * @example
 * ```ts
 * const options: TableOptions = { indent: 2, headerStyle: (h) => `\u001b[1m${h}\u001b[22m` };
 * ```
 */
export interface TableOptions {
  /** Spaces before every line (default 0). */
  indent?: number;
  /** Spaces between columns (default 2). */
  gap?: number;
  /** Styles the header line (e.g. bold when colors are on); default none. */
  headerStyle?: (text: string) => string;
  /** Draw a rule of `-` under the header (default `true`). */
  rule?: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Width of a cell on a terminal: ANSI color codes take no room, every code point one column. */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, "")].length;
}

/**
 * Renders rows as an aligned plain-text table (one line per row, `\n`-terminated).
 *
 * @remarks Widths ignore ANSI color codes, so colored cells align; a missing cell is empty. No trailing spaces.
 * @example
 * ```ts
 * renderTable([{ header: "budget", align: "right" }, { header: "best" }], [["32M", "top 10%"], ["640M", "top 30%"]]);
 * // "budget  best\n------  -------\n   32M  top 10%\n  640M  top 30%\n"
 * ```
 */
export function renderTable(columns: readonly TableColumn[], rows: ReadonlyArray<readonly string[]>, options: TableOptions = {}): string {
  const gap = " ".repeat(options.gap ?? 2);
  const indent = " ".repeat(options.indent ?? 0);
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const pad = (text: string, i: number) => {
    const fill = " ".repeat(widths[i]! - displayWidth(text));
    return columns[i]!.align === "right" ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]) => indent + columns.map((_, i) => pad(cells[i] ?? "", i)).join(gap).replace(/\s+$/, "");
  const header = line(columns.map((c) => c.header));
  const out = [options.headerStyle ? indent + options.headerStyle(header.slice(indent.length)) : header];
  if (options.rule ?? true) out.push(indent + widths.map((w) => "-".repeat(w)).join(gap));
  for (const row of rows) out.push(line(row));
  return out.join("\n") + "\n";
}
