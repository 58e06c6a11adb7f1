"use client";
import { useId, useState } from "react";
import { DEFAULT_FIT_SETTINGS, formOf, MAX_BOOTSTRAP_SAMPLES, parseFitForm, type FitForm, type FitFormErrors, type FitSettings } from "../lib/fitSettings";
import { progressFraction, progressText } from "../lib/workerProtocol";
import type { RunningFit } from "./FitPanel";

/** The fit panel's settings form: law, shared and fixed parameters, loss, seed, bootstrap; Fit, progress and Cancel. */
export function FitSettingsForm(props: { initial: FitSettings; running: RunningFit | undefined; onFit: (s: FitSettings) => void; onCancel: () => void }) {
  const { running } = props;
  const id = useId();
  const [form, setForm] = useState<FitForm>(() => formOf(props.initial));
  const [errors, setErrors] = useState<FitFormErrors>({});
  const set = <K extends keyof FitForm>(key: K, value: FitForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof FitForm, label: string, placeholder: string, testId: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={form[key] as string}
        aria-invalid={errors[key] !== undefined}
        aria-describedby={errors[key] ? `${id}-${key}-error` : undefined}
        onChange={(e) => set(key, e.target.value as never)}
        data-testid={testId}
      />
      {errors[key] && (
        <p id={`${id}-${key}-error`} className="field-error">
          {errors[key]}
        </p>
      )}
    </div>
  );
  const fraction = running?.progress ? progressFraction(running.progress) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseFitForm(form);
        if (!parsed.ok) {
          setErrors(parsed.errors);
          return;
        }
        setErrors({});
        props.onFit(parsed.value);
      }}
    >
      <details className="fit-settings" data-testid="fit-settings">
        <summary>Expert fit settings (the defaults are qqt fit&apos;s; imports are fitted with them at once)</summary>
        <fieldset>
          <legend>Law</legend>
          <div className="grid-2">
            <div className="field">
              <label htmlFor={`${id}-formulation`}>Formulation</label>
              <select id={`${id}-formulation`} value={form.formulation} onChange={(e) => set("formulation", e.target.value as FitForm["formulation"])} data-testid="fit-formulation">
                <option value="utility">utility (paper Eq. 1–3)</option>
                <option value="effective-data">effective data (appendix)</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-variant`}>Variant</label>
              <select id={`${id}-variant`} value={form.variant} onChange={(e) => set("variant", e.target.value as FitForm["variant"])} data-testid="fit-variant">
                <option value="paper">paper (Eq. 3 as printed)</option>
                <option value="reference">reference (official code)</option>
              </select>
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Parameters</legend>
          <label className="inline">
            <input type="checkbox" checked={form.shareB} onChange={(e) => set("shareB", e.target.checked)} data-testid="fit-share-b" /> one utility exponent b
            for every bucket
          </label>
          <label className="inline">
            <input type="checkbox" checked={form.shareTau} onChange={(e) => set("shareTau", e.target.checked)} data-testid="fit-share-tau" /> one half-life
            tau for every bucket
          </label>
          <p className="muted small">Fixed values (leave empty to fit):</p>
          <div className="grid-2">
            {text("fixedA", "a", "fitted", "fit-fixed-a")}
            {text("fixedD", "d", "fitted", "fit-fixed-d")}
            {text("fixedB", "b", "fitted", "fit-fixed-b")}
            {text("fixedTau", "tau", "fitted", "fit-fixed-tau")}
          </div>
        </fieldset>
        <fieldset>
          <legend>Loss and bootstrap</legend>
          <div className="fit-fields">
            <div className="field">
              <label htmlFor={`${id}-loss`}>Loss</label>
              <select id={`${id}-loss`} value={form.loss} onChange={(e) => set("loss", e.target.value as FitForm["loss"])} data-testid="fit-loss">
                <option value="sse">squared error (the paper&apos;s)</option>
                <option value="huber-log">Huber on log error (robust)</option>
              </select>
            </div>
            {text("seed", "Seed", String(DEFAULT_FIT_SETTINGS.seed), "fit-seed")}
            {text("samples", `Bootstrap refits (0–${MAX_BOOTSTRAP_SAMPLES})`, String(DEFAULT_FIT_SETTINGS.bootstrapSamples), "fit-samples")}
            <div className="field">
              <label htmlFor={`${id}-method`}>Resample</label>
              <select id={`${id}-method`} value={form.method} onChange={(e) => set("method", e.target.value as FitForm["method"])} data-testid="fit-method">
                <option value="residuals">residuals (few runs per pool)</option>
                <option value="runs">runs (several runs per pool)</option>
              </select>
            </div>
            {text("confidence", "Interval level (%)", "95", "fit-confidence")}
          </div>
        </fieldset>
      </details>
      <div className="button-row fit-actions">
        <button type="submit" disabled={running !== undefined} data-testid="fit-button">
          Fit
        </button>
        {running && (
          <button type="button" onClick={props.onCancel} data-testid="fit-cancel">
            Cancel
          </button>
        )}
      </div>
      {running && (
        <div className="fit-progress" data-testid="fit-running">
          <label htmlFor={`${id}-progress`}>Fitting {running.label}</label>
          <progress
            id={`${id}-progress`}
            max={1}
            {...(fraction !== undefined ? { value: fraction } : {})}
            aria-valuetext={running.progress ? progressText(running.progress) : "Starting…"}
            data-testid="fit-progress"
          />
          <p className="muted" role="status" data-testid="fit-progress-text">
            {running.progress ? progressText(running.progress) : "Starting the worker…"} The page stays usable meanwhile.
          </p>
        </div>
      )}
    </form>
  );
}
