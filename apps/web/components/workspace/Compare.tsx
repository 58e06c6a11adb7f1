"use client";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";
import type { ModelFileV1 } from "@qqt/data";
import { formatError } from "../../lib/format";
import type { NumberChange, RunChange } from "../../lib/store/compare";
import { useClient, workspaceHref, type VersionComparison } from "./client";
import { compareAdvice, type AdviceSide } from "./compareAdvice";
import { formatCount, formatDelta, formatNumber, formatTime, NONE, plural } from "./format";
import { poolText } from "./VersionDetails";

/** A difference cell: signed, marked when not zero. */
function Delta(props: { change: NumberChange; testId?: string }) {
  const { delta } = props.change;
  const moved = delta !== null && delta !== 0;
  return (
    <td className={`num${moved ? " ws-changed" : ""}`} data-testid={props.testId}>
      {formatDelta(delta)}
    </td>
  );
}

function RunList(props: { title: string; runs: RunChange[]; count: number; testId: string }) {
  if (props.count === 0) return null;
  return (
    <details data-testid={props.testId}>
      <summary>
        {props.title} ({props.count})
      </summary>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Pool</th>
              <th scope="col" className="num">
                Samples seen
              </th>
              <th scope="col">Tags</th>
              <th scope="col" className="num">
                Error A
              </th>
              <th scope="col" className="num">
                Error B
              </th>
            </tr>
          </thead>
          <tbody>
            {props.runs.map((r, i) => (
              <tr key={i}>
                <td>{poolText(r.pool)}</td>
                <td className="num">{formatCount(r.samplesSeen)}</td>
                <td>
                  {Object.entries(r.tags ?? {})
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ") || NONE}
                  {r.metric !== undefined ? ` (${r.metric})` : ""}
                </td>
                <td className="num">{formatNumber(r.errorA, 4)}</td>
                <td className="num">{formatNumber(r.errorB, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.runs.length < props.count && <p className="muted">The first {props.runs.length} are listed.</p>}
    </details>
  );
}

function sideText(side: AdviceSide | null): string {
  return side === null ? "no model" : `${side.pool} (${formatError(side.error)})`;
}

/**
 * What the two versions advise: the recommended pool at each standard budget and the crossovers, each version's from
 * its own model's advice engine (lib/advisor over @qqt/core), the rows where they differ marked.
 */
function AdviceComparison(props: { studyId: string; a: VersionComparison["a"]; b: VersionComparison["b"] }) {
  const client = useClient();
  const { studyId } = props;
  const va = props.a.version;
  const vb = props.b.version;
  const [models, setModels] = useState<{ key: string; a: ModelFileV1 | null; b: ModelFileV1 | null } | { key: string; failed: true } | null>(null);
  const key = `${studyId}:${va}:${vb}`;
  useEffect(() => {
    let cancelled = false;
    void Promise.all([client.getVersion(studyId, va), client.getVersion(studyId, vb)]).then(([ra, rb]) => {
      if (cancelled) return;
      setModels(ra.ok && rb.ok ? { key, a: ra.value.version.model, b: rb.value.version.model } : { key, failed: true });
    });
    return () => {
      cancelled = true;
    };
  }, [client, studyId, va, vb, key]);
  const advice = useMemo(() => (models === null || models.key !== key || "failed" in models ? null : compareAdvice(models.a, models.b)), [models, key]);
  if (models !== null && models.key === key && "failed" in models) return <p className="muted">The versions&apos; models could not be read to compare their advice.</p>;
  if (advice === null) return <p className="muted">Comparing the advice…</p>;
  const changedBudgets = advice.budgets.filter((r) => r.changed).length;
  const changedCrossovers = advice.crossovers.filter((x) => x.changed).length;
  return (
    <div className="ws-gap" data-testid="ws-compare-advice">
      <p data-testid="ws-compare-advice-summary">
        {changedBudgets === 0 ? "The same pool is recommended at every standard budget" : `The recommendation changes at ${changedBudgets} of ${advice.budgets.length} standard budgets`}
        {"; "}
        {changedCrossovers === 0 ? "no crossover moved." : `${changedCrossovers} crossover${changedCrossovers === 1 ? "" : "s"} moved, appeared or disappeared.`}
      </p>
      <div className="table-scroll">
        <table data-testid="ws-compare-recommendations">
          <caption>Recommended pool (predicted error) at each standard budget; changed rows are marked</caption>
          <thead>
            <tr>
              <th scope="col">Budget</th>
              <th scope="col">A: version {va}</th>
              <th scope="col">B: version {vb}</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {advice.budgets.map((r) => (
              <tr key={r.budget} data-testid="ws-compare-recommendation" data-budget={r.budget} data-changed={r.changed}>
                <th scope="row">{r.budgetText}</th>
                <td>{sideText(r.a)}</td>
                <td className={r.changed ? "ws-changed" : undefined}>{sideText(r.b)}</td>
                <td>{r.changed ? "changed" : "same"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll ws-gap">
        <table data-testid="ws-compare-crossovers">
          <caption>Where the best pool changes (point estimates; the advisor shows their intervals); changed rows are marked</caption>
          <thead>
            <tr>
              <th scope="col">Best below → above</th>
              <th scope="col">A: version {va}</th>
              <th scope="col">B: version {vb}</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {advice.crossovers.length === 0 ? (
              <tr>
                <td colSpan={4}>Neither version changes its best pool over the range.</td>
              </tr>
            ) : (
              advice.crossovers.map((x, i) => (
                <tr key={i} data-testid="ws-compare-crossover" data-changed={x.changed}>
                  <th scope="row">
                    {x.from} → {x.to}
                  </th>
                  <td>{x.a?.budgetText ?? "none"}</td>
                  <td className={x.changed ? "ws-changed" : undefined}>{x.b?.budgetText ?? "none"}</td>
                  <td>{x.changed ? (x.a === null ? "new in B" : x.b === null ? "not in B" : "moved") : "same"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Two versions side by side: who saved them, what each advises (recommendation per standard budget, crossovers), the
 * runs added, removed and re-measured, the law, the task parameters
 * a and d, each bucket's b and tau with their differences (B − A), and the fit diagnostics.
 */
export function Compare(props: { studyId: string; current: number; comparison: VersionComparison }) {
  const { comparison: c, studyId } = props;
  const id = useId();
  const sideText = (s: VersionComparison["a"]) => `${formatTime(s.createdAt)}${s.author !== null ? ` by ${s.author}` : ""}${s.label !== null ? ` — ${s.label}` : ""}`;
  const fitRow = (label: string, a: string, b: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{a}</td>
      <td>{b}</td>
    </tr>
  );
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="ws-compare">
      <div className="ws-head">
        <h3 id={`${id}-title`}>
          Version {c.a.version} and version {c.b.version} side by side
        </h3>
        <Link href={workspaceHref({ study: studyId, version: props.current })}>Close the comparison</Link>
      </div>
      <dl className="facts ws-gap">
        <dt>A: version {c.a.version}</dt>
        <dd>{sideText(c.a)}</dd>
        <dt>B: version {c.b.version}</dt>
        <dd>{sideText(c.b)}</dd>
        <dt>Runs</dt>
        <dd data-testid="ws-compare-runs">
          {c.observations.a} → {c.observations.b}: {c.observations.added} added, {c.observations.removed} removed, {c.observations.changed} re-measured
        </dd>
        <dt>Law</dt>
        <dd>
          {c.law.a === null ? "no model" : `${c.law.a.formulation}, ${c.law.a.variant}`} → {c.law.b === null ? "no model" : `${c.law.b.formulation}, ${c.law.b.variant}`}
          {c.law.a !== null && c.law.b !== null && !c.law.same ? <strong> (changed: the parameters below are not comparable one to one)</strong> : ""}
        </dd>
      </dl>
      <AdviceComparison studyId={studyId} a={c.a} b={c.b} />
      <div className="ws-gap">
        <RunList title="Runs added" runs={c.runs.added} count={c.observations.added} testId="ws-compare-added" />
        <RunList title="Runs removed" runs={c.runs.removed} count={c.observations.removed} testId="ws-compare-removed" />
        <RunList title="Runs re-measured" runs={c.runs.changed} count={c.observations.changed} testId="ws-compare-changed" />
      </div>

      <div className="table-scroll ws-gap">
        <table data-testid="ws-compare-params">
          <caption>Parameters: A, B and the difference B − A (marked when it is not zero)</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col" className="num">
                A
              </th>
              <th scope="col" className="num">
                B
              </th>
              <th scope="col" className="num">
                B − A
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ["a", c.task.a],
                ["d", c.task.d],
              ] as const
            ).map(([name, change]) => (
              <tr key={name} data-testid={`ws-compare-task-${name}`}>
                <th scope="row">{name}</th>
                <td className="num">{formatNumber(change.a)}</td>
                <td className="num">{formatNumber(change.b)}</td>
                <Delta change={change} />
              </tr>
            ))}
            {c.buckets.flatMap((bucket) =>
              (
                [
                  ["b", bucket.b],
                  ["tau", bucket.tau],
                ] as const
              ).map(([name, change]) => (
                <tr key={`${bucket.id}:${name}`} data-testid="ws-compare-bucket" data-bucket={bucket.id} data-param={name}>
                  <th scope="row">
                    {name} of <code>{bucket.id}</code>
                    {!bucket.inStudyA ? <span className="muted"> (new in B)</span> : !bucket.inStudyB ? <span className="muted"> (not in B)</span> : null}
                  </th>
                  <td className="num">{formatNumber(change.a)}</td>
                  <td className="num">{formatNumber(change.b)}</td>
                  <Delta change={change} />
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>

      <div className="table-scroll ws-gap">
        <table data-testid="ws-compare-fit">
          <caption>Fit diagnostics</caption>
          <thead>
            <tr>
              <th scope="col">Diagnostic</th>
              <th scope="col">A: version {c.a.version}</th>
              <th scope="col">B: version {c.b.version}</th>
            </tr>
          </thead>
          <tbody>
            {fitRow("Fitted", c.fit.a === null ? (c.a.hasModel ? "not fitted here" : "no model") : c.fit.a.generator, c.fit.b === null ? (c.b.hasModel ? "not fitted here" : "no model") : c.fit.b.generator)}
            {fitRow("Loss, seed", c.fit.a === null ? NONE : `${c.fit.a.loss}, seed ${c.fit.a.seed}`, c.fit.b === null ? NONE : `${c.fit.b.loss}, seed ${c.fit.b.seed}`)}
            {fitRow(
              "SSE",
              formatNumber(c.fit.sse.a, 4),
              `${formatNumber(c.fit.sse.b, 4)}${c.fit.sse.delta !== null ? ` (${formatDelta(c.fit.sse.delta)})` : ""}`,
            )}
            {fitRow(
              "RMSE",
              formatNumber(c.fit.rmse.a, 4),
              `${formatNumber(c.fit.rmse.b, 4)}${c.fit.rmse.delta !== null ? ` (${formatDelta(c.fit.rmse.delta)})` : ""}`,
            )}
            {fitRow("Runs fitted", c.fit.a === null ? NONE : String(c.fit.a.observations), c.fit.b === null ? NONE : String(c.fit.b.observations))}
            {fitRow(
              "Iterations",
              c.fit.a === null ? NONE : `${c.fit.a.iterations}${c.fit.a.converged ? ", converged" : ", did not converge"}`,
              c.fit.b === null ? NONE : `${c.fit.b.iterations}${c.fit.b.converged ? ", converged" : ", did not converge"}`,
            )}
            {fitRow(
              "Warnings",
              c.fit.a === null ? NONE : c.fit.a.warnings.length === 0 ? "none" : c.fit.a.warnings.map((w) => w.code).join(", "),
              c.fit.b === null ? NONE : c.fit.b.warnings.length === 0 ? "none" : c.fit.b.warnings.map((w) => w.code).join(", "),
            )}
          </tbody>
        </table>
      </div>
      <p className="muted ws-small">{plural(c.buckets.length, "bucket")} in either version.</p>
    </section>
  );
}
