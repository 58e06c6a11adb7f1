"use client";
import { useId, useState, type ReactNode } from "react";
import { problemLocation, type AdvisorError, type Problem } from "../lib/AdvisorError";
import type { ImportChoice } from "../lib/readInput";
import { byLine, webFix } from "../lib/webFix";

/** Most problems listed at once; the rest are counted. */
const MAX_LISTED = 50;

/** One problem: where (file, line, column), which field, what was found, what was expected and how to fix it. */
function ProblemItem(props: { problem: Problem }) {
  const p = props.problem;
  const where = problemLocation(p);
  const fix = webFix(p);
  return (
    <li data-testid="problem-item">
      {where !== "" && <code className="problem-where">{where}</code>}
      {p.path !== "" && (
        <>
          {where !== "" ? " " : ""}
          <span className="problem-field">
            field <code>{p.path}</code>
          </span>
        </>
      )}
      {(where !== "" || p.path !== "") && ": "}
      <span className="problem-message">{p.message}</span>
      {p.expected !== undefined && <span className="problem-expected"> Expected: {p.expected}.</span>}
      {fix !== undefined && <span className="problem-suggestion"> Fix: {fix}.</span>}
    </li>
  );
}

/** A list of located problems (also used for non-fatal read warnings). */
export function Problems(props: { problems: readonly Problem[] }) {
  const listed = byLine(props.problems).slice(0, MAX_LISTED);
  const rest = props.problems.length - listed.length;
  return (
    <>
      {listed.length > 0 && (
        <ul className="problem-list">
          {listed.map((p, i) => (
            <ProblemItem key={i} problem={p} />
          ))}
        </ul>
      )}
      {rest > 0 && <p>…and {rest} more.</p>}
    </>
  );
}

/** An error with its field-level problems, rendered as text (never as HTML); `children` may offer a fix. */
export function ProblemList(props: { title: string; error: AdvisorError; onDismiss?: () => void; children?: ReactNode }) {
  const { title, error } = props;
  return (
    <div className="problem" role="alert" data-testid="problem" data-code={error.code}>
      <p className="problem-title">
        <strong>{title}.</strong> {error.message}
      </p>
      <Problems problems={error.problems} />
      {props.children}
      <p className="problem-footer">Everything already loaded is still available.</p>
      {props.onDismiss && (
        <button type="button" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/** Labels of choice options for people. */
const OPTION_LABELS: Readonly<Record<string, string>> = {
  fraction: "fraction (0.31 means 31%)",
  percent: "percent (0.31 means 0.31%)",
  imagenet1k: "imagenet1k (ImageNet zero-shot, the paper's metric)",
  avg18: "avg18 (mean of the official QQT code's 18 tasks)",
  avg38: "avg38 (mean of DataComp's 38 tasks)",
  all: "all (mean of every task in the files)",
};

const CHOICE_TITLES: Readonly<Record<ImportChoice["kind"], string>> = {
  accuracyScale: "How are the accuracies written?",
  tidyMetric: "Which metric should be read?",
  datacompMetric: "Which DataComp score becomes the error?",
};

/** A choice that reads an import (again): a labelled select and a button. */
export function ChoiceForm(props: { name: string; choice: ImportChoice; busy: boolean; onChoose: (value: string) => void; testId: string }) {
  const { choice } = props;
  const id = useId();
  const [value, setValue] = useState(choice.current ?? choice.options[0] ?? "");
  return (
    <form
      className="choice"
      data-testid={props.testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (value !== "") props.onChoose(value);
      }}
    >
      <p className="muted">{choice.reason}</p>
      <label htmlFor={id}>{CHOICE_TITLES[choice.kind]}</label>
      <select id={id} value={value} onChange={(e) => setValue(e.target.value)} data-testid={`${props.testId}-select`}>
        {choice.options.map((o) => (
          <option key={o} value={o}>
            {OPTION_LABELS[o] ?? o}
          </option>
        ))}
      </select>
      <button type="submit" disabled={props.busy || value === ""} data-testid={`${props.testId}-apply`}>
        Read {props.name} again
      </button>
    </form>
  );
}
