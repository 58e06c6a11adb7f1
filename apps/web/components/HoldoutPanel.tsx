"use client";
import { EXTRAPOLATION_LIMIT } from "@qqt/core";
import { useEffect, useId, useRef, useState } from "react";
import { fitWarningSummary, formatFactor } from "../lib/adviceText";
import { DEFAULT_FIT_SETTINGS, MAX_BOOTSTRAP_SAMPLES, type FitSettings } from "../lib/fitSettings";
import { formatError, formatPassCount, formatProbability, formatSamples } from "../lib/format";
import { defaultHoldoutSplit, parseSplit, splitText, type HoldoutSplit, type HoldoutView } from "../lib/holdout";
import type { LoadedStudy } from "../lib/state";
import { advisorErrorOf, progressFraction, progressText, type FitProgress } from "../lib/workerProtocol";
import { startWorkerJob, type RunningJob } from "./workerClient";

/** `+0.0012`, `-0.0030`: predicted minus observed. */
function formatDifference(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(4)}`;
}

/**
 * The holdout test of the model shown: fit on the smaller budgets of its study with the model's settings (and a
 * bootstrap), predict the larger runs, and show predicted vs observed, each run's prediction interval, whether it
 * covers the run, and the coverage over all held-out runs. @qqt/fit's `holdout` runs in the worker.
 */
export function HoldoutPanel(props: { study: LoadedStudy; settings: FitSettings; settingsKnown: boolean }) {
  const { study, settings } = props;
  const id = useId();
  const defaults = {
    samplesSeen: defaultHoldoutSplit(study.study, "samplesSeen"),
    passes: defaultHoldoutSplit(study.study, "passes"),
  };
  const [by, setBy] = useState<HoldoutSplit["by"]>("samplesSeen");
  const [texts, setTexts] = useState({
    samplesSeen: defaults.samplesSeen ? splitText(defaults.samplesSeen) : "",
    passes: defaults.passes ? splitText(defaults.passes) : "",
  });
  const [refits, setRefits] = useState(String(DEFAULT_FIT_SETTINGS.bootstrapSamples));
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState<{ progress: FitProgress | undefined } | undefined>(undefined);
  const [result, setResult] = useState<HoldoutView | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const job = useRef<RunningJob | undefined>(undefined);
  useEffect(() => () => job.current?.cancel(), []);

  const run = () => {
    const split = parseSplit(by, texts[by]);
    const n = /^\d+$/.test(refits.trim()) ? Number(refits.trim()) : NaN;
    if (!split.ok) return setFormError(split.error.message);
    if (!(n === 0 || (n >= 2 && n <= MAX_BOOTSTRAP_SAMPLES))) {
      return setFormError(`Bootstrap refits: enter 0 (no intervals) or a whole number from 2 to ${MAX_BOOTSTRAP_SAMPLES} (got ${JSON.stringify(refits.trim())}).`);
    }
    setFormError(undefined);
    setFailure(undefined);
    setRunning({ progress: undefined });
    const started = startWorkerJob({ kind: "holdout", study: study.study, settings, split: split.value, refits: n }, (progress) => setRunning({ progress }));
    job.current = started;
    void started.result.then((outcome) => {
      if (job.current !== started) return;
      job.current = undefined;
      setRunning(undefined);
      if (outcome.kind === "holdout-done") setResult(outcome.holdout);
      else if (outcome.kind === "failed") setFailure(advisorErrorOf(outcome.error, study.label).message);
    });
  };

  const fraction = running?.progress ? progressFraction(running.progress) : undefined;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="holdout">
      <h2 id={`${id}-heading`}>Holdout: does the fit predict the larger runs?</h2>
      <p className="muted">
        Fit the law again on the smaller budgets of {study.label} ({study.study.observations.length} runs) and compare its predictions with the larger runs it
        did not see. Settings: {props.settingsKnown ? "those of the model shown" : "the defaults with the model's law (the model's own settings are not known)"}.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <fieldset>
          <legend>Fit on the runs with</legend>
          <div className="grid-2">
            <label className="inline">
              <input type="radio" name={`${id}-by`} checked={by === "samplesSeen"} onChange={() => setBy("samplesSeen")} data-testid="holdout-by-samples" /> samples
              seen at most
            </label>
            <input
              type="text"
              aria-label="Largest samples seen fitted"
              value={texts.samplesSeen}
              disabled={by !== "samplesSeen"}
              onChange={(e) => setTexts((t) => ({ ...t, samplesSeen: e.target.value }))}
              data-testid="holdout-until-samples"
            />
            <label className="inline">
              <input type="radio" name={`${id}-by`} checked={by === "passes"} onChange={() => setBy("passes")} data-testid="holdout-by-passes" /> passes over
              their pool at most
            </label>
            <input
              type="text"
              inputMode="decimal"
              aria-label="Most passes fitted"
              value={texts.passes}
              disabled={by !== "passes"}
              onChange={(e) => setTexts((t) => ({ ...t, passes: e.target.value }))}
              data-testid="holdout-until-passes"
            />
          </div>
          <label htmlFor={`${id}-refits`}>Bootstrap refits for the prediction intervals (0–{MAX_BOOTSTRAP_SAMPLES})</label>
          <input id={`${id}-refits`} type="text" inputMode="numeric" value={refits} onChange={(e) => setRefits(e.target.value)} data-testid="holdout-refits" />
        </fieldset>
        {formError && (
          <p className="field-error" role="alert" data-testid="holdout-form-error">
            {formError}
          </p>
        )}
        <div className="button-row">
          <button type="submit" disabled={running !== undefined} data-testid="holdout-run">
            Run holdout
          </button>
          {running && (
            <button type="button" onClick={() => job.current?.cancel()} data-testid="holdout-cancel">
              Cancel
            </button>
          )}
        </div>
        {running && (
          <div className="fit-progress" data-testid="holdout-running">
            <label htmlFor={`${id}-progress`}>Holdout fit</label>
            <progress id={`${id}-progress`} max={1} {...(fraction !== undefined ? { value: fraction } : {})} aria-valuetext={running.progress ? progressText(running.progress) : "Starting…"} />
            <p className="muted" role="status">
              {running.progress ? progressText(running.progress) : "Starting the worker…"}
            </p>
          </div>
        )}
      </form>
      {failure && (
        <p className="field-error" role="alert" data-testid="holdout-failure">
          {failure}
        </p>
      )}
      {result && <HoldoutResultView view={result} />}
    </section>
  );
}

function HoldoutResultView(props: { view: HoldoutView }) {
  const { view } = props;
  const level = `${Math.round(view.uncertainty.confidence * 100)}%`;
  const hasIntervals = view.rows.some((r) => r.interval !== undefined);
  const hasBeyond = view.rows.some((r) => r.extrapolationFactor !== undefined);
  const worst = view.rows.reduce((a, b) => (Math.abs(b.difference) > Math.abs(a.difference) ? b : a), view.rows[0]!);
  const coverage = view.summary.coverage;
  const split = view.split.by === "samplesSeen" ? `samples seen ≤ ${formatSamples(view.split.until, 4)}` : `at most ${view.split.until} passes over their pool`;
  const warnings = fitWarningSummary(view.warnings);
  return (
    <div className="holdout-result" data-testid="holdout-result">
      <p data-testid="holdout-summary">
        Fitted on {view.fitted} runs with {split}; predicting the {view.heldOut} others. {view.settings}.
      </p>
      {coverage !== undefined ? (
        <p data-testid="holdout-coverage" data-covered={coverage.covered} data-count={coverage.count}>
          <strong>Coverage:</strong> the {level} prediction interval holds {coverage.covered} of {coverage.count} held-out runs ({formatProbability(coverage.fraction)}).{" "}
          <span className="muted">
            The intervals include the run-to-run noise of the fitted runs; with few runs the fraction scatters widely around {level}.
          </span>
        </p>
      ) : (
        <p data-testid="holdout-coverage" className="warning">
          {view.uncertainty.kind === "not-estimable"
            ? `No prediction intervals: the early fit is not estimable (${view.uncertainty.reasons.join("; ")}).`
            : "No prediction intervals: run the holdout with bootstrap refits to get one per held-out run and the coverage."}
        </p>
      )}
      <p data-testid="holdout-error">
        <strong>Prediction error:</strong> mean absolute {formatError(view.summary.meanAbsoluteError)}, max {formatError(view.summary.maxAbsoluteError)} ({worst.name}{" "}
        at {formatSamples(worst.samplesSeen)}), RMSE {formatError(view.summary.rootMeanSquaredError)}.
      </p>
      <div className="table-scroll">
        <table className="budgets holdout-table" data-testid="holdout-table">
          <caption className="muted">Each held-out run: what the early fit predicted for it, and its {level} prediction interval of one new run.</caption>
          <thead>
            <tr>
              <th scope="col">pool</th>
              <th scope="col">samples seen</th>
              <th scope="col">passes</th>
              <th scope="col">observed</th>
              <th scope="col">predicted</th>
              {hasIntervals && <th scope="col">{level} prediction interval</th>}
              {hasIntervals && <th scope="col">covers</th>}
              <th scope="col">pred − obs</th>
              {hasBeyond && <th scope="col">beyond runs</th>}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={r.index} data-covered={r.covered === undefined ? "" : String(r.covered)}>
                <th scope="row">{r.name}</th>
                <td className="num">{formatSamples(r.samplesSeen, 4)}</td>
                <td className="num">{formatPassCount(r.passes)}</td>
                <td className="num">{formatError(r.observed)}</td>
                <td className="num">{formatError(r.predicted)}</td>
                {hasIntervals && <td className="num">{r.interval ? `${formatError(r.interval.low)} – ${formatError(r.interval.high)}` : "—"}</td>}
                {hasIntervals && <td className={r.covered === false ? "miss" : undefined}>{r.covered === undefined ? "—" : r.covered ? "yes" : "no"}</td>}
                <td className="num">{formatDifference(r.difference)}</td>
                {hasBeyond && (
                  <td className={`num${r.extrapolationFactor !== undefined && r.extrapolationFactor > EXTRAPOLATION_LIMIT ? " flagged" : ""}`}>
                    {r.extrapolationFactor === undefined ? "—" : r.extrapolationFactor > 1 ? `×${formatFactor(r.extrapolationFactor)}` : "inside"}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {warnings.length > 0 && (
        <ul className="advice-warnings" data-testid="holdout-warnings" aria-label="Warnings of the early fit">
          {warnings.map((w) => (
            <li key={w.code} className="fit-warning" data-code={w.code}>
              <strong>The early fit:</strong> {w.headline}
              {w.count > 1 ? ` (${w.count} warnings)` : ""} <span className="muted">[{w.code}]</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
