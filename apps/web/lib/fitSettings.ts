import { LAW_DOMAIN } from "@qqt/core";
import type { BootstrapOptions, FitOptions } from "@qqt/fit";
import { DEFAULT_FIT_SETTINGS as FIT_DEFAULTS } from "@qqt/fit/defaults";

// The fit panel's settings: what the form holds (text), what it means (FitSettings), and the @qqt/fit options it
// becomes. The defaults (seed, bootstrap) are @qqt/fit's, stated once in "@qqt/fit/defaults", the light entry point
// that does not load the fitter: the page uses this module without loading @qqt/fit (type imports only otherwise).

/**
 * What a fit is asked to do, as chosen in the fit panel (JSON-safe, so it can be sent to the worker).
 *
 * @example
 * ```ts
 * const s: FitSettings = { ...DEFAULT_FIT_SETTINGS, variant: "reference", share: { b: false, tau: true } };
 * ```
 */
export interface FitSettings {
  /** The law's formulation (paper Eq. 1–3, or the appendix's effective-data comparison). */
  formulation: "utility" | "effective-data";
  /** `paper`: Eq. 3 as printed; `reference`: as the official code computes it. */
  variant: "paper" | "reference";
  /** Parameters that take one value for every bucket. */
  share: { b: boolean; tau: boolean };
  /** Parameters held constant (`b` and `tau`: one value for every bucket); absent ones are fitted. */
  fixed: { a?: number; d?: number; b?: number; tau?: number };
  /** `sse`: squared errors (the paper's); `huber-log`: robust to outlying runs. */
  loss: "sse" | "huber-log";
  /** Seed of every random choice: the same data, settings and seed give the same fit. */
  seed: number;
  /** Bootstrap refits for intervals, bands and the probability of being best; 0 for none. */
  bootstrapSamples: number;
  /** `residuals` (few runs per bucket, the paper's design) or `runs` (several runs per pool). */
  bootstrapMethod: "residuals" | "runs";
  /** Level of the bootstrap intervals, e.g. 0.95. */
  confidence: number;
}

/** Bootstrap refits by default (@qqt/fit's default, 200): enough for stable 95% intervals, a few seconds for a paper-size study. */
export const DEFAULT_BOOTSTRAP_SAMPLES = FIT_DEFAULTS.bootstrap.samples;
/** Most bootstrap refits the form accepts. */
export const MAX_BOOTSTRAP_SAMPLES = 5000;
/** Largest seed (32-bit unsigned). */
const MAX_SEED = 2 ** 32 - 1;

/**
 * @qqt/fit's defaults, as every qqt front end uses them: utility law, paper variant, nothing shared or fixed, SSE loss,
 * and from `@qqt/fit/defaults` seed 0 and a 200-refit residual bootstrap at 95% (the CLI's `qqt fit` defaults).
 *
 * @example
 * ```ts
 * DEFAULT_FIT_SETTINGS.bootstrapSamples; // 200
 * DEFAULT_FIT_SETTINGS.seed; // 0
 * ```
 */
export const DEFAULT_FIT_SETTINGS: FitSettings = Object.freeze({
  formulation: "utility",
  variant: "paper",
  share: Object.freeze({ b: false, tau: false }) as FitSettings["share"],
  fixed: Object.freeze({}) as FitSettings["fixed"],
  loss: "sse",
  seed: FIT_DEFAULTS.seed,
  bootstrapSamples: FIT_DEFAULTS.bootstrap.samples,
  bootstrapMethod: FIT_DEFAULTS.bootstrap.method,
  confidence: FIT_DEFAULTS.bootstrap.confidence,
}) as FitSettings;

/**
 * The fit panel's fields as typed (numbers as text, so that a half-typed value is never lost).
 *
 * @example
 * ```ts
 * formOf(DEFAULT_FIT_SETTINGS).samples; // "200"
 * ```
 */
export interface FitForm {
  formulation: FitSettings["formulation"];
  variant: FitSettings["variant"];
  shareB: boolean;
  shareTau: boolean;
  fixedA: string;
  fixedD: string;
  fixedB: string;
  fixedTau: string;
  loss: FitSettings["loss"];
  seed: string;
  samples: string;
  method: FitSettings["bootstrapMethod"];
  /** In percent, e.g. "95". */
  confidence: string;
}

/** Why a form field cannot be used, by field. */
export type FitFormErrors = Partial<Record<keyof FitForm, string>>;

/**
 * The form showing `settings`.
 *
 * @example
 * ```ts
 * formOf({ ...DEFAULT_FIT_SETTINGS, fixed: { d: 0.1 } }).fixedD; // "0.1"
 * ```
 */
export function formOf(settings: FitSettings): FitForm {
  const text = (x: number | undefined) => (x === undefined ? "" : String(x));
  return {
    formulation: settings.formulation,
    variant: settings.variant,
    shareB: settings.share.b,
    shareTau: settings.share.tau,
    fixedA: text(settings.fixed.a),
    fixedD: text(settings.fixed.d),
    fixedB: text(settings.fixed.b),
    fixedTau: text(settings.fixed.tau),
    loss: settings.loss,
    seed: String(settings.seed),
    samples: String(settings.bootstrapSamples),
    method: settings.bootstrapMethod,
    confidence: String(Number((settings.confidence * 100).toPrecision(6))),
  };
}

/** A plain decimal or scientific number: no units, no thousands separators, no hex. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function number(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

/**
 * Checks the form and returns the settings, or a message for every field that cannot be used.
 *
 * @remarks Fixed values must lie in the parameter's domain (`a > 0`, `d ≥ 0`, `b` in [−100, 0), `tau` in (0, 1e12], @qqt/core's LAW_DOMAIN); an empty box
 * means "fit it". The seed is a whole number in [0, 2³²); bootstrap refits are 0 (none) or 2–5000; the confidence
 * is a percentage in [50, 99.9].
 * @example
 * ```ts
 * parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), fixedB: "0.2", samples: "1" });
 * // { ok: false, errors: { fixedB: "b must be a negative number, e.g. -0.15 (got 0.2)",
 * //   samples: "Enter 0 (no bootstrap) or a whole number of refits from 2 to 5000 (got 1)" } }
 * ```
 */
export function parseFitForm(form: FitForm): { ok: true; value: FitSettings } | { ok: false; errors: FitFormErrors } {
  const errors: FitFormErrors = {};
  const fixed: FitSettings["fixed"] = {};
  const domain = [
    ["fixedA", "a", (x: number) => x > 0, "a positive number, e.g. 0.022"],
    ["fixedD", "d", (x: number) => x >= 0, "a number >= 0, e.g. 0.1"],
    ["fixedB", "b", (x: number) => x < 0 && x >= LAW_DOMAIN.minUtility, `a negative number down to ${LAW_DOMAIN.minUtility}, e.g. -0.15`],
    ["fixedTau", "tau", (x: number) => x > 0 && x <= LAW_DOMAIN.maxHalfLife, "a positive number of repetitions up to 1e12, e.g. 4"],
  ] as const;
  for (const [field, name, ok, what] of domain) {
    const text = form[field].trim();
    if (text === "") continue;
    const x = number(text);
    if (x === undefined || !Number.isFinite(x) || !ok(x)) errors[field] = `${name} must be ${what} (got ${JSON.stringify(text)})`;
    else fixed[name] = x;
  }
  const seed = number(form.seed);
  if (seed === undefined || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    errors.seed = `Enter a whole number from 0 to ${MAX_SEED} (got ${JSON.stringify(form.seed.trim())})`;
  }
  const samples = number(form.samples);
  if (samples === undefined || !Number.isInteger(samples) || samples === 1 || samples < 0 || samples > MAX_BOOTSTRAP_SAMPLES) {
    errors.samples = `Enter 0 (no bootstrap) or a whole number of refits from 2 to ${MAX_BOOTSTRAP_SAMPLES} (got ${form.samples.trim() === "" ? "nothing" : form.samples.trim()})`;
  }
  const confidence = number(form.confidence);
  if (confidence === undefined || confidence < 50 || confidence > 99.9) {
    errors.confidence = `Enter a percentage from 50 to 99.9, e.g. 95 (got ${JSON.stringify(form.confidence.trim())})`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      formulation: form.formulation,
      variant: form.variant,
      share: { b: form.shareB, tau: form.shareTau },
      fixed,
      loss: form.loss,
      seed: seed!,
      bootstrapSamples: samples!,
      bootstrapMethod: form.method,
      confidence: confidence! / 100,
    },
  };
}

/**
 * The @qqt/fit options of a fit and, when refits are asked for, of its bootstrap.
 *
 * @example
 * ```ts
 * fitOptionsOf({ ...DEFAULT_FIT_SETTINGS, share: { b: false, tau: true }, fixed: { d: 0.1 } });
 * // { fit: { law: { formulation: "utility", variant: "paper" }, seed: 0, loss: "sse", share: ["tau"], fixed: { d: 0.1 } },
 * //   bootstrap: { samples: 200, method: "residuals", confidence: 0.95 } }
 * ```
 */
export function fitOptionsOf(settings: FitSettings): {
  fit: FitOptions;
  bootstrap: Pick<BootstrapOptions, "samples" | "method" | "confidence"> | undefined;
} {
  const fit: FitOptions = {
    law: { formulation: settings.formulation, variant: settings.variant },
    seed: settings.seed,
    loss: settings.loss,
  };
  const share: Array<"b" | "tau"> = [];
  if (settings.share.b) share.push("b");
  if (settings.share.tau) share.push("tau");
  if (share.length > 0) fit.share = share;
  const fixed = Object.fromEntries(Object.entries(settings.fixed).filter(([, v]) => v !== undefined));
  if (Object.keys(fixed).length > 0) fit.fixed = fixed;
  const bootstrap =
    settings.bootstrapSamples >= 2
      ? { samples: settings.bootstrapSamples, method: settings.bootstrapMethod, confidence: settings.confidence }
      : undefined;
  return { fit, bootstrap };
}

/**
 * The settings in one line for people, e.g. for a fitted model's description.
 *
 * @example
 * ```ts
 * describeSettings({ ...DEFAULT_FIT_SETTINGS, share: { b: true, tau: true }, fixed: { d: 0.1 } });
 * // "utility law (paper variant); b shared, tau shared; d fixed at 0.1; SSE loss; seed 0; 200 bootstrap refits (residuals, 95%)"
 * ```
 */
export function describeSettings(settings: FitSettings): string {
  const parts = [`${settings.formulation} law (${settings.variant} variant)`];
  parts.push(`b ${settings.share.b ? "shared" : "per bucket"}, tau ${settings.share.tau ? "shared" : "per bucket"}`);
  const fixed = Object.entries(settings.fixed).filter(([, v]) => v !== undefined);
  if (fixed.length > 0) parts.push(fixed.map(([k, v]) => `${k} fixed at ${v}`).join(", "));
  parts.push(settings.loss === "sse" ? "SSE loss" : "Huber loss on log error");
  parts.push(`seed ${settings.seed}`);
  parts.push(
    settings.bootstrapSamples >= 2
      ? `${settings.bootstrapSamples} bootstrap refits (${settings.bootstrapMethod}, ${Number((settings.confidence * 100).toPrecision(6))}%)`
      : "no bootstrap",
  );
  return parts.join("; ");
}

/**
 * Whether two settings ask for the same fit.
 *
 * @example
 * ```ts
 * sameSettings(DEFAULT_FIT_SETTINGS, { ...DEFAULT_FIT_SETTINGS }); // true
 * ```
 */
export function sameSettings(x: FitSettings, y: FitSettings): boolean {
  return describeSettings(x) === describeSettings(y);
}
