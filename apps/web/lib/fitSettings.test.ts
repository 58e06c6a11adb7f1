import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_FIT_SETTINGS as FIT_DEFAULTS } from "@qqt/fit/defaults";
import { DEFAULT_FIT_SETTINGS, describeSettings, fitOptionsOf, formOf, parseFitForm, sameSettings, type FitSettings } from "./fitSettings";

describe("fit settings", () => {
  it("default to @qqt/fit's defaults (@qqt/fit/defaults: seed 0, a 200-refit residual bootstrap at 95%)", () => {
    expect(fitOptionsOf(DEFAULT_FIT_SETTINGS)).toEqual({
      fit: { law: { formulation: "utility", variant: "paper" }, seed: FIT_DEFAULTS.seed, loss: "sse" },
      bootstrap: { ...FIT_DEFAULTS.bootstrap },
    });
    expect(FIT_DEFAULTS).toEqual({ seed: 0, bootstrap: { samples: 200, method: "residuals", confidence: 0.95 } });
    expect(describeSettings(DEFAULT_FIT_SETTINGS)).toBe(
      "utility law (paper variant); b per bucket, tau per bucket; SSE loss; seed 0; 200 bootstrap refits (residuals, 95%)",
    );
  });

  it("become @qqt/fit options: shared and fixed parameters, loss, no bootstrap with 0 refits", () => {
    const s: FitSettings = {
      ...DEFAULT_FIT_SETTINGS,
      formulation: "effective-data",
      variant: "reference",
      share: { b: true, tau: true },
      fixed: { d: 0.1, tau: 4 },
      loss: "huber-log",
      seed: 7,
      bootstrapSamples: 0,
    };
    expect(fitOptionsOf(s)).toEqual({
      fit: { law: { formulation: "effective-data", variant: "reference" }, seed: 7, loss: "huber-log", share: ["b", "tau"], fixed: { d: 0.1, tau: 4 } },
      bootstrap: undefined,
    });
    expect(describeSettings(s)).toBe(
      "effective-data law (reference variant); b shared, tau shared; d fixed at 0.1, tau fixed at 4; Huber loss on log error; seed 7; no bootstrap",
    );
  });

  it("round-trip through the form", () => {
    const s: FitSettings = { ...DEFAULT_FIT_SETTINGS, share: { b: false, tau: true }, fixed: { a: 0.022, b: -0.15 }, seed: 42, bootstrapSamples: 500, bootstrapMethod: "runs", confidence: 0.9 };
    const parsed = parseFitForm(formOf(s));
    expect(parsed).toEqual({ ok: true, value: s });
    expect(sameSettings(s, { ...s })).toBe(true);
    expect(sameSettings(s, { ...s, seed: 43 })).toBe(false);
  });

  it("report every unusable field with what is expected", () => {
    const r = parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), fixedA: "0", fixedD: "-0.1", fixedB: "0.2", fixedTau: "4x", seed: "1.5", samples: "1", confidence: "100" });
    expect(r).toEqual({
      ok: false,
      errors: {
        fixedA: 'a must be a positive number, e.g. 0.022 (got "0")',
        fixedD: 'd must be a number >= 0, e.g. 0.1 (got "-0.1")',
        fixedB: 'b must be a negative number down to -100, e.g. -0.15 (got "0.2")',
        fixedTau: 'tau must be a positive number of repetitions up to 1e12, e.g. 4 (got "4x")',
        seed: 'Enter a whole number from 0 to 4294967295 (got "1.5")',
        samples: "Enter 0 (no bootstrap) or a whole number of refits from 2 to 5000 (got 1)",
        confidence: 'Enter a percentage from 50 to 99.9, e.g. 95 (got "100")',
      },
    });
    expect(parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), samples: "" })).toMatchObject({ ok: false, errors: { samples: expect.stringContaining("(got nothing)") } });
    expect(parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), samples: "5001" }).ok).toBe(false);
    // The fixed values the fit would refuse (outside @qqt/core's LAW_DOMAIN) are refused in the form already.
    expect(parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), fixedB: "-100.5", fixedTau: "2e12" })).toMatchObject({
      ok: false,
      errors: { fixedB: expect.stringContaining('(got "-100.5")'), fixedTau: expect.stringContaining('(got "2e12")') },
    });
    expect(parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), fixedB: "-100", fixedTau: "1e12" })).toMatchObject({ ok: true, value: { fixed: { b: -100, tau: 1e12 } } });
    expect(parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), samples: "0", fixedD: " 1e-2 " })).toMatchObject({ ok: true, value: { bootstrapSamples: 0, fixed: { d: 0.01 } } });
  });

  it("accept exactly the valid seeds and refit counts (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 6000 }), fc.integer({ min: -5, max: 2 ** 32 + 5 }), (samples, seed) => {
        const r = parseFitForm({ ...formOf(DEFAULT_FIT_SETTINGS), samples: String(samples), seed: String(seed) });
        const validSamples = samples === 0 || (samples >= 2 && samples <= 5000);
        const validSeed = seed >= 0 && seed <= 2 ** 32 - 1;
        expect(r.ok).toBe(validSamples && validSeed);
        if (r.ok) expect(r.value).toMatchObject({ bootstrapSamples: samples, seed });
      }),
    );
  });
});
