"use client";
// The ONE module that uses recharts. Every chart of the app is defined here; data, styles, ticks and domains come
// ready-made from lib/ (chartSpecs, advisor, observations, utility).
import { createContext, memo, useContext, useEffect, useId, useRef, useState, type ReactNode } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceDot,
  ReferenceLine,
  Scatter,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { Interval } from "@qqt/core";
import type { CrossoverMarker, PoolCurves } from "../lib/advisor";
import {
  BAND_OPACITY,
  budgetLabel,
  budgetLabelAnchor,
  ENVELOPE_OPACITY,
  ENVELOPE_WIDTH,
  type differenceChartSpec,
  type observationChartSpec,
  type poolChartSpec,
  type SeriesSpec,
  type utilityChartSpec,
} from "../lib/chartSpecs";
import { formatError, formatSamples } from "../lib/format";
import type { ObservationView } from "../lib/observations";
import { BUDGET_COLOR, COVERAGE_COLOR, COVERAGE_OPACITY, ENVELOPE_COLOR } from "../lib/palette";
import type { BudgetRange } from "../lib/scale";
import { downloadName, type LegendEntry } from "../lib/svgExport";
import { chartToSvg, download, svgToPng } from "./browser";

const CHART_HEIGHT = 380;
const SMALL_CHART_HEIGHT = 220;
const DIFFERENCE_CHART_HEIGHT = 260;
const MARGIN = { top: 24, right: 28, bottom: 34, left: 8 };
const GRID = "#e0e0e0";
const Y_AXIS_WIDTH = 72;
const AXIS_TEXT = "#333333";

/** The log samples-seen axis shared by the error chart and the difference chart. */
function budgetAxisProps(range: BudgetRange, ticks: readonly { value: number }[]) {
  return {
    dataKey: "samples",
    type: "number" as const,
    scale: "log" as const,
    domain: [range.min, range.max],
    ticks: ticks.map((t) => t.value),
    tickFormatter: (v: number) => formatSamples(v),
    allowDataOverflow: true,
    stroke: AXIS_TEXT,
    label: { value: "samples seen (training budget)", position: "insideBottom" as const, offset: -20, fill: AXIS_TEXT },
  };
}

/** The value axis (clamped domain, fixed ticks, the metric's name) shared by the error chart and the difference chart. */
function valueAxisProps(y: { min: number; max: number; ticks: number[]; decimals: number }, label: string) {
  return {
    type: "number" as const,
    domain: [y.min, y.max],
    ticks: y.ticks,
    tickFormatter: (v: number) => v.toFixed(y.decimals),
    allowDataOverflow: true,
    width: Y_AXIS_WIDTH,
    stroke: AXIS_TEXT,
    label: { value: label, angle: -90, position: "insideLeft" as const, offset: 6, fill: AXIS_TEXT, textAnchor: "middle" as const },
  };
}

/**
 * A chart's frame: heading, caption, HTML legend (also drawn into exports) and SVG/PNG export buttons.
 */
export function ChartFrame(props: {
  id: string;
  title: string;
  caption: ReactNode;
  legend: readonly LegendEntry[];
  modelName: string | undefined;
  children: ReactNode;
  controls?: ReactNode;
  /** The data is generated: say so on the chart and in its exports. */
  synthetic?: boolean;
  /** Lines written under the title of the exported SVG/PNG: the model, the metric, the crossovers. */
  exportNotes?: readonly string[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<string>("");
  const headingId = useId();
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    // recharts renders its z-index layers as React portals into bare <g> elements; React listens for focus events on
    // portal containers, and Chromium makes any SVG element with focus listeners a tab stop. Take those unnamed
    // layers out of the tab order so the keyboard moves between real controls only.
    const untab = () => {
      for (const g of element.querySelectorAll('g[class*="recharts-zIndex-layer"]:not([tabindex])')) g.setAttribute("tabindex", "-1");
    };
    untab();
    const observer = new MutationObserver(untab);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  const exportAs = async (kind: "svg" | "png") => {
    const element = container.current;
    const chart = element ? chartToSvg(element, props.synthetic ? `${props.title} (SYNTHETIC data)` : props.title, props.legend, props.exportNotes) : null;
    if (!chart) {
      setStatus("The chart has not been drawn yet.");
      return;
    }
    const name = downloadName(props.modelName, props.title, kind);
    try {
      if (kind === "svg") download(new Blob([chart.svg], { type: "image/svg+xml" }), name);
      else download(await svgToPng(chart.svg), name);
      setStatus(`Downloaded ${name}.`);
    } catch (error) {
      setStatus(`Export failed: ${(error as Error).message}`);
    }
  };
  return (
    <figure className="chart" id={props.id} aria-labelledby={headingId} data-testid={`chart-${props.id}`}>
      <div className="chart-head">
        <h3 id={headingId}>
          {props.title}
          {props.synthetic && <span className="badge">SYNTHETIC data</span>}
        </h3>
        <div className="chart-actions">
          {props.controls}
          <button type="button" onClick={() => void exportAs("svg")} aria-label={`Download “${props.title}” as SVG`}>
            SVG
          </button>
          <button type="button" onClick={() => void exportAs("png")} aria-label={`Download “${props.title}” as PNG`}>
            PNG
          </button>
        </div>
      </div>
      <div ref={container} className="chart-body">
        {props.children}
      </div>
      <ul className="legend" aria-label={`Legend of ${props.title}`}>
        {props.legend.map((entry) => (
          <li key={entry.label}>
            <svg width="28" height="10" aria-hidden="true" focusable="false">
              <line
                x1="0"
                y1="5"
                x2="28"
                y2="5"
                stroke={entry.color}
                strokeWidth={Math.min(entry.width ?? 2, 6)}
                strokeOpacity={entry.opacity ?? 1}
                strokeDasharray={entry.dash}
              />
            </svg>
            {entry.label}
          </li>
        ))}
      </ul>
      <figcaption>{props.caption}</figcaption>
      <p className="sr-status" role="status">
        {status}
      </p>
    </figure>
  );
}

type Row = Record<string, unknown>;

/** Tooltip listing every series at the hovered budget, lowest error first. */
function SeriesTooltip(props: TooltipContentProps & { series: readonly SeriesSpec[]; xLabel?: (x: number) => string; digits?: number }) {
  const { active, payload, label, series } = props;
  if (!active || !payload || payload.length === 0) return null;
  const byKey = new Map(series.map((s) => [s.key, s]));
  const items = payload
    .filter((p) => typeof p.dataKey === "string" && byKey.has(p.dataKey) && typeof p.value === "number")
    .map((p) => ({ spec: byKey.get(p.dataKey as string)!, value: p.value as number }))
    .sort((x, y) => x.value - y.value);
  const x = typeof label === "number" ? label : Number(label);
  return (
    <div className="tooltip">
      <p className="tooltip-title">{props.xLabel ? props.xLabel(x) : `${formatSamples(x)} samples`}</p>
      <table>
        <tbody>
          {items.map(({ spec, value }) => (
            <tr key={spec.key}>
              <td>
                <span className="swatch" style={{ background: spec.color }} />
                {spec.name}
              </td>
              <td className="num">{props.digits === undefined ? formatError(value) : value.toFixed(props.digits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The chosen budget, given to the pool chart through context: when it changes only {@link BudgetMarker} re-renders,
 * not the (memoized) chart with its curves — this keeps slider updates within one frame.
 */
export const BudgetContext = createContext<number>(Number.NaN);

/** The chosen budget as a vertical line with its label, placed by the chart's own x scale. */
function BudgetMarker() {
  const budget = useContext(BudgetContext);
  const scale = useXAxisScale();
  const plot = usePlotArea();
  if (!scale || !plot || !(budget > 0)) return null;
  const x = scale(budget);
  if (x === undefined || !Number.isFinite(x) || x < plot.x - 0.5 || x > plot.x + plot.width + 0.5) return null;
  const anchor = budgetLabelAnchor(x, plot);
  return (
    <g className="qqt-budget-line" data-budget={budget}>
      <line x1={x} x2={x} y1={plot.y} y2={plot.y + plot.height} stroke={BUDGET_COLOR} strokeDasharray="4 2" strokeWidth={2} />
      <text x={anchor === "end" ? x - 5 : x + 5} y={plot.y + 14} textAnchor={anchor} fill={BUDGET_COLOR} fontSize={12}>
        {budgetLabel(budget)}
      </text>
    </g>
  );
}

/**
 * Predicted error vs samples seen for every candidate pool: the samples-seen range of the fitted runs (shaded), the
 * band the spec names, the envelope, crossovers and the chosen budget (from {@link BudgetContext}).
 */
export const PoolErrorChart = memo(function PoolErrorChart(props: {
  curves: PoolCurves;
  spec: ReturnType<typeof poolChartSpec>;
  crossovers: readonly CrossoverMarker[];
  range: BudgetRange;
  /** The engine's `coverage.samplesSeen`: shaded behind the curves. */
  coverage: Interval | undefined;
}) {
  const { curves, spec, crossovers, range, coverage } = props;
  return (
    <ComposedChart
      data={curves.rows as Row[]}
      responsive
      style={{ width: "100%", height: CHART_HEIGHT }}
      margin={MARGIN}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke={GRID} />
      <XAxis {...budgetAxisProps(range, spec.xTicks)} />
      <YAxis {...valueAxisProps(spec.y, spec.yLabel)} />
      {coverage !== undefined && (
        <ReferenceArea
          x1={coverage.low}
          x2={coverage.high}
          fill={COVERAGE_COLOR}
          fillOpacity={COVERAGE_OPACITY}
          stroke="none"
          ifOverflow="hidden"
          className="qqt-coverage"
          label={{ value: "fitted runs", position: "insideBottom", fill: AXIS_TEXT, fontSize: 11 }}
        />
      )}
      {spec.series.map((s) =>
        s.bandKey ? (
          <Area
            key={s.bandKey}
            dataKey={s.bandKey}
            stroke="none"
            fill={s.color}
            fillOpacity={BAND_OPACITY}
            isAnimationActive={false}
            activeDot={false}
            tooltipType="none"
            legendType="none"
          />
        ) : null,
      )}
      <Line
        dataKey="best"
        stroke={ENVELOPE_COLOR}
        strokeOpacity={ENVELOPE_OPACITY}
        strokeWidth={ENVELOPE_WIDTH}
        strokeLinecap="round"
        dot={false}
        activeDot={false}
        isAnimationActive={false}
        tooltipType="none"
        legendType="none"
      />
      {spec.series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.name}
          stroke={s.color}
          strokeDasharray={s.dash}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      ))}
      {crossovers.map((c) => (
        <ReferenceDot key={c.budget} x={c.budget} y={c.error} r={5} fill="#ffffff" stroke="#222222" strokeWidth={2} ifOverflow="discard" />
      ))}
      <BudgetMarker />
      <Tooltip content={(p) => <SeriesTooltip {...p} series={spec.series} />} isAnimationActive={false} />
    </ComposedChart>
  );
});

/**
 * Each pool's predicted error minus the best pool's, vs samples seen: where the lines meet 0 the best pool changes
 * (circles), and how far the runner-up is shows how close the decision is. Coverage and budget as in the pool chart.
 */
export const DifferenceChart = memo(function DifferenceChart(props: {
  spec: ReturnType<typeof differenceChartSpec>;
  crossovers: readonly CrossoverMarker[];
  range: BudgetRange;
  coverage: Interval | undefined;
}) {
  const { spec, crossovers, range, coverage } = props;
  return (
    <ComposedChart data={spec.rows} responsive style={{ width: "100%", height: DIFFERENCE_CHART_HEIGHT }} margin={MARGIN} accessibilityLayer={false}>
      <CartesianGrid stroke={GRID} />
      <XAxis {...budgetAxisProps(range, spec.xTicks)} />
      <YAxis {...valueAxisProps(spec.y, spec.yLabel)} />
      {coverage !== undefined && (
        <ReferenceArea x1={coverage.low} x2={coverage.high} fill={COVERAGE_COLOR} fillOpacity={COVERAGE_OPACITY} stroke="none" ifOverflow="hidden" className="qqt-coverage" />
      )}
      {spec.series.map((s) => (
        <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeDasharray={s.dash} strokeWidth={2} dot={false} isAnimationActive={false} />
      ))}
      {crossovers.map((c) => (
        <ReferenceDot key={c.budget} x={c.budget} y={0} r={5} fill="#ffffff" stroke="#222222" strokeWidth={2} ifOverflow="extendDomain" />
      ))}
      <BudgetMarker />
      <Tooltip content={(p) => <SeriesTooltip {...p} series={spec.series} />} isAnimationActive={false} />
    </ComposedChart>
  );
});

/**
 * Data utility per repetition, `b·δ^e`, per bucket.
 */
export const UtilityChart = memo(function UtilityChart(props: {
  rows: Array<Record<string, number>>;
  spec: ReturnType<typeof utilityChartSpec>;
  maxRepetition: number;
}) {
  const { rows, spec, maxRepetition } = props;
  return (
    <ComposedChart data={rows} responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={MARGIN} accessibilityLayer={false}>
      <CartesianGrid stroke={GRID} />
      <XAxis
        dataKey="repetition"
        type="number"
        domain={[0, maxRepetition]}
        stroke={AXIS_TEXT}
        label={{ value: "repetition e (passes over the bucket already made)", position: "insideBottom", offset: -20, fill: AXIS_TEXT }}
      />
      <YAxis
        type="number"
        domain={[spec.y.min, spec.y.max]}
        ticks={spec.y.ticks}
        tickFormatter={(v: number) => v.toFixed(spec.y.decimals)}
        width={Y_AXIS_WIDTH}
        stroke={AXIS_TEXT}
        label={{ value: "utility b·δ^e", angle: -90, position: "insideLeft", offset: 6, fill: AXIS_TEXT }}
      />
      <ReferenceLine y={0} stroke="#888888" />
      {spec.series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.name}
          stroke={s.color}
          strokeDasharray={s.dash}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      ))}
      <Tooltip
        content={(p) => <SeriesTooltip {...p} series={spec.series} digits={4} xLabel={(x) => `repetition ${x}`} />}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
});

/**
 * Observed errors of training runs with the model's fitted curve per pool (top), and residuals (bottom).
 */
export const ObservationsChart = memo(function ObservationsChart(props: {
  view: ObservationView;
  spec: ReturnType<typeof observationChartSpec>;
  residuals: boolean;
}) {
  const { view, spec, residuals } = props;
  const xAxis = (
    <XAxis
      dataKey="samplesSeen"
      type="number"
      scale="log"
      domain={[spec.xRange.min, spec.xRange.max]}
      ticks={spec.xTicks.map((t) => t.value)}
      tickFormatter={(v: number) => formatSamples(v)}
      allowDataOverflow
      stroke={AXIS_TEXT}
      label={{ value: "samples seen", position: "insideBottom", offset: -20, fill: AXIS_TEXT }}
    />
  );
  if (residuals) {
    return (
      <ComposedChart responsive style={{ width: "100%", height: SMALL_CHART_HEIGHT }} margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid stroke={GRID} />
        {xAxis}
        <YAxis
          type="number"
          dataKey="residual"
          domain={[spec.residual.min, spec.residual.max]}
          ticks={spec.residual.ticks}
          tickFormatter={(v: number) => v.toFixed(spec.residual.decimals)}
          width={Y_AXIS_WIDTH}
          stroke={AXIS_TEXT}
          label={{ value: "residual", angle: -90, position: "insideLeft", offset: 6, fill: AXIS_TEXT }}
        />
        <ReferenceLine y={0} stroke="#555555" />
        {view.series.map((s, i) => (
          <Scatter key={s.key} name={spec.series[i]!.name} data={s.points} dataKey="residual" fill={spec.series[i]!.color} isAnimationActive={false} />
        ))}
      </ComposedChart>
    );
  }
  return (
    <ComposedChart responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={MARGIN} accessibilityLayer={false}>
      <CartesianGrid stroke={GRID} />
      {xAxis}
      <YAxis
        type="number"
        domain={[spec.y.min, spec.y.max]}
        ticks={spec.y.ticks}
        tickFormatter={(v: number) => v.toFixed(spec.y.decimals)}
        width={Y_AXIS_WIDTH}
        stroke={AXIS_TEXT}
        label={{ value: "error", angle: -90, position: "insideLeft", offset: 6, fill: AXIS_TEXT }}
      />
      {view.series.map((s, i) => (
        <Line
          key={`fit-${s.key}`}
          data={s.curve}
          dataKey="predicted"
          name={`${spec.series[i]!.name} (fitted)`}
          stroke={spec.series[i]!.color}
          strokeDasharray={spec.series[i]!.dash}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
          tooltipType="none"
        />
      ))}
      {view.series.map((s, i) => (
        <Scatter key={`obs-${s.key}`} name={spec.series[i]!.name} data={s.points} dataKey="observed" fill={spec.series[i]!.color} isAnimationActive={false} />
      ))}
    </ComposedChart>
  );
});
