// @qqt/fit/defaults: the default fit settings of every qqt front end, importable without loading the fitter.
import { DEFAULT_CONFIDENCE } from "@qqt/core";

/**
 * The default fit settings every qqt front end uses (the CLI's `qqt fit`, the web's fit panel and its imports):
 * stated once, here.
 *
 * @remarks `seed` 0 for every random choice; a `residuals` bootstrap of 200 refits (enough for stable 95%
 * intervals and probabilities, a few seconds for a paper-size study), intervals at 95%.
 * @example
 * ```ts
 * DEFAULT_FIT_SETTINGS.bootstrap.samples; // 200
 * ```
 */
export const DEFAULT_FIT_SETTINGS: {
  /** Seed of every random choice. */
  readonly seed: number;
  /** The bootstrap run after a fit. */
  readonly bootstrap: {
    /** Refits. */
    readonly samples: number;
    /** What is resampled. */
    readonly method: "residuals" | "runs";
    /** Level of every interval. */
    readonly confidence: number;
  };
} = Object.freeze({ seed: 0, bootstrap: Object.freeze({ samples: 200, method: "residuals" as const, confidence: DEFAULT_CONFIDENCE }) });
