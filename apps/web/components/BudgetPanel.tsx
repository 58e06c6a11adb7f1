"use client";
import { useId, useState } from "react";
import { budgetFromGpuHours } from "../lib/budget";
import { formatSamples } from "../lib/format";
import { budgetToSlider, SLIDER_STEPS, sliderToBudget, type BudgetRange } from "../lib/scale";
import type { AdvisorError } from "../lib/AdvisorError";

/** The budget: a text box (640M, 1.28B, GPU-hours × rate), a log slider kept in sync, and a GPU-hour calculator. */
export function BudgetPanel(props: {
  budget: number;
  text: string;
  error: AdvisorError | undefined;
  range: BudgetRange;
  onText: (text: string) => void;
  onValue: (samples: number) => void;
}) {
  const { budget, text, error, range, onText, onValue } = props;
  const id = useId();
  const [hours, setHours] = useState("1000");
  const [rate, setRate] = useState("2000");
  const compute = budgetFromGpuHours({ gpuHours: hours, samplesPerSecondPerGpu: rate });
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Training budget</h2>
      <label htmlFor={`${id}-text`}>Samples seen (e.g. 640M, 1.28B, 6.4e8, or 500 GPU-h × 2500/s)</label>
      <input
        id={`${id}-text`}
        type="text"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-text-help`}
        onChange={(e) => onText(e.target.value)}
        data-testid="budget-text"
      />
      <p id={`${id}-text-help`} className={error ? "field-error" : "muted"} aria-live="polite" data-testid="budget-help">
        {error ? error.message : `= ${budget.toLocaleString("en-US")} samples seen`}
      </p>
      <label htmlFor={`${id}-slider`}>
        Budget on a log scale ({formatSamples(range.min)} – {formatSamples(range.max)})
      </label>
      <input
        id={`${id}-slider`}
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        value={budgetToSlider(budget, range)}
        aria-valuetext={`${formatSamples(budget)} samples`}
        onChange={(e) => onValue(sliderToBudget(Number(e.target.value), range))}
        data-testid="budget-slider"
      />
      <details className="gpu">
        <summary>From GPU-hours</summary>
        <div className="gpu-grid">
          <label htmlFor={`${id}-hours`}>GPU-hours</label>
          <input id={`${id}-hours`} type="text" inputMode="decimal" autoComplete="off" spellCheck={false} value={hours} onChange={(e) => setHours(e.target.value)} data-testid="gpu-hours" />
          <label htmlFor={`${id}-rate`}>Samples / second per GPU</label>
          <input id={`${id}-rate`} type="text" inputMode="decimal" autoComplete="off" spellCheck={false} value={rate} onChange={(e) => setRate(e.target.value)} data-testid="gpu-rate" />
        </div>
        <p aria-live="polite" className={compute.ok ? "muted" : "field-error"}>
          {compute.ok ? `= ${formatSamples(compute.value.samples)} samples seen` : compute.error.message}
        </p>
        <button type="button" disabled={!compute.ok} onClick={() => compute.ok && onValue(compute.value.samples)} data-testid="gpu-apply">
          Use this budget
        </button>
      </details>
    </section>
  );
}
