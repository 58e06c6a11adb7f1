import type { SourceInfo } from "@qqt/data";
import { DEFAULT_FIT_SETTINGS, type FitSettings } from "./fitSettings";

// The built-in examples as the page lists them. The data itself comes from @qqt/data/examples (lib/exampleCatalog.ts,
// which runs on the server when the page is built and in the worker when an example is opened); this module only
// holds what the page needs synchronously, so it adds nothing of @qqt/data to the page's JavaScript.

/**
 * A built-in example as listed in the page: what it is, where it comes from, and whether it is real.
 *
 * @example
 * ```ts
 * // { id: "datacomp-synthetic", title: "SYNTHETIC DataComp-style T-MARS evaluations", kind: "study", synthetic: true, … }
 * ```
 */
export interface ExampleEntry {
  /** Stable id used in share links: a @qqt/data example id, or `laion-openclip/<architecture>` for one OpenCLIP study. */
  id: string;
  /** Short title; generated data says SYNTHETIC in it. */
  title: string;
  /** What it holds, in a sentence or two. */
  description: string;
  /** `true` for generated data: every view of it says so. */
  synthetic: boolean;
  /** `model`: ready parameters; `study`: training runs, fitted in the browser when opened. */
  kind: "model" | "study";
  /** Citation and link to credit. */
  source: SourceInfo;
}

/** The example shown on first load: the paper's T-MARS model. */
export const DEFAULT_EXAMPLE_ID = "tmars-paper";
/** The budget shown on first load: 640M samples seen (five passes over DataComp's 128M pool). */
export const DEFAULT_BUDGET = 640e6;
/** The OpenCLIP architectures offered as separate examples (the ones with all nine LAION runs). */
export const LAION_ARCHITECTURES = ["ViT-B-32", "ViT-B-16", "ViT-L-14"] as const;
/** Prefix of the ids of the OpenCLIP examples: `laion-openclip/ViT-B-32`. */
export const LAION_PREFIX = "laion-openclip/";

/** Ids of earlier versions of the app, still accepted in share links. */
const ALIASES: Readonly<Record<string, string>> = { "tmars-imagenet": DEFAULT_EXAMPLE_ID };

/**
 * The current id of an example id found in a share link (earlier ids are mapped to their replacement).
 *
 * @example
 * ```ts
 * canonicalExampleId("tmars-imagenet"); // "tmars-paper"
 * canonicalExampleId("datacomp-synthetic"); // "datacomp-synthetic"
 * ```
 */
export function canonicalExampleId(id: string): string {
  return ALIASES[id] ?? id;
}

/**
 * The fit settings an example study is fitted with when it is opened, chosen for what the data can pin down.
 *
 * @remarks The synthetic DataComp study was generated from the paper's model with the official code's law
 * (`reference` variant), every bucket alone at five budgets plus nested pools: per-bucket `b` and `tau`. Each
 * OpenCLIP study has three LAION pools of one quality at three budgets each (9 runs): one `b` and one `tau` shared,
 * as in @qqt/fit's LAION benchmark. Everything else is @qqt/fit's default (SSE loss, seed 0, 200 bootstrap refits: `@qqt/fit/defaults`).
 * @example
 * ```ts
 * exampleFitSettings("laion-openclip/ViT-B-32").share; // { b: true, tau: true }
 * ```
 */
export function exampleFitSettings(id: string): FitSettings {
  if (id === "datacomp-synthetic") return { ...DEFAULT_FIT_SETTINGS, variant: "reference" };
  if (id.startsWith(LAION_PREFIX)) return { ...DEFAULT_FIT_SETTINGS, share: { b: true, tau: true } };
  return { ...DEFAULT_FIT_SETTINGS };
}
