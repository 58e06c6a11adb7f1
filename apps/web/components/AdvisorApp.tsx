"use client";
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useState } from "react";
import { compileAdvisor, rangeWith } from "../lib/advisor";
import { observationChartSpec, poolChartSpec, utilityChartSpec } from "../lib/chartSpecs";
import { DEFAULT_BUDGET, DEFAULT_EXAMPLE_ID, EXAMPLES } from "../lib/examples";
import { importModelFiles } from "../lib/importFiles";
import { prepareObservations } from "../lib/observations";
import { decodeShareHash } from "../lib/share";
import { advisorReducer, initialState, selectedModel, shareStateOf } from "../lib/state";
import { budgetTable } from "../lib/table";
import { utilityCurves } from "../lib/utility";
import { BudgetPanel } from "./BudgetPanel";
import { BudgetContext, ChartFrame, ObservationsChart, PoolErrorChart, UtilityChart } from "./charts";
import { ExportPanel } from "./ExportPanel";
import { ModelPanel } from "./ModelPanel";
import { ProblemList } from "./ProblemList";
import { BudgetTable, RecommendationPanel } from "./RecommendationPanel";

const EXAMPLE_IDS = EXAMPLES.map((e) => e.id);

/** The advisor page: all state lives here; everything shown is derived from it through lib/. */
export function AdvisorApp() {
  const [state, dispatch] = useReducer(advisorReducer, undefined, () => initialState(EXAMPLES, DEFAULT_EXAMPLE_ID, DEFAULT_BUDGET));
  const loaded = selectedModel(state);
  const model = loaded.model;

  // Restore a shared view from the URL fragment, on load and when the fragment changes.
  useEffect(() => {
    let cancelled = false;
    const restore = async () => {
      const result = await decodeShareHash(window.location.hash, EXAMPLE_IDS);
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
  }, []);

  const advisor = useMemo(() => compileAdvisor(model), [model]);
  // The answer and the chart's budget line follow the input at once (the line re-renders alone, through
  // BudgetContext). The curves depend only on the chart's range, which changes only when the budget leaves it; that
  // change is deferred so typing never waits for the curves to be recomputed.
  const advice = useMemo(() => advisor.advise(state.budget), [advisor, state.budget]);
  const wanted = rangeWith(advisor.range, state.budget);
  const rangeKey = useDeferredValue(`${wanted.min}:${wanted.max}`);
  const chartRange = useMemo(() => {
    const [min, max] = rangeKey.split(":").map(Number);
    return { min: min!, max: max! };
  }, [rangeKey]);
  const curves = useMemo(() => advisor.curves(chartRange), [advisor, chartRange]);
  const crossovers = useMemo(() => advisor.crossovers(chartRange), [advisor, chartRange]);
  const poolSpec = useMemo(() => poolChartSpec(curves, crossovers, chartRange), [curves, crossovers, chartRange]);
  const utility = useMemo(() => utilityCurves(model), [model]);
  const utilitySpec = useMemo(() => utilityChartSpec(model), [model]);
  const observations = useMemo(() => prepareObservations(model, loaded.observations), [model, loaded.observations]);
  const observationSpec = useMemo(() => observationChartSpec(observations), [observations]);
  const table = useMemo(() => budgetTable(advisor), [advisor]);
  const [showBands, setShowBands] = useState(true);

  const onFiles = useCallback(async (files: readonly File[]) => {
    const { models, error } = await importModelFiles(files);
    for (const m of models) dispatch({ type: "imported", fileName: m.fileName, model: m.model });
    if (error) dispatch({ type: "import-failed", fileName: files.length === 1 ? files[0]!.name : `${files.length} files`, error });
  }, []);
  const onBudgetText = useCallback((text: string) => dispatch({ type: "budget-text", text }), []);
  const onBudgetValue = useCallback((samples: number) => dispatch({ type: "budget-value", samples }), []);

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
          {state.problem && <ProblemList title={state.problem.title} error={state.problem.error} onDismiss={() => dispatch({ type: "dismiss" })} />}
          {state.notice && (
            <p className="notice" role="status" data-testid="notice">
              {state.notice}
            </p>
          )}
          <BudgetPanel
            budget={state.budget}
            text={state.budgetText}
            error={state.budgetError}
            range={advisor.range}
            onText={onBudgetText}
            onValue={onBudgetValue}
          />
          <RecommendationPanel advice={advice} />
          <ModelPanel models={state.models} selected={loaded} onSelect={(key) => dispatch({ type: "select", key })} onFiles={(f) => void onFiles(f)} />
          <ExportPanel model={model} advisor={advisor} budget={state.budget} share={shareStateOf(state)} />
        </div>
        <div className="charts">
          <ChartFrame
            id="pools"
            title="Predicted error by filtering level"
            modelName={model.name}
            legend={poolSpec.legend}
            controls={
              curves.hasBands ? (
                <label className="inline">
                  <input type="checkbox" checked={showBands} onChange={(e) => setShowBands(e.target.checked)} /> {Math.round(curves.confidence * 100)}%
                  bands
                </label>
              ) : null
            }
            caption={
              <>
                Each line is a nested pool (top 10%, top 20%, …). The wide grey line is the best pool at each budget; circles mark where the best pool
                changes. <span data-testid="crossover-text">{poolSpec.crossoverText}</span>
                {curves.hasBands ? ` Shaded: ${Math.round(curves.confidence * 100)}% bands from the bootstrap draws.` : ""}
              </>
            }
          >
            <BudgetContext value={state.budget}>
              <PoolErrorChart curves={curves} spec={poolSpec} crossovers={crossovers} range={chartRange} showBands={showBands} />
            </BudgetContext>
          </ChartFrame>
          <BudgetTable rows={table} current={state.budget} onChoose={onBudgetValue} />
          <ChartFrame
            id="utility"
            title="Data utility per repetition"
            modelName={model.name}
            legend={utilitySpec.legend}
            caption="Utility b·δ^e of each bucket in its e-th pass (paper Eq. 2): it halves every tau passes, so repeated high-quality data loses its edge."
          >
            <UtilityChart rows={utility.rows} spec={utilitySpec} maxRepetition={utility.maxRepetition} />
          </ChartFrame>
          {observations.series.length > 0 ? (
            <>
              <ChartFrame
                id="observations"
                title="Training runs and fitted curves"
                modelName={model.name}
                legend={observationSpec.legend}
                caption={<span data-testid="observation-summary">Dots: measured error of each run; lines: the model. {observationSpec.summary}</span>}
              >
                <ObservationsChart view={observations} spec={observationSpec} residuals={false} />
              </ChartFrame>
              <ChartFrame
                id="residuals"
                title="Residuals"
                modelName={model.name}
                legend={observationSpec.legend}
                caption="Observed minus fitted error of each run; a good fit scatters evenly around zero."
              >
                <ObservationsChart view={observations} spec={observationSpec} residuals />
              </ChartFrame>
            </>
          ) : (
            <section className="panel empty" data-testid="observations-empty" aria-labelledby="obs-empty-heading">
              <h3 id="obs-empty-heading">Training runs and fitted curves</h3>
              <p>
                This model comes without the training runs it was fitted to, so there is nothing to compare against. Pick “T-MARS with illustrative
                uncertainty (synthetic)” to see how runs, fitted curves and residuals are shown.
              </p>
            </section>
          )}
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
