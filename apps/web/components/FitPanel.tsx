"use client";
import { lazy, Suspense, useId, useSyncExternalStore } from "react";
import { exampleFitSettings } from "../lib/examples";
import { DEFAULT_FIT_SETTINGS, type FitSettings } from "../lib/fitSettings";
import { formatSamples } from "../lib/format";
import type { LoadedStudy } from "../lib/state";
import type { FitProgress } from "../lib/workerProtocol";
import type { FitRunStore } from "./fitRunStore";

/** The settings form, loaded once there are runs to fit (not part of the page's first load). */
const FitSettingsForm = lazy(() => import("./FitSettingsForm").then((m) => ({ default: m.FitSettingsForm })));

/** A fit running in the worker. */
export interface RunningFit {
  label: string;
  progress: FitProgress | undefined;
}

/** The settings a study is first offered with: its example's, or @qqt/fit's defaults (seed 0, 200 refits). */
export function initialSettings(study: LoadedStudy | undefined): FitSettings {
  return study?.exampleId !== undefined ? exampleFitSettings(study.exampleId) : { ...DEFAULT_FIT_SETTINGS };
}

/** Fits a study in the worker: which runs, the law, shared and fixed parameters, loss, seed, bootstrap; progress and cancel. */
export function FitPanel(props: {
  studies: readonly LoadedStudy[];
  selectedKey: string | undefined;
  onChoose: (key: string) => void;
  runStore: FitRunStore;
  onFit: (studyKey: string, settings: FitSettings) => void;
  onCancel: () => void;
}) {
  const { studies, selectedKey, onChoose, runStore, onFit, onCancel } = props;
  const running = useSyncExternalStore(runStore.subscribe, runStore.get, runStore.get);
  const id = useId();
  const study = studies.find((s) => s.key === selectedKey) ?? studies[0];
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="fit-panel">
      <h2 id={`${id}-heading`}>Fit a model to runs</h2>
      {studies.length === 0 || !study ? (
        <p className="muted" data-testid="fit-empty">
          Import training runs (a tidy CSV, a study JSON, a DataComp evaluation folder) or open an example study in the model list; the fit runs in a
          background worker of this page.
        </p>
      ) : (
        <>
          <label htmlFor={`${id}-study`}>Runs to fit</label>
          <select id={`${id}-study`} value={study.key} onChange={(e) => onChoose(e.target.value)} data-testid="fit-study">
            {studies.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
                {s.study.source?.synthetic && !/synthetic/i.test(s.label) ? " (SYNTHETIC)" : ""}
              </option>
            ))}
          </select>
          <p className="muted" data-testid="fit-study-summary">
            {study.study.source?.synthetic && <span className="badge">SYNTHETIC data</span>} {study.study.observations.length} runs of{" "}
            {study.study.buckets.length} buckets ({formatSamples(study.study.buckets.reduce((s, b) => s + b.size, 0))} unique samples)
            {study.study.metric ? `, metric ${study.study.metric.name}` : ""}.
          </p>
          <Suspense fallback={<p className="muted">Loading the fit settings…</p>}>
            <FitSettingsForm key={study.key} initial={initialSettings(study)} running={running} onFit={(settings) => onFit(study.key, settings)} onCancel={onCancel} />
          </Suspense>
        </>
      )}
    </section>
  );
}

