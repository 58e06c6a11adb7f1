"use client";
import { EXTRAPOLATION_LIMIT, type UncertaintyStatus } from "@qqt/core";
import type { Study } from "@qqt/data";
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { AdvisorError, problemFromIssue } from "../lib/AdvisorError";
import { compileAdvisor, CURVE_POINTS, rangeWith } from "../lib/advisor";
import { bandLabel, coverageLabel, differenceChartSpec, metricLabel, observationChartSpec, poolChartSpec, utilityChartSpec, type BandKind } from "../lib/chartSpecs";
import { crossoverRows } from "../lib/crossoverTable";
import { exportNotes } from "../lib/exportNotes";
import { DEFAULT_BUDGET, exampleFitSettings, type ExampleEntry } from "../lib/examples";
import { DEFAULT_FIT_SETTINGS, sameSettings, type FitSettings } from "../lib/fitSettings";
import { checkImportSize, groupImports, readImport, type ImportBatch, type PickedFile } from "../lib/importFiles";
import type { ModelFileV1 } from "../lib/modelFile";
import { prepareObservations } from "../lib/observations";
import type { ImportChoices } from "../lib/readInput";
import {
  advisorReducer,
  exampleStudyKey,
  initialState,
  selectedModel,
  shareStateOf,
  studyOf,
  unloadedExamples,
  type LoadedStudy,
  type PendingChoice,
} from "../lib/state";
import { budgetTable } from "../lib/table";
import { utilityCurves } from "../lib/utility";
import { advisorErrorOf } from "../lib/workerProtocol";
import { BudgetPanel } from "./BudgetPanel";
import { BudgetContext, ChartFrame, DifferenceChart, ObservationsChart, PoolErrorChart, UtilityChart } from "./charts";
import { CrossoverTable } from "./CrossoverTable";
import { ExportPanel } from "./ExportPanel";
import { useEngineAdvice } from "./useEngineAdvice";
import { useEngineBands, type BandsState } from "./useEngineBands";
import { WorkspaceSavePanel } from "./WorkspaceSavePanel";
import { FitPanel } from "./FitPanel";
import { createFitRunStore } from "./fitRunStore";
import { ImportPanel } from "./ImportPanel";
import { ModelPanel } from "./ModelPanel";
import { NextRunsPanel } from "./NextRunsPanel";
import { ParametersPanel } from "./ParametersPanel";
import { ChoiceForm, Problems, ProblemList } from "./ProblemList";
import { BudgetTable, RecommendationPanel } from "./RecommendationPanel";
import { startWorkerJob, type RunningJob } from "./workerClient";

/** What the pool chart's shading says, or why there is none. */
function bandsCaption(uncertainty: UncertaintyStatus, status: BandsState["status"], band: BandKind, confidence: number): string {
  if (uncertainty.kind === "none") return "No bands: this model has no bootstrap draws.";
  if (uncertainty.kind === "not-estimable") return "No bands: the fit is not estimable (see the recommendation's warning).";
  if (status === "pending") return "Computing the bands from the bootstrap draws…";
  if (status === "failed") return "The bands could not be computed.";
  if (band === "none") return "Bands hidden.";
  return `Coloured bands: the ${bandLabel(band, confidence)}, from ${uncertainty.draws} bootstrap draws.`;
}

/** The holdout view, loaded when a model with its runs is shown (not part of the page's first load). */
const HoldoutPanel = lazy(() => import("./HoldoutPanel").then((m) => ({ default: m.HoldoutPanel })));

/** Imports whose files are kept (as file handles, not bytes) so they can be read again with other choices. */
const KEPT_IMPORTS = 20;

/** The advisor page: all state lives here; everything shown is derived from it through lib/. */
export function AdvisorApp(props: { examples: ExampleEntry[]; defaultModel: { id: string; model: ModelFileV1 } }) {
  const [state, dispatch] = useReducer(advisorReducer, undefined, () => initialState(props.examples, props.defaultModel, DEFAULT_BUDGET));
  const loaded = selectedModel(state);
  const model = loaded.model;
  const exampleIds = useMemo(() => props.examples.map((e) => e.id), [props.examples]);

  // Restore a shared view from the URL fragment, on load and when the fragment changes.
  useEffect(() => {
    let cancelled = false;
    const restore = async () => {
      // lib/share is loaded only when there is a fragment to read: it is not part of the page's first load.
      if (window.location.hash.length <= 1) return;
      const { decodeShareHash } = await import("../lib/share");
      const result = await decodeShareHash(window.location.hash, exampleIds);
      if (cancelled) return;
      if (!result.ok) dispatch({ type: "share-failed", error: result.error });
      else if (result.value) dispatch({ type: "share-restored", state: result.value });
    };
    void restore();
    window.addEventListener("hashchange", restore);
    return () => {
      cancelled = true;
      window.removeEventListener("hashchange", restore);
    };
  }, [exampleIds]);

  const advisor = useMemo(() => compileAdvisor(model), [model]);
  // The answer and the chart's budget line follow the input at once (the line re-renders alone, through
  // BudgetContext). The curves depend only on the chart's range, which changes only when the budget leaves it; that
  // change is deferred so typing never waits for the curves to be recomputed.
  // The point answer at once; its intervals and P(best) from the advice worker when they arrive.
  const advice = useEngineAdvice(advisor, state.budget);
  const wanted = rangeWith(advisor.range, state.budget);
  const rangeKey = useDeferredValue(`${wanted.min}:${wanted.max}`);
  const chartRange = useMemo(() => {
    const [min, max] = rangeKey.split(":").map(Number);
    return { min: min!, max: max! };
  }, [rangeKey]);
  // The lines at once (the point estimate's curves are cheap); the engine's bands, and the crossovers' spread over
  // the draws, from a worker when they arrive.
  const pointCurves = useMemo(() => advisor.curves(chartRange), [advisor, chartRange]);
  const pointCrossovers = useMemo(() => advisor.crossovers(chartRange), [advisor, chartRange]);
  const bands = useEngineBands(advisor, chartRange, CURVE_POINTS);
  const curves = bands.status === "ready" ? bands.curves : pointCurves;
  const crossovers = bands.status === "ready" ? bands.crossovers : pointCrossovers;
  const [bandKind, setBandKind] = useState<BandKind>("prediction");
  const coverage = advisor.coverage?.samplesSeen;
  const poolSpec = useMemo(
    () => poolChartSpec(curves, crossovers, chartRange, advisor.lawStart, { bands: bandKind, coverage, metric: advisor.model.metric, metricMax: advisor.engine.metricMax }),
    [curves, crossovers, chartRange, advisor, bandKind, coverage],
  );
  const differenceSpec = useMemo(() => differenceChartSpec(pointCurves, chartRange, advisor.lawStart), [pointCurves, chartRange, advisor.lawStart]);
  const crossoverList = useMemo(() => crossoverRows(crossovers, advisor.pools, advisor.uncertainty.confidence), [crossovers, advisor]);
  const errorName = metricLabel(model.metric);
  const chartNotes = useMemo(() => exportNotes(model, crossoverList), [model, crossoverList]);
  const modelNotes = useMemo(() => exportNotes(model, undefined), [model]);
  const utility = useMemo(() => utilityCurves(model), [model]);
  const utilitySpec = useMemo(() => utilityChartSpec(model), [model]);
  const observations = useMemo(() => prepareObservations(model, loaded.observations), [model, loaded.observations]);
  const observationSpec = useMemo(() => observationChartSpec(observations), [observations]);
  const table = useMemo(() => budgetTable(advisor), [advisor]);
  const synthetic = model.source?.synthetic === true;
  const currentStudy = studyOf(state, loaded);
  // The holdout fits again with the model's own settings; a model read from a file keeps only its law.
  const holdoutSettings = useMemo<FitSettings>(
    () => loaded.settings ?? { ...DEFAULT_FIT_SETTINGS, formulation: model.law.formulation, variant: model.law.variant },
    [loaded.settings, model.law.formulation, model.law.variant],
  );

  // ---- Imports: size check, read the files, parse them in a worker. ----
  const batches = useRef(new Map<string, ImportBatch>());
  const importCount = useRef(0);
  const [importBusy, setImportBusy] = useState<string | undefined>();
  // The import whose runs are fitted at once with the shared defaults (the same as `qqt fit`'s), once read.
  const [autoFit, setAutoFit] = useState<string | undefined>();

  const readBatch = useCallback(async (importKey: string, choices: ImportChoices, mode: "imported" | "reread") => {
    const batch = batches.current.get(importKey);
    if (!batch) return;
    const size = checkImportSize(batch);
    if (!size.ok) {
      dispatch({ type: "import-failed", name: batch.name, error: size.error });
      return;
    }
    setImportBusy(`Reading ${batch.name}…`);
    try {
      const files = await readImport(batch);
      if (!files.ok) {
        dispatch({ type: "import-failed", name: batch.name, error: files.error });
        return;
      }
      const outcome = await startWorkerJob({ kind: "read", name: batch.name, files: files.value, choices }).result;
      if (outcome.kind === "read-done" && outcome.outcome.ok) {
        dispatch({ type: mode, importKey, name: batch.name, outcome: outcome.outcome, choices });
        if (!outcome.outcome.model && outcome.outcome.studies.length > 0) setAutoFit(importKey);
      } else if (outcome.kind === "read-done" && !outcome.outcome.ok) {
        const r = outcome.outcome;
        const n = r.issues.length;
        const error = new AdvisorError("INVALID_INPUT", `${batch.name} could not be read: ${n} problem${n === 1 ? "" : "s"} found.`, r.issues.map(problemFromIssue));
        const choice: PendingChoice | undefined = r.choice
          ? { importKey, name: batch.name, choice: r.choice, choices, ...(mode === "reread" ? { reread: true } : {}) }
          : undefined;
        dispatch({ type: "import-failed", name: batch.name, error, ...(choice ? { choice } : {}) });
      } else if (outcome.kind === "failed") {
        dispatch({ type: "import-failed", name: batch.name, error: advisorErrorOf(outcome.error, batch.name) });
      }
    } finally {
      setImportBusy(undefined);
    }
  }, []);

  const onPicked = useCallback(
    async (files: PickedFile[]) => {
      for (const batch of groupImports(files)) {
        const importKey = `batch:${++importCount.current}`;
        batches.current.set(importKey, batch);
        for (const key of [...batches.current.keys()].slice(0, Math.max(0, batches.current.size - KEPT_IMPORTS))) batches.current.delete(key);
        await readBatch(importKey, {}, "imported");
      }
    },
    [readBatch],
  );
  const onChoosePending = useCallback(
    (pending: PendingChoice, value: string) =>
      void readBatch(pending.importKey, { ...pending.choices, [pending.choice.kind]: value }, pending.reread ? "reread" : "imported"),
    [readBatch],
  );
  const onReread = useCallback(
    (study: LoadedStudy, value: string) => {
      if (study.importKey && study.choice) void readBatch(study.importKey, { ...study.choices, [study.choice.kind]: value }, "reread");
    },
    [readBatch],
  );

  // ---- Fits (and opening example studies) in a worker, with progress and cancel. ----
  const runStore = useMemo(() => createFitRunStore(), []);
  const fitJob = useRef<RunningJob | undefined>(undefined);
  const exampleJob = useRef<RunningJob | undefined>(undefined);
  const [fitBusy, setFitBusy] = useState(false);

  const startFit = useCallback(
    (studyKey: string, study: Study, settings: FitSettings, label: string, exampleId: string | undefined) => {
      if (fitJob.current) return;
      const job = startWorkerJob({ kind: "fit", study, settings, label }, (progress) => runStore.set({ label, progress }));
      fitJob.current = job;
      runStore.set({ label, progress: undefined });
      setFitBusy(true);
      void job.result.then((outcome) => {
        fitJob.current = undefined;
        runStore.set(undefined);
        setFitBusy(false);
        if (outcome.kind === "fit-done") {
          dispatch({ type: "fitted", studyKey, model: outcome.model, elapsedMs: outcome.elapsedMs, settings, ...(exampleId !== undefined ? { exampleId } : {}) });
        } else if (outcome.kind === "failed") {
          dispatch({ type: "fit-failed", title: `Could not fit ${label}`, error: advisorErrorOf(outcome.error, label), ...(exampleId !== undefined ? { exampleId } : {}) });
        }
      });
    },
    [runStore],
  );
  const onFit = useCallback(
    (studyKey: string, settings: FitSettings) => {
      const entry = state.studies.find((s) => s.key === studyKey);
      if (!entry) return;
      // An example study fitted with its own settings is that example (share links name it); anything else is a new fit.
      const exampleId = entry.exampleId !== undefined && sameSettings(settings, exampleFitSettings(entry.exampleId)) ? entry.exampleId : undefined;
      startFit(studyKey, entry.study, settings, entry.label, exampleId);
    },
    [state.studies, startFit],
  );
  const onCancel = useCallback(() => fitJob.current?.cancel(), []);

  // Fit imported runs at once (a fit already running finishes first), so the answer follows the import.
  useEffect(() => {
    if (autoFit === undefined || fitBusy || fitJob.current) return;
    const entry = state.studies.find((s) => s.importKey === autoFit);
    if (!entry) return;
    setAutoFit(undefined);
    startFit(entry.key, entry.study, { ...DEFAULT_FIT_SETTINGS }, entry.label, undefined);
  }, [autoFit, fitBusy, state.studies, startFit]);

  // Open the example study asked for (by the model picker or a share link): read it, then fit it with its settings.
  const pendingExample = state.pendingExample;
  useEffect(() => {
    if (pendingExample === undefined || fitBusy || fitJob.current || exampleJob.current) return;
    const entry = props.examples.find((e) => e.id === pendingExample);
    const title = entry?.title ?? pendingExample;
    const job = startWorkerJob({ kind: "example", exampleId: pendingExample });
    exampleJob.current = job;
    void job.result.then((outcome) => {
      exampleJob.current = undefined;
      if (outcome.kind === "example-done") {
        dispatch({ type: "example-loaded", exampleId: pendingExample, ...(outcome.model ? { model: outcome.model } : {}), ...(outcome.study ? { study: outcome.study } : {}) });
        if (outcome.study) startFit(exampleStudyKey(pendingExample), outcome.study, exampleFitSettings(pendingExample), title, pendingExample);
      } else if (outcome.kind === "failed") {
        dispatch({ type: "fit-failed", title: `Could not open ${title}`, error: advisorErrorOf(outcome.error, title), exampleId: pendingExample });
      }
    });
  }, [pendingExample, fitBusy, props.examples, startFit]);

  const onBudgetText = useCallback((text: string) => dispatch({ type: "budget-text", text }), []);
  const onBudgetValue = useCallback((samples: number) => dispatch({ type: "budget-value", samples }), []);
  const opening = pendingExample === undefined ? undefined : props.examples.find((e) => e.id === pendingExample);
  const rereadable = state.studies.find((s) => s.key === state.fitStudy && s.choice !== undefined && s.importKey !== undefined);

  return (
    <>
      <header className="site-header">
        <h1>qqt — how much to filter for the compute you have</h1>
        <p>
          Predicted error of every filtering level at your training budget, by the quality–quantity tradeoff scaling law of Goyal et al. (CVPR 2024).
          Everything runs in this page; nothing is uploaded.
        </p>
      </header>
      <main className="layout">
        <div className="controls">
          {(state.problem || state.notice || state.importWarnings) && (
            <div className="slot-status">
              {state.problem && (
                <ProblemList title={state.problem.title} error={state.problem.error} onDismiss={() => dispatch({ type: "dismiss" })}>
                  {state.problem.choice && (
                    <ChoiceForm
                      name={state.problem.choice.name}
                      choice={state.problem.choice.choice}
                      busy={importBusy !== undefined}
                      testId="import-choice"
                      onChoose={(value) => onChoosePending(state.problem!.choice!, value)}
                    />
                  )}
                </ProblemList>
              )}
              {state.notice && (
                <p className="notice" role="status" data-testid="notice">
                  {state.notice}
                </p>
              )}
              {state.importWarnings && (
                <div className="read-warnings" data-testid="import-warnings">
                  <p>
                    <strong>Read with warnings.</strong> {state.importWarnings.message}
                  </p>
                  <Problems problems={state.importWarnings.problems} />
                </div>
              )}
            </div>
          )}
          <BudgetPanel
            budget={state.budget}
            text={state.budgetText}
            error={state.budgetError}
            range={advisor.range}
            onText={onBudgetText}
            onValue={onBudgetValue}
          />
          <div className="slot-answer">
            <RecommendationPanel advice={advice} advisor={advisor} synthetic={synthetic} runStore={runStore} />
          </div>
          <NextRunsPanel model={model} study={currentStudy?.study} budget={state.budget} />
          <ImportPanel busy={importBusy} onPicked={(files) => void onPicked(files)} rereadable={rereadable} onReread={onReread} />
          <FitPanel
            studies={state.studies}
            selectedKey={state.fitStudy}
            onChoose={(key) => dispatch({ type: "choose-study", key })}
            runStore={runStore}
            onFit={onFit}
            onCancel={onCancel}
          />
          <ModelPanel
            models={state.models}
            unloaded={unloadedExamples(state)}
            selected={loaded}
            opening={opening}
            onSelect={(key) => dispatch({ type: "select", key })}
          />
          <ExportPanel model={model} study={currentStudy?.study} advisor={advisor} budget={state.budget} share={shareStateOf(state)} crossovers={crossoverList} />
          <WorkspaceSavePanel model={model} study={currentStudy?.study} />
        </div>
        <div className="charts">
          <div className="slot-main-chart">
            <ChartFrame
              id="pools"
              title="Predicted error by filtering level"
              modelName={model.name}
              exportNotes={chartNotes}
              legend={poolSpec.legend}
              synthetic={synthetic}
              controls={
                advisor.uncertainty.kind === "estimated" ? (
                  <label className="inline">
                    Bands{" "}
                    <select value={bandKind} onChange={(e) => setBandKind(e.target.value as BandKind)} data-testid="band-kind">
                      <option value="prediction">a new run (prediction)</option>
                      <option value="mean">the mean curve</option>
                      <option value="none">none</option>
                    </select>
                  </label>
                ) : null
              }
              caption={
                <>
                  {advisor.model.candidates !== undefined
                    ? `Each line is a pool the model lists as a candidate (${advisor.pools.map((p) => p.name).join(", ")}).`
                    : "Each line is a nested pool (top 10%, top 20%, …)."}{" "}
                  The wide grey line is the best pool at each budget; circles mark where the best pool changes.{" "}
                  <span data-testid="crossover-text">{poolSpec.crossoverText}</span>{" "}
                  <span data-testid="coverage-text">
                    {coverage !== undefined
                      ? `Shaded grey: the ${coverageLabel(coverage)}; answers further than ${EXTRAPOLATION_LIMIT}× beyond them are flagged as extrapolation.`
                      : advisor.model.fit === undefined
                        ? "This model has no record of the runs it was fitted to, so the chart cannot show which budgets they cover."
                        : "This model file has no record of the runs it was fitted to (written before qqt kept one): refit it to see which budgets they cover."}
                  </span>{" "}
                  <span data-testid="band-text" data-bands={bands.status}>
                    {bandsCaption(advisor.uncertainty, bands.status, poolSpec.band, curves.confidence)}
                  </span>
                </>
              }
            >
              <BudgetContext value={state.budget}>
                <PoolErrorChart curves={curves} spec={poolSpec} crossovers={crossovers} range={chartRange} coverage={coverage} />
              </BudgetContext>
            </ChartFrame>
          </div>
          <CrossoverTable
            rows={crossoverList}
            pools={advisor.pools.length}
            uncertainty={advisor.uncertainty}
            pending={bands.status === "pending"}
            onChoose={onBudgetValue}
          />
          {advisor.pools.length > 1 && (
            <ChartFrame
              id="difference"
              title="Difference to the best pool"
              modelName={model.name}
              exportNotes={chartNotes}
              legend={differenceSpec.legend}
              synthetic={synthetic}
              caption={
                <>
                  How much higher each pool&apos;s predicted {errorName} is than the best pool&apos;s at that budget: the best pool sits at 0, and where two
                  lines meet at 0 (circles) the best pool changes. A runner-up just above 0 is a near-tie. Pools far worse than the best run off the top of the
                  chart.
                </>
              }
            >
              <BudgetContext value={state.budget}>
                <DifferenceChart spec={differenceSpec} crossovers={crossovers} range={chartRange} coverage={coverage} />
              </BudgetContext>
            </ChartFrame>
          )}
          <BudgetTable rows={table} advisor={advisor} current={state.budget} onChoose={onBudgetValue} />
          <ParametersPanel model={model} />
          {observations.series.length > 0 ? (
            <>
              <ChartFrame
                id="observations"
                title="Training runs and fitted curves"
                modelName={model.name}
                exportNotes={modelNotes}
                legend={observationSpec.legend}
                synthetic={synthetic}
                caption={<span data-testid="observation-summary">Dots: measured error of each run; lines: the model. {observationSpec.summary}</span>}
              >
                <ObservationsChart view={observations} spec={observationSpec} residuals={false} />
              </ChartFrame>
              <ChartFrame
                id="residuals"
                title="Residuals"
                modelName={model.name}
                exportNotes={modelNotes}
                legend={observationSpec.legend}
                synthetic={synthetic}
                caption="Observed minus fitted error of each run; a good fit scatters evenly around zero."
              >
                <ObservationsChart view={observations} spec={observationSpec} residuals />
              </ChartFrame>
            </>
          ) : (
            <section className="panel empty" data-testid="observations-empty" aria-labelledby="obs-empty-heading">
              <h3 id="obs-empty-heading">Training runs and fitted curves</h3>
              <p>
                This model comes without the training runs it was fitted to, so there is nothing to compare against. Open the SYNTHETIC DataComp study or
                an OpenCLIP study from the model list, or import your own runs, to see runs, fitted curves and residuals.
              </p>
            </section>
          )}
          {currentStudy && currentStudy.study.observations.length > 0 && (
            <Suspense fallback={<p className="muted">Loading the holdout view…</p>}>
              <HoldoutPanel key={loaded.key} study={currentStudy} settings={holdoutSettings} settingsKnown={loaded.settings !== undefined} />
            </Suspense>
          )}
          <details className="panel details-panel" data-testid="details-utility">
            <summary>Details: data utility per repetition (the law&apos;s b·δ^e)</summary>
            <ChartFrame
              id="utility"
              title="Data utility per repetition"
              modelName={model.name}
              exportNotes={modelNotes}
              legend={utilitySpec.legend}
              synthetic={synthetic}
              caption="Utility b·δ^e of each bucket in its e-th pass (paper Eq. 2): it halves every tau passes, so repeated high-quality data loses its edge."
            >
              <UtilityChart rows={utility.rows} spec={utilitySpec} maxRepetition={utility.maxRepetition} />
            </ChartFrame>
          </details>
        </div>
      </main>
      <footer className="site-footer">
        <p>
          qqt implements the law of Goyal, Maini, Lipton, Raghunathan and Kolter, “Scaling Laws for Data Filtering — Data Curation cannot be Compute
          Agnostic” (CVPR 2024). Predictions are only as good as the fitted parameters.
        </p>
      </footer>
    </>
  );
}
