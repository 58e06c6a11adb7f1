import type { Checker } from "./check.js";
import { closest } from "./check.js";
import { joinJsonPath } from "../locateJson.js";

/**
 * Checks the `candidates` of a study or model: a non-empty list of pools, each a non-empty list of distinct known
 * bucket ids, no pool listed twice (as a set). @internal
 */
export function checkCandidates(value: unknown, path: string, ids: ReadonlySet<string>, c: Checker): string[][] | undefined {
  const list = c.array(value, path, 'a non-empty array of pools, each an array of bucket ids, e.g. [["LAION-80M"], ["LAION-400M"]]', true);
  if (list === undefined) return undefined;
  const before = c.issues.length;
  const out: string[][] = [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const p = joinJsonPath(path, i);
    const poolList = c.array(item, p, 'a non-empty array of bucket ids, e.g. ["top0-10", "top10-20"]', true);
    if (poolList === undefined) return;
    const pool: string[] = [];
    poolList.forEach((id, k) => {
      const s = c.string(id, joinJsonPath(p, k));
      if (s === undefined) return;
      if (pool.includes(s)) {
        c.add({ code: "INVALID_VALUE", field: joinJsonPath(p, k), message: `bucket ${JSON.stringify(s)} appears twice in the pool`, expected: "each bucket once per pool" });
      } else if (!ids.has(s)) {
        const guess = closest(s, ids);
        c.add({
          code: "UNKNOWN_BUCKET",
          field: joinJsonPath(p, k),
          message: `bucket ${JSON.stringify(s)} is not in buckets`,
          expected: `one of ${[...ids].slice(0, 8).map((x) => JSON.stringify(x)).join(", ")}${ids.size > 8 ? ", …" : ""}`,
          ...(guess !== undefined ? { suggestion: `did you mean ${JSON.stringify(guess)}?` } : {}),
        });
      }
      pool.push(s);
    });
    const key = [...pool].sort().join("\u0001");
    const previous = seen.get(key);
    if (previous !== undefined) {
      c.add({ code: "INVALID_VALUE", field: p, message: `this pool repeats ${joinJsonPath(path, previous)}`, expected: "each candidate pool once" });
      return;
    }
    seen.set(key, i);
    out.push(pool);
  });
  return c.issues.length > before ? undefined : out;
}
