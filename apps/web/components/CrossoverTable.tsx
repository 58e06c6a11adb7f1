"use client";
import type { UncertaintyStatus } from "@qqt/core";
import type { CrossoverRow } from "../lib/crossoverTable";

/** Why the crossover table has no interval column values, or that they are coming. */
function intervalNote(uncertainty: UncertaintyStatus, pending: boolean): string | undefined {
  if (uncertainty.kind === "none") return "No intervals: this model has no bootstrap draws.";
  if (uncertainty.kind === "not-estimable") return "No intervals: the fit is not estimable (see the recommendation's warning).";
  if (pending) return "Computing the intervals from the bootstrap draws…";
  return undefined;
}

/**
 * The budgets where the best pool changes, from the advice engine, each with its spread over the bootstrap draws
 * (the interval of the crossover's budget and the share of draws that cross in the range shown).
 */
export function CrossoverTable(props: { rows: readonly CrossoverRow[]; pools: number; uncertainty: UncertaintyStatus; pending: boolean; onChoose: (budget: number) => void }) {
  const { rows, uncertainty } = props;
  const level = `${Math.round(uncertainty.confidence * 100)}%`;
  const note = intervalNote(uncertainty, props.pending);
  const hasIntervals = rows.some((r) => r.interval !== undefined);
  return (
    <section className="panel" aria-labelledby="crossover-heading" data-testid="crossover-table">
      <h2 id="crossover-heading">Where the best pool changes</h2>
      {props.pools < 2 ? (
        <p className="muted">With a single pool there is nothing to choose between.</p>
      ) : rows.length === 0 ? (
        <p className="muted">The same pool is best over the whole range shown.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>
              Each budget where one pool overtakes another (the point estimate), the {level} interval of that budget over the bootstrap draws, and the share of draws
              in which the same two pools cross in the range shown. Choose a budget to see the answer there.
            </caption>
            <thead>
              <tr>
                <th scope="col">budget</th>
                <th scope="col">best below → above</th>
                <th scope="col" className="num">
                  error there
                </th>
                <th scope="col">{level} interval</th>
                <th scope="col" className="num">
                  draws
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.budget} data-budget={r.budget} data-interval-low={r.interval?.low} data-interval-high={r.interval?.high}>
                  <td>
                    <button type="button" className="link" onClick={() => props.onChoose(r.budget)}>
                      {r.budgetText}
                    </button>
                  </td>
                  <td>
                    {r.from} → {r.to}
                  </td>
                  <td className="num">{r.errorText}</td>
                  <td className="nowrap">{r.intervalText || "—"}</td>
                  <td className="num">{r.probabilityText || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {note !== undefined && rows.length > 0 && !hasIntervals && (
        <p className="muted small" data-testid="crossover-note">
          {note}
        </p>
      )}
    </section>
  );
}
