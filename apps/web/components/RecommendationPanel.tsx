import type { Advice } from "../lib/advisor";
import { formatError, formatMargin, formatPassCount, formatPasses, formatProbability, formatSamples } from "../lib/format";

/** The answer for the chosen budget: one sentence, predicted error with interval, runner-up, probability best. */
export function RecommendationPanel(props: { advice: Advice; synthetic?: boolean }) {
  const { advice } = props;
  const u = advice.uncertainty;
  return (
    <section className="panel answer-panel" aria-labelledby="answer-heading">
      <h2 id="answer-heading">Recommendation at {formatSamples(advice.budget)} samples</h2>
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
      {advice.belowLawRange !== undefined && (
        <p className="warning" data-testid="below-law-range">
          This budget is below the law&apos;s range, which starts at {formatSamples(advice.belowLawRange)} samples seen (normalizer / a): there every
          pool is predicted above 1 + d and the ranking of pools is inverted, so this is not a recommendation.
        </p>
      )}
      <dl className="facts">
        <dt>Predicted error</dt>
        <dd data-testid="predicted-error">
          {formatError(advice.error)}
          {u && (
            <span className="muted" data-testid="error-interval">
              {" "}
              ({Math.round(u.confidence * 100)}% interval {formatError(u.errorInterval.low)} – {formatError(u.errorInterval.high)}, from {u.draws}{" "}
              bootstrap draws)
            </span>
          )}
        </dd>
        <dt>Runner-up</dt>
        <dd data-testid="runner-up">
          {advice.runnerUpPool && advice.margin !== undefined
            ? `${advice.runnerUpPool.name}: ${formatError(advice.errors[advice.runnerUp! - 1]!)} (worse by ${formatMargin(advice.margin)})`
            : "none: the model has a single bucket"}
        </dd>
        <dt>Probability of being best</dt>
        <dd data-testid="probability-best">
          {u
            ? `${formatProbability(u.probabilityBest[advice.best - 1]!)} of bootstrap draws pick ${advice.pool.name}`
            : "not available: this model has no bootstrap draws"}
        </dd>
        <dt>Repetition</dt>
        <dd>{formatPasses(advice.passes)} over {formatSamples(advice.pool.uniqueSamples)} unique samples</dd>
      </dl>
    </section>
  );
}

/** The recommendation at a set of standard budgets; each budget can be chosen. */
export function BudgetTable(props: { rows: readonly Advice[]; current: number; onChoose: (budget: number) => void }) {
  const hasDraws = props.rows.some((r) => r.uncertainty !== undefined);
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
              <th scope="col">predicted error</th>
              <th scope="col">runner-up (margin)</th>
              {hasDraws && <th scope="col">P(best)</th>}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.budget} aria-current={r.budget === props.current ? "true" : undefined}>
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
                  {r.uncertainty && (
                    <span className="muted">
                      {" "}
                      [{formatError(r.uncertainty.errorInterval.low, 3)}, {formatError(r.uncertainty.errorInterval.high, 3)}]
                    </span>
                  )}
                </td>
                <td>{r.runnerUpPool ? `${r.runnerUpPool.name} (+${formatMargin(r.margin!)})` : "—"}</td>
                {hasDraws && <td className="num">{r.uncertainty ? formatProbability(r.uncertainty.probabilityBest[r.best - 1]!) : "—"}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.rows.some((r) => r.belowLawRange !== undefined) && (
        <p className="muted" data-testid="below-law-range-note">
          * below the law&apos;s range ({formatSamples(props.rows.find((r) => r.belowLawRange !== undefined)!.belowLawRange!)} samples seen = normalizer / a):
          every pool is predicted above 1 + d there and the ranking is inverted.
        </p>
      )}
    </section>
  );
}
