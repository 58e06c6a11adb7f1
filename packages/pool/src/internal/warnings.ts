import type { PoolExclusions, PoolManifestRows } from "@qqt/data";
import type { PoolWarning } from "../types.js";

/** `1 row`, `3 rows`. */
export function countWord(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const REASON_WORDS: Readonly<Record<string, string>> = {
  missingId: "missing id",
  missingScore: "missing score",
  nanScore: "NaN score",
  infiniteScore: "infinite score",
  nonNumericScore: "non-numeric score",
};

/** The reasons of the excluded rows in words: `3 missing score, 1 NaN score`. */
export function describeExclusions(excluded: PoolExclusions): string {
  return Object.entries(excluded).filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${REASON_WORDS[reason] ?? reason}`).join(", ");
}

/** The warnings about excluded rows and duplicate ids. */
export function poolWarnings(rows: Pick<PoolManifestRows, "read" | "excluded"> & { duplicates?: PoolManifestRows["duplicates"] }): PoolWarning[] {
  const warnings: PoolWarning[] = [];
  const excluded = Object.values(rows.excluded).reduce((n, c) => n + c, 0);
  if (excluded > 0) warnings.push({ code: "EXCLUDED_ROWS", message: `${countWord(excluded, "row")} of ${rows.read} excluded: ${describeExclusions(rows.excluded)}` });
  const d = rows.duplicates;
  if (d !== undefined && d.ids > 0) {
    const examples = d.examples.slice(0, 3).map((e) => JSON.stringify(e.length > 60 ? `${e.slice(0, 60)}…` : e)).join(", ");
    warnings.push({ code: "DUPLICATE_IDS", message: `${countWord(d.ids, "id")} occur on more than one row (${d.rows} rows), e.g. ${examples}; every row is kept and counted` });
  }
  return warnings;
}
