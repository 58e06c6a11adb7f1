import type { StudyObservation } from "../types.js";

/**
 * The identity of an observation for duplicate detection: the pool as a set, samples seen, metric and tags.
 * Two runs that differ only in their error are duplicates (a repeated run needs a `seed` tag). @internal
 */
export function observationKey(obs: Pick<StudyObservation, "pool" | "samplesSeen" | "metric" | "tags">): string {
  const pool = obs.pool.length === 1 ? obs.pool[0]! : [...obs.pool].sort().join("\u0001");
  let key = `${pool}\u0002${obs.samplesSeen}\u0002${obs.metric ?? ""}`;
  const tags = obs.tags;
  if (tags !== undefined) {
    const names = Object.keys(tags);
    if (names.length > 1) names.sort();
    for (const name of names) key += `\u0002${name}\u0003${tags[name]}`;
  }
  return key;
}

/** Describes a pool for messages: `top0-10` or `top0-10+top10-20`. @internal */
export function poolLabel(pool: readonly string[]): string {
  return pool.join("+");
}
