"use client";
import type { ModelFileV1 } from "@qqt/data";
import { useId } from "react";
import type { VersionDetail } from "./client";
import { formatCount, formatNumber, formatTime, NONE, plural } from "./format";

/** Runs listed in the runs table (the export has them all). */
export const MAX_RUN_ROWS = 500;

/** The pool of a run as text: its bucket ids joined by "+". */
export function poolText(pool: readonly string[]): string {
  return pool.join(" + ");
}

/** A version's fit diagnostics as facts (generator, loss, seed, SSE, RMSE, …), or a note that it has none. */
export function FitFacts(props: { fit: VersionDetail["fit"]; hasModel: boolean }) {
  const { fit } = props;
  if (fit === null) {
    return <p className="muted">{props.hasModel ? "The model was not fitted here (hand-entered parameters): no diagnostics." : "No model in this version."}</p>;
  }
  return (
    <dl className="facts" data-testid="ws-fit">
      <dt>Fitted by</dt>
      <dd>
        {fit.generator}
        {fit.createdAt !== undefined ? `, ${formatTime(fit.createdAt)}` : ""}
      </dd>
      <dt>Loss, seed</dt>
      <dd>
        {fit.loss}, seed {fit.seed}
      </dd>
      <dt>Runs fitted</dt>
      <dd>{fit.observations}</dd>
      <dt>SSE</dt>
      <dd data-testid="ws-fit-sse">{formatNumber(fit.sse, 4)}</dd>
      <dt>RMSE</dt>
      <dd data-testid="ws-fit-rmse">{formatNumber(fit.rmse, 4)}</dd>
      <dt>Iterations</dt>
      <dd>
        {fit.iterations}, {fit.converged ? "converged" : <strong>did not converge</strong>}
      </dd>
      {fit.bootstrap !== undefined && (
        <>
          <dt>Bootstrap</dt>
          <dd>
            {fit.bootstrap.draws} of {fit.bootstrap.samples} resamples ({fit.bootstrap.method}), {Math.round(fit.bootstrap.confidence * 100)}% intervals, seed{" "}
            {fit.bootstrap.seed}
          </dd>
        </>
      )}
      <dt>Warnings</dt>
      <dd>
        {fit.warnings.length === 0 ? (
          "none"
        ) : (
          <ul className="ws-plain warnings">
            {fit.warnings.map((w, i) => (
              <li key={i}>
                <code>{w.code}</code> {w.message}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

/** The model's law and task parameters. */
function ModelFacts(props: { model: ModelFileV1 }) {
  const { model } = props;
  return (
    <dl className="facts" data-testid="ws-model">
      {model.name !== undefined && (
        <>
          <dt>Model</dt>
          <dd>{model.name}</dd>
        </>
      )}
      <dt>Law</dt>
      <dd>
        {model.law.formulation}, {model.law.variant} variant
      </dd>
      <dt>a</dt>
      <dd data-testid="ws-model-a">{formatNumber(model.task.a)}</dd>
      <dt>d</dt>
      <dd data-testid="ws-model-d">{formatNumber(model.task.d)}</dd>
      <dt>Normalizer</dt>
      <dd>{formatCount(model.task.normalizer)}</dd>
    </dl>
  );
}

/** A version's content: what it is, its buckets (with fitted b and tau), its model and fit, and its runs. */
export function VersionDetails(props: { detail: VersionDetail }) {
  const { detail } = props;
  const id = useId();
  const study = detail.study;
  const params = new Map((detail.model?.buckets ?? []).map((b) => [b.id, b]));
  const runsPerBucket = new Map<string, number>();
  for (const o of study.observations) for (const b of o.pool) runsPerBucket.set(b, (runsPerBucket.get(b) ?? 0) + 1);
  const shownRuns = study.observations.slice(0, MAX_RUN_ROWS);
  const tagKeys = [...new Set(shownRuns.flatMap((o) => Object.keys(o.tags ?? {})))].slice(0, 4);
  const hasMetric = shownRuns.some((o) => o.metric !== undefined);

  return (
    <div className="ws-stack">
      <section className="panel" aria-labelledby={`${id}-about`}>
        <h3 id={`${id}-about`}>Version {detail.version}</h3>
        <dl className="facts ws-gap" data-testid="ws-version-facts">
          <dt>Saved</dt>
          <dd>
            <time dateTime={detail.createdAt}>{formatTime(detail.createdAt)}</time>
            {detail.author !== null ? ` by ${detail.author}` : ""}
          </dd>
          <dt>What changed</dt>
          <dd>{detail.label ?? <span className="muted">no note</span>}</dd>
          <dt>Derived from</dt>
          <dd>{detail.parentVersion === null ? <span className="muted">—</span> : `version ${detail.parentVersion}`}</dd>
          <dt>Data</dt>
          <dd>
            {plural(detail.buckets, "bucket")}, {plural(detail.observations, "run")}
            {study.metric !== undefined ? `; metric ${study.metric.name}${study.metric.kind !== undefined ? ` (${study.metric.kind})` : ""}` : ""}
          </dd>
          {study.description !== undefined && (
            <>
              <dt>Description</dt>
              <dd>{study.description}</dd>
            </>
          )}
          {study.source !== undefined && (
            <>
              <dt>Source</dt>
              <dd className="source">
                {study.source.synthetic === true && <strong>SYNTHETIC. </strong>}
                {[study.source.citation, study.source.licence, study.source.note].filter((x) => x !== undefined).join(" · ")}
                {study.source.url !== undefined && (
                  <>
                    {" "}
                    <code>{study.source.url}</code>
                  </>
                )}
              </dd>
            </>
          )}
        </dl>
      </section>

      <section className="panel" aria-labelledby={`${id}-model`}>
        <h3 id={`${id}-model`}>Model and fit</h3>
        {detail.model === null ? (
          <p className="muted">No model saved in this version yet: fit the runs and save the result as a new version.</p>
        ) : (
          <div className="ws-columns ws-gap">
            <ModelFacts model={detail.model} />
            <FitFacts fit={detail.fit} hasModel />
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-buckets`}>
        <h3 id={`${id}-buckets`}>Buckets</h3>
        <div className="table-scroll ws-gap">
          <table data-testid="ws-buckets">
            <caption>Best quality first{detail.model !== null ? "; b and tau as fitted in this version" : ""}</caption>
            <thead>
              <tr>
                <th scope="col">Bucket</th>
                <th scope="col">Quality</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Runs on it
                </th>
                {detail.model !== null && (
                  <>
                    <th scope="col" className="num">
                      b
                    </th>
                    <th scope="col" className="num">
                      tau
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {study.buckets.map((b) => {
                const p = params.get(b.id);
                return (
                  <tr key={b.id}>
                    <th scope="row">
                      <code>{b.id}</code>
                      {b.label !== undefined && b.label !== b.id ? <span className="muted"> {b.label}</span> : null}
                    </th>
                    <td>
                      {b.quality === undefined
                        ? NONE
                        : [
                            b.quality.score !== undefined
                              ? `${b.quality.score}${b.quality.fromPercentile !== undefined && b.quality.toPercentile !== undefined ? ` ${b.quality.fromPercentile}–${b.quality.toPercentile}%` : ""}`
                              : undefined,
                            b.quality.group !== undefined ? `group ${b.quality.group}` : undefined,
                          ]
                            .filter((part) => part !== undefined)
                            .join(", ")}
                    </td>
                    <td className="num">{formatCount(b.size)}</td>
                    <td className="num">{runsPerBucket.get(b.id) ?? 0}</td>
                    {detail.model !== null && (
                      <>
                        <td className="num">{formatNumber(p?.b)}</td>
                        <td className="num">{formatNumber(p?.tau)}</td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby={`${id}-runs`}>
        <h3 id={`${id}-runs`}>Runs</h3>
        {study.observations.length === 0 ? (
          <p className="muted">No runs in this version.</p>
        ) : (
          <details>
            <summary>
              Show the {study.observations.length > MAX_RUN_ROWS ? `first ${MAX_RUN_ROWS} of ` : ""}
              {plural(study.observations.length, "run")}
            </summary>
            <div className="table-scroll ws-gap">
              <table data-testid="ws-runs">
                <caption>Each run: the pool trained on, the samples seen and the error measured</caption>
                <thead>
                  <tr>
                    <th scope="col">Pool</th>
                    <th scope="col" className="num">
                      Samples seen
                    </th>
                    <th scope="col" className="num">
                      Error
                    </th>
                    {hasMetric && <th scope="col">Metric</th>}
                    {tagKeys.map((k) => (
                      <th scope="col" key={k}>
                        {k}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shownRuns.map((o, i) => (
                    <tr key={i}>
                      <td>{poolText(o.pool)}</td>
                      <td className="num">{formatCount(o.samplesSeen)}</td>
                      <td className="num">{formatNumber(o.error, 4)}</td>
                      {hasMetric && <td>{o.metric ?? NONE}</td>}
                      {tagKeys.map((k) => (
                        <td key={k}>{o.tags?.[k] ?? NONE}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </section>
    </div>
  );
}
