import type { ModelFileV1 } from "../lib/modelFile";
import { parameterRows, fitDiagnostics } from "../lib/parameters";
import { explainWarning } from "../lib/fitWarnings";

/** The model's parameters with standard errors and bootstrap intervals, the fit's diagnostics, and its warnings in plain words. */
export function ParametersPanel(props: { model: ModelFileV1 }) {
  const { model } = props;
  const rows = parameterRows(model);
  const fit = model.fit;
  const diagnostics = fitDiagnostics(model);
  const confidence = fit?.bootstrap ? `${Math.round(fit.bootstrap.confidence * 100)}% interval` : "interval";
  return (
    <section className="panel" aria-labelledby="parameters-heading" data-testid="parameters">
      <h2 id="parameters-heading">Model parameters</h2>
      <div className="table-scroll">
        <table className="params" data-testid="parameter-table">
          <caption>
            Law: {model.law.formulation}, {model.law.variant} variant; normalizer {model.task.normalizer}.{" "}
            {fit ? "Standard errors from the fit; intervals from the bootstrap refits." : "Entered by hand (no fit record): no standard errors or intervals."}
          </caption>
          <thead>
            <tr>
              <th scope="col">parameter</th>
              <th scope="col">estimate</th>
              <th scope="col">std. error</th>
              <th scope="col">{confidence}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-parameter={r.key}>
                <th scope="row">
                  {r.symbol} <span className="muted">{r.description}</span>
                </th>
                <td className="num">{r.estimate}</td>
                <td className="num">{r.standardError}</td>
                <td className="num">{r.interval}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {diagnostics.length > 0 && (
        <dl className="facts diagnostics" data-testid="fit-diagnostics">
          {diagnostics.map((d) => (
            <div key={d.label} className="fact">
              <dt>{d.label}</dt>
              <dd data-diagnostic={d.key}>{d.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {fit && fit.warnings.length > 0 && (
        <div className="warnings" data-testid="fit-warnings">
          <h3>What to watch out for</h3>
          <ul>
            {fit.warnings.map((w, i) => {
              const e = explainWarning(w);
              return (
                <li key={i} data-code={e.code}>
                  <strong>{e.headline}.</strong> {e.text}
                  <details>
                    <summary>Fitter&apos;s message ({e.code})</summary>
                    <code>{e.detail}</code>
                  </details>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {fit && fit.warnings.length === 0 && (
        <p className="muted" data-testid="fit-no-warnings">
          The fit raised no warning: it converged, no parameter sits on a bound, and the runs pin every parameter down.
        </p>
      )}
    </section>
  );
}
