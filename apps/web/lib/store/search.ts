// Case-insensitive search that means the same on SQLite and PostgreSQL. Neither database folds case the same way
// (SQLite's lower() knows only ASCII; PostgreSQL's follows the database's locale, and in the C locale ASCII only),
// so the app folds in JavaScript: every study keeps its name folded in `studies.search_name`, the query is folded
// the same way, and the database compares the two byte for byte.

/**
 * A string folded for search: Unicode compatibility normalisation (NFKC: `ﬁ` → `fi`, full-width `Ａ` → `A`, a
 * decomposed `é` → `é`), then full case folding as upper-then-lower case (`É` → `é`, `ß` → `ss`, `Σ`/`ς` → `σ`).
 * Accents stay: `e` does not find `é`.
 *
 * @remarks Stored names are folded by this function when written (and by migration `0003_study_search_name` for
 * the names that existed before); if it ever changes, a new migration must fold the stored names again.
 * @example
 * ```ts
 * foldForSearch("Études ÉLEVÉES"); // "études élevées"
 * foldForSearch("Straße"); // "strasse"
 * ```
 */
export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

/**
 * A SQL LIKE pattern (with `\` as the escape character) that finds `query` anywhere in a folded name: the query
 * folded and trimmed, with `%`, `_` and `\` taken literally.
 *
 * @example
 * ```ts
 * searchPattern(" 50% É "); // "%50\\% é%"
 * ```
 */
export function searchPattern(query: string): string {
  return `%${foldForSearch(query.trim()).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
