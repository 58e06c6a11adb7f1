// Quoting for the SQL text sent to DuckDB (identifiers and string literals from user input).

/** A quoted SQL identifier: `"uid"`, `"my ""odd"" column"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A quoted SQL string literal: `'a.parquet'`, `'it''s'`. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A SQL list of string literals: `['a', 'b']`. */
export function literalList(items: readonly string[]): string {
  return `[${items.map(literal).join(", ")}]`;
}

/** A finite double as SQL text that DuckDB reads back exactly. */
export function doubleLiteral(x: number): string {
  return `${JSON.stringify(x)}::DOUBLE`;
}
