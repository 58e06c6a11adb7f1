// The running fit's label and progress, outside React state: progress arrives up to 20 times a second, and only the
// fit panel should re-render for it (never the charts or the recommendation).
import type { RunningFit } from "./FitPanel";

/** A tiny external store for `useSyncExternalStore`. */
export interface FitRunStore {
  get(): RunningFit | undefined;
  set(value: RunningFit | undefined): void;
  subscribe(listener: () => void): () => void;
}

/** A new store holding no running fit. */
export function createFitRunStore(): FitRunStore {
  let value: RunningFit | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
