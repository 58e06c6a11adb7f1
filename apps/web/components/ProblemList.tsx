import { formatProblem, type AdvisorError } from "../lib/AdvisorError";

/** Most problems listed at once; the rest are counted. */
const MAX_LISTED = 50;

/** An error with its field-level problems, rendered as text (never as HTML). */
export function ProblemList(props: { title: string; error: AdvisorError; onDismiss?: () => void }) {
  const { title, error } = props;
  const listed = error.problems.slice(0, MAX_LISTED);
  const rest = error.problems.length - listed.length;
  return (
    <div className="problem" role="alert" data-testid="problem" data-code={error.code}>
      <p className="problem-title">
        <strong>{title}.</strong> {error.message}
      </p>
      {listed.length > 0 && (
        <ul>
          {listed.map((p, i) => (
            <li key={i}>
              <code>{formatProblem(p)}</code>
            </li>
          ))}
        </ul>
      )}
      {rest > 0 && <p>…and {rest} more.</p>}
      <p className="problem-footer">Everything already loaded is still available.</p>
      {props.onDismiss && (
        <button type="button" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
