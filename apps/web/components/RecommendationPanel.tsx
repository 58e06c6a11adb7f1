import { EXTRAPOLATION_LIMIT } from "@qqt/core";
import { useSyncExternalStore } from "react";
import type { Advice, Advisor } from "../lib/advisor";
import { extrapolationText, fitWarningSummary, formatFactor } from "../lib/adviceText";
import { practicalTie } from "../lib/practicalTie";
import { progressText } from "../lib/workerProtocol";
import type { FitRunStore } from "./fitRunStore";
import { formatError, formatMargin, formatPassCount, formatPasses, formatProbability, formatSamples } from "../lib/format";

/**
 * The answer for the chosen budget, as the advice engine gives it: one sentence, the engine's warnings inline,
 * predicted error with the prediction interval of one new run (and the band of the mean curve), runner-up,
 * probability of being best (or why it is not estimable), and how far the answer is from the fitted runs.
 */
export function RecommendationPanel(props: { advice: Advice; advisor: Advisor; synthetic?: boolean; runStore?: FitRunStore }) {
  const { advice, advisor } = props;
  const store = props.runStore;
  const running = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.get ?? noRun, store?.get ?? noRun);
  const u = advice.uncertainty;
  const level = `${Math.round(advisor.uncertainty.confidence * 100)}%`;
  const fitWarnings = fitWarningSummary(advisor.fitWarnings);
  const names = advisor.pools.map((p) => p.name);
  const tie = practicalTie(advice.errors, names, advice.best - 1);
  return (
    <section className={`panel answer-panel${running ? " stale" : ""}`} aria-labelledby="answer-heading" aria-busy={running !== undefined} data-stale={running ? "true" : "false"}>
      <h2 id="answer-heading">Recommendation at {formatSamples(advice.budget)} samples</h2>
      {running && (
        <p className="fitting-note" role="status" data-testid="fitting-note">
          <strong>fitting your runs…</strong> ({running.label}{running.progress ? `: ${progressText(running.progress)}` : ""}) The answer below is the previous
          model&apos;s; it is replaced when the fit ends.
        </p>
      )}
      {props.synthetic && (
        <p className="synthetic-note" data-testid="synthetic-note">
          <span className="badge">SYNTHETIC data</span> This model was fitted to generated runs: it shows how the advisor works, not a real result.
        </p>
      )}
      <p
        className="answer"
        aria-live="polite"
        data-testid="recommendation"
        data-budget={advice.budget}
        data-best={advice.best}
        data-error={advice.error}
        data-margin={advice.margin ?? ""}
      >
        {advice.sentence}
      </p>
      {tie && (
        <p className="tie-note" data-testid="tie" data-tolerance={tie.tolerance}>
          <strong>A tie in practice:</strong> {tie.text}. The predicted errors differ by less than {tie.tolerance}, smaller than the run-to-run noise a
          training run shows; pick by another criterion (cost, diversity).
        </p>
      )}
      {(advice.warnings.length > 0 || fitWarnings.length > 0) && (
        <ul className="advice-warnings" data-testid="advice-warnings" aria-label="What limits trust in this answer">
          {advice.warnings.map((w, i) => (
            <li key={`${w.code}-${i}`} className="warning" data-code={w.code} {...(w.code === "BELOW_LAW_RANGE" ? { "data-testid": "below-law-range" } : {})}>
              {w.message.startsWith(warningTitle(w.code)) ? null : <strong>{warningTitle(w.code)}. </strong>}
              {w.message}
            </li>
          ))}
          {fitWarnings.map((w) => (
            <li key={`fit-${w.code}`} className="fit-warning" data-code={w.code} data-source="fit">
              <strong>From the fit:</strong> {w.headline}
              {w.count > 1 ? ` (${w.count} warnings)` : ""} <span className="muted">[{w.code}; see Model parameters]</span>
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>Predicted error</dt>
        <dd data-testid="predicted-error">
          {formatError(advice.error)}
          {u?.interval && (
            <span className="muted" data-testid="error-interval">
              {" "}
              ({level} prediction interval of one new run: {formatError(u.interval.low)} – {formatError(u.interval.high)})
            </span>
          )}
          {u?.meanInterval && (
            <span className="muted" data-testid="mean-interval">
              {" "}
              band of the mean curve: {formatError(u.meanInterval.low)} – {formatError(u.meanInterval.high)}; from {u.draws} bootstrap draws
            </span>
          )}
          {advice.pending && (
            <span className="muted" data-testid="interval-pending">
              {" "}
              (computing the {level} prediction interval…)
            </span>
          )}
          {advice.notEstimable && (
            <span className="muted" data-testid="no-interval">
              {" "}
              (no interval: not estimable)
            </span>
          )}
        </dd>
        <dt>Runner-up</dt>
        <dd data-testid="runner-up">
          {advice.runnerUpPool && advice.margin !== undefined
            ? `${advice.runnerUpPool.name}: ${formatError(advice.errors[advice.runnerUp! - 1]!)} (worse by ${formatMargin(advice.margin)})`
            : "none: the model has a single candidate pool"}
        </dd>
        <dt>Probability of being best</dt>
        <dd data-testid="probability-best" data-estimable={advice.notEstimable ? "false" : u ? "true" : ""} aria-busy={advice.pending}>
          {u
            ? `${formatProbability(u.probabilityBest[advice.best - 1]!)} of bootstrap draws pick ${advice.pool.name}`
            : advice.pending
              ? "computing from the bootstrap draws…"
              : advice.notEstimable
              ? `not estimable: ${advice.notEstimable.join("; ")}`
              : "not available: this model has no bootstrap draws"}
        </dd>
        <dt>Distance from the runs</dt>
        <dd data-testid="extrapolation" data-factor={advice.extrapolation?.factor ?? ""}>
          {advice.extrapolation
            ? extrapolationText(advice.extrapolation, advice.pool.name)
            : advisor.model.fit === undefined
              ? "unknown: this model comes without a record of the runs it was fitted to (entered by hand)."
              : "unknown: this model file has no record of the runs it was fitted to."}
        </dd>
        <dt>Repetition</dt>
        <dd>
          {formatPasses(advice.passes)} over {formatSamples(advice.pool.uniqueSamples)} unique samples
        </dd>
      </dl>
      {u && (
        <p className="muted small" data-testid="pbest-note">
          P(best): the share of bootstrap refits in which this pool is best; it does not cover a wrong law or runs unlike yours.
        </p>
      )}
      {u?.interval && (
        <p className="muted small" data-testid="interval-note">
          The interval is where one new training run&apos;s error is expected: the fit&apos;s uncertainty ({u.draws} bootstrap draws) plus the run-to-run
          noise of the fitted runs. The band of the mean curve leaves the noise out.
        </p>
      )}
    </section>
  );
}

const noSubscribe = () => () => {};
const noRun = () => undefined;

/** A warning's code in a few words. */
function warningTitle(code: string): string {
  switch (code) {
    case "NOT_ESTIMABLE":
      return "Not estimable";
    case "EXTRAPOLATION":
      return "Extrapolation";
    case "OUT_OF_RANGE":
      return "Impossible value";
    case "BELOW_LAW_RANGE":
      return "Below the law's range";
    case "NO_COVERAGE":
      return "No record of the runs";
    default:
      return code;
  }
}

/** The recommendation at a set of standard budgets; each budget can be chosen. */
export function BudgetTable(props: { rows: readonly Advice[]; advisor: Advisor; current: number; onChoose: (budget: number) => void }) {
  const { rows, advisor } = props;
  const kind = advisor.uncertainty.kind;
  const hasInterval = rows.some((r) => r.uncertainty?.interval !== undefined);
  const hasBeyond = rows.some((r) => r.extrapolation !== undefined);
  const below = rows.find((r) => r.belowLawRange !== undefined);
  const level = `${Math.round(advisor.uncertainty.confidence * 100)}%`;
  const names = advisor.pools.map((p) => p.name);
  return (
    <section className="panel" aria-labelledby="table-heading">
      <h2 id="table-heading">Standard budgets</h2>
      <div className="table-scroll">
        <table className="budgets" data-testid="budget-table">
          <thead>
            <tr>
              <th scope="col">budget</th>
              <th scope="col">best pool</th>
              <th scope="col">unique samples</th>
              <th scope="col">passes</th>
              <th scope="col">predicted error{hasInterval ? ` [${level} new run]` : ""}</th>
              <th scope="col">runner-up (margin)</th>
              {kind !== "none" && <th scope="col">P(best)</th>}
              {hasBeyond && <th scope="col">beyond runs</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const beyond = r.extrapolation?.factor;
              return (
                <tr key={r.budget} aria-current={r.budget === props.current ? "true" : undefined} data-warnings={[...new Set(r.warnings.map((w) => w.code))].join(" ")}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => props.onChoose(r.budget)} aria-label={`Use a budget of ${formatSamples(r.budget)} samples`}>
                      {formatSamples(r.budget)}
                    </button>
                    {r.belowLawRange !== undefined && (
                      <span className="muted" title={`below the law's range (from ${formatSamples(r.belowLawRange)})`}>
                        {" "}
                        *
                      </span>
                    )}
                  </th>
                  <td>{r.pool.name}</td>
                  <td className="num">{formatSamples(r.pool.uniqueSamples)}</td>
                  <td className="num">{formatPassCount(r.passes)}</td>
                  <td className="num">
                    {formatError(r.error)}
                    {r.uncertainty?.interval && (
                      <span className="muted">
                        {" "}
                        [{formatError(r.uncertainty.interval.low, 3)}, {formatError(r.uncertainty.interval.high, 3)}]
                      </span>
                    )}
                  </td>
                  <td>
                    {r.runnerUpPool ? `${r.runnerUpPool.name} (+${formatMargin(r.margin!)})` : "—"}
                    {r.runnerUpPool && practicalTie(r.errors, names, r.best - 1) ? <span className="muted" data-testid="table-tie"> a tie</span> : null}
                  </td>
                  {kind !== "none" && (
                    <td className="num">{r.uncertainty ? formatProbability(r.uncertainty.probabilityBest[r.best - 1]!) : r.notEstimable ? "not estimable" : "—"}</td>
                  )}
                  {hasBeyond && (
                    <td className={`num${beyond !== undefined && beyond > EXTRAPOLATION_LIMIT ? " flagged" : ""}`}>
                      {beyond === undefined ? "—" : beyond > 1 ? `×${formatFactor(beyond)}` : "inside"}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {below !== undefined && (
        <p className="muted" data-testid="below-law-range-note">
          * below the law&apos;s range ({formatSamples(below.belowLawRange!)} samples seen = normalizer / a): every pool is predicted above 1 + d there and the
          ranking is inverted.
        </p>
      )}
      {hasBeyond && (
        <p className="muted" data-testid="beyond-note">
          beyond runs: how far each answer is from the fitted runs (samples seen, or passes over a bucket of the pool), as a factor; past {EXTRAPOLATION_LIMIT}× it
          is an extrapolation.
        </p>
      )}
    </section>
  );
}
