"use client";
import { useId } from "react";
import type { ExampleEntry } from "../lib/examples";
import { modelSummary } from "../lib/model";
import { exampleKey, type LoadedModel } from "../lib/state";

/** How a loaded model is listed in the picker. */
function optionLabel(m: LoadedModel): string {
  const name = m.model.name ?? m.fileName ?? "Unnamed model";
  const synthetic = m.model.source?.synthetic && !/synthetic/i.test(name) ? " (SYNTHETIC)" : "";
  const origin =
    m.origin === "import"
      ? ` (imported from ${m.fileName})`
      : m.origin === "share"
        ? " (shared)"
        : m.origin === "fit"
          ? ` (fitted, ${m.key.replace("fit:", "#")})`
          : m.model.fit
            ? " (example, fitted in this page)"
            : "";
  return `${name}${synthetic}${origin}`;
}

/** Picks the model (loaded ones, and built-in examples still to open) and shows where it comes from. */
export function ModelPanel(props: {
  models: readonly LoadedModel[];
  unloaded: readonly ExampleEntry[];
  selected: LoadedModel;
  opening: ExampleEntry | undefined;
  onSelect: (key: string) => void;
}) {
  const { models, unloaded, selected, opening, onSelect } = props;
  const selectId = useId();
  const model = selected.model;
  const source = model.source;
  return (
    <section className="panel" aria-labelledby={`${selectId}-heading`}>
      <h2 id={`${selectId}-heading`}>Model</h2>
      <label htmlFor={selectId}>Model shown</label>
      <select id={selectId} value={selected.key} onChange={(e) => onSelect(e.target.value)} data-testid="model-select">
        <optgroup label="Loaded">
          {models.map((m) => (
            <option key={m.key} value={m.key}>
              {optionLabel(m)}
            </option>
          ))}
        </optgroup>
        {unloaded.length > 0 && (
          <optgroup label="Examples (fitted in this page when opened)">
            {unloaded.map((e) => (
              <option key={e.id} value={exampleKey(e.id)}>
                {e.title}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {opening && (
        <p className="muted" role="status" data-testid="opening-example">
          Opening {opening.title}: reading its runs and fitting them in the background (see “Fit a model to runs”).
        </p>
      )}
      <div className="model-meta" data-testid="model-meta">
        <p>
          <strong>{model.name ?? "Unnamed model"}</strong>
          {source?.synthetic && <span className="badge">SYNTHETIC data</span>}
        </p>
        {model.description && <p>{model.description}</p>}
        <p className="muted">{modelSummary(model)}</p>
        {model.metric && (
          <p className="muted">
            Metric: {model.metric.name}
            {model.metric.description ? ` (${model.metric.description})` : ""}
          </p>
        )}
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
        {source?.licence && <p className="muted source">Licence: {source.licence}</p>}
        {source?.note && <p className="muted">{source.note}</p>}
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
