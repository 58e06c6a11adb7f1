"use client";
import { useId, useState, type DragEvent } from "react";
import { formatSamples } from "../lib/format";
import { modelSummary } from "../lib/model";
import type { LoadedModel } from "../lib/state";

/** Picks the model, shows where it comes from and its parameters, and imports model files. */
export function ModelPanel(props: {
  models: readonly LoadedModel[];
  selected: LoadedModel;
  onSelect: (key: string) => void;
  onFiles: (files: readonly File[]) => void;
}) {
  const { models, selected, onSelect, onFiles } = props;
  const selectId = useId();
  const fileId = useId();
  const [dragging, setDragging] = useState(false);
  const model = selected.model;
  const source = model.source;
  const bootstrap = model.fit?.bootstrap;
  const intervals = new Map(bootstrap?.intervals.buckets.map((b) => [b.id, b]) ?? []);
  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <section className="panel" aria-labelledby={`${selectId}-heading`}>
      <h2 id={`${selectId}-heading`}>Model</h2>
      <label htmlFor={selectId}>Model shown</label>
      <select id={selectId} value={selected.key} onChange={(e) => onSelect(e.target.value)} data-testid="model-select">
        {models.map((m) => (
          <option key={m.key} value={m.key}>
            {(m.model.name ?? m.fileName ?? "Unnamed model") + (m.origin === "import" ? ` (imported from ${m.fileName})` : m.origin === "share" ? " (shared)" : "")}
          </option>
        ))}
      </select>
      <div className="model-meta" data-testid="model-meta">
        <p>
          <strong>{model.name ?? "Unnamed model"}</strong>
          {source?.synthetic && <span className="badge">synthetic</span>}
        </p>
        {model.description && <p>{model.description}</p>}
        <p className="muted">{modelSummary(model)}</p>
        {model.metric && <p className="muted">Metric: {model.metric.name}</p>}
        {source?.citation && (
          <p className="source">
            Source: {source.citation}{" "}
            {source.url && isHttpUrl(source.url) && (
              <a href={source.url} rel="noopener noreferrer" target="_blank">
                {source.url}
              </a>
            )}
          </p>
        )}
        {source?.note && <p className="muted">{source.note}</p>}
      </div>

      <details>
        <summary>Parameters</summary>
        <table className="params">
          <caption>
            Task: a = {model.task.a}, d = {model.task.d}, normalizer = {model.task.normalizer}; law: {model.law.formulation},{" "}
            {model.law.variant}
            {bootstrap ? `; ${Math.round(bootstrap.confidence * 100)}% intervals from ${bootstrap.draws.length} bootstrap draws` : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">bucket</th>
              <th scope="col">size</th>
              <th scope="col">b</th>
              <th scope="col">tau</th>
            </tr>
          </thead>
          <tbody>
            {model.buckets.map((b) => {
              const iv = intervals.get(b.id);
              return (
                <tr key={b.id}>
                  <th scope="row">{b.label ?? b.id}</th>
                  <td className="num">{formatSamples(b.size)}</td>
                  <td className="num">
                    {b.b.toFixed(4)}
                    {iv?.b && <span className="muted"> [{iv.b.low.toFixed(3)}, {iv.b.high.toFixed(3)}]</span>}
                  </td>
                  <td className="num">
                    {b.tau.toFixed(3)}
                    {iv?.tau && <span className="muted"> [{iv.tau.low.toFixed(2)}, {iv.tau.high.toFixed(2)}]</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {model.fit && model.fit.warnings.length > 0 && (
          <ul className="warnings" aria-label="Fit warnings">
            {model.fit.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        )}
      </details>

      <div
        className={`dropzone${dragging ? " dragging" : ""}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={fileId}>Import a model file (qqt.model/v1 JSON)</label>
        <input
          id={fileId}
          type="file"
          accept=".json,application/json"
          multiple
          data-testid="model-file"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = "";
            if (files.length > 0) onFiles(files);
          }}
        />
        <p className="muted">…or drop files here. Files are read in your browser and never uploaded.</p>
      </div>
    </section>
  );
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
