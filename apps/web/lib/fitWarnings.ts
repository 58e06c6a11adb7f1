// A fit's warnings and errors in plain words for a data engineer: what happened, what it means for the numbers on
// the screen, and what to do. @qqt/fit's own message (technical, with values) stays available as the detail.

/**
 * A fit warning explained.
 *
 * @example
 * ```ts
 * // { code: "WEAK_ESTIMATE", headline: "Some parameters are only loosely pinned down", text: "…", detail: "the data barely pin down …" }
 * ```
 */
export interface WarningExplanation {
  /** The fitter's code, e.g. `AT_BOUND`. */
  code: string;
  /** A few words saying what happened. */
  headline: string;
  /** What it means for the predictions and what to do, in sentences. */
  text: string;
  /** The fitter's own message, with the values involved. */
  detail: string;
}

/**
 * A parameter name of @qqt/fit's messages (`a`, `d`, `b`, `tau[top0-10]`, …) in words.
 *
 * @example
 * ```ts
 * parameterInWords("tau[top0-10]"); // "the half-life tau of bucket top0-10"
 * parameterInWords("b");            // "the shared utility exponent b"
 * ```
 */
export function parameterInWords(name: string): string {
  const m = /^(a|d|b|tau)(?:\[(.+)\])?$/.exec(name.trim());
  if (!m) return name.trim();
  const [, parameter, bucket] = m;
  const words: Record<string, string> = {
    a: "the sample-count scale a",
    d: "the irreducible error d",
    b: "utility exponent b",
    tau: "half-life tau",
  };
  if (parameter === "a" || parameter === "d") return words[parameter]!;
  return bucket === undefined ? `the shared ${words[parameter!]}` : `the ${words[parameter!]} of bucket ${bucket}`;
}

/** Parameter names listed in a message: `b[top0-10]`, `tau[x]`, `a`, `d`, or shared `b`, `tau` before " = " or ",". */
function namesIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s(:,])((?:b|tau)\[[^\]]+\]|a|d|b|tau)(?=\s*(?:=|,|;|$|\s+can\b))/g)) names.add(m[1]!);
  return [...names];
}

function list(names: readonly string[]): string {
  const words = names.map(parameterInWords);
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/**
 * Explains one of @qqt/fit's warnings (`AT_BOUND`, `NOT_IDENTIFIABLE`, `WEAK_ESTIMATE`, `NO_STANDARD_ERRORS`,
 * `NOT_CONVERGED`, `BOOTSTRAP_FAILURES`) in plain words; other codes keep their message.
 *
 * @example
 * ```ts
 * explainWarning({ code: "AT_BOUND", message: "d = 0 is on or near its lower bound 0; widen options.bounds.d or fix the parameter if this is not intended." }).text;
 * // "The fit pushed the irreducible error d to the edge of its allowed range (0, its lower limit 0). The best fit may lie
 * //  beyond it, so this value is a limit rather than an estimate. If that is unexpected, fix the parameter to a value you trust."
 * ```
 */
export function explainWarning(warning: { code: string; message: string }): WarningExplanation {
  const { code, message } = warning;
  const base = { code, detail: message };
  switch (code) {
    case "AT_BOUND": {
      const m = /^(\S+) = (\S+) is on or near its (lower|upper) bound (\S+?);/.exec(message);
      const what = m ? `${parameterInWords(m[1]!)} to the edge of its allowed range (${m[2]}, its ${m[3]} limit ${m[4]})` : "a parameter to the edge of its allowed range";
      return {
        ...base,
        headline: "A parameter hit the edge of its range",
        text: `The fit pushed ${what}. The best fit may lie beyond it, so this value is a limit rather than an estimate. If that is unexpected, fix the parameter to a value you trust.`,
      };
    }
    case "NOT_IDENTIFIABLE": {
      const count = /^(\d+) observations for (\d+) free parameters/.exec(message);
      const flat = /the loss does not depend on (\S+) at the optimum/.exec(message);
      const trade = /\):\s*(.+?) can trade off/.exec(message);
      let cause: string;
      if (count) cause = `There are ${count[1]} runs for ${count[2]} unknown parameters, so the runs cannot determine them all.`;
      else if (flat) cause = `No run tells anything about ${parameterInWords(flat[1]!)}.`;
      else if (trade) cause = `Changing ${list(trade[1]!.split(/,\s*/))} together fits the runs equally well, so the runs cannot tell them apart.`;
      else cause = "Several parameter values fit the runs equally well.";
      return {
        ...base,
        headline: "The runs cannot pin down every parameter",
        text: `${cause} Individual parameter values are not meaningful; predictions close to the measured budgets can still be fine, but extrapolations are guesses. Add runs at other budgets or pools, share b or tau across buckets, or fix a parameter.`,
      };
    }
    case "WEAK_ESTIMATE": {
      const names = namesIn(message.replace(/^the data barely pin down /, "").replace(/;.*$/, ""));
      const which = names.length > 0 ? list(names) : "some parameters";
      return {
        ...base,
        headline: "Some parameters are only loosely pinned down",
        text: `The runs determine ${which} only roughly: the standard error is more than half the value. This is typical of a few budgets close together, where a, d and b can compensate for each other. Predictions may still be good; read them with the bootstrap intervals and bands rather than as single numbers, or add runs at more distant budgets.`,
      };
    }
    case "NO_STANDARD_ERRORS":
      return {
        ...base,
        headline: "No standard errors",
        text: /no residual degrees of freedom/.test(message)
          ? "There are no more runs than unknown parameters, so the fit passes through the runs exactly and nothing measures its error. Standard errors are not available; add runs or share or fix parameters."
          : "Some parameters trade off against each other, so standard errors cannot be computed. Use the bootstrap intervals instead, or share or fix parameters.",
      };
    case "NOT_CONVERGED": {
      const iterations = /after (\d+) iterations/.exec(message)?.[1];
      return {
        ...base,
        headline: "The optimizer did not finish",
        text: `The optimizer stopped${iterations ? ` after ${iterations} iterations` : ""} before it was sure it had found the best fit, so the parameters may not be the best possible. Try another seed, fewer free parameters (share or fix some), or check the runs for mistakes.`,
      };
    }
    case "BOOTSTRAP_FAILURES": {
      const m = /^(\d+) of (\d+) refits failed/.exec(message);
      const used = /use the (\d+) others/.exec(message)?.[1];
      return {
        ...base,
        headline: "Some bootstrap refits failed",
        text: `${m ? `${m[1]} of ${m[2]} bootstrap refits` : "Some bootstrap refits"} could not be fitted and were left out; the intervals, bands and probabilities use ${used ? `the ${used} others` : "the others"}. Many failures mean the data are fragile: with few runs per pool, prefer the residual bootstrap.`,
      };
    }
    default:
      return { ...base, headline: code.toLowerCase().replaceAll("_", " "), text: message };
  }
}

/**
 * A @qqt/fit error code in plain words, leading a failed fit's message.
 *
 * @example
 * ```ts
 * fitErrorHeadline("INSUFFICIENT_DATA"); // "Not enough runs for this fit"
 * fitErrorHeadline("ABORTED");           // "Fit cancelled"
 * ```
 */
export function fitErrorHeadline(code: string): string {
  switch (code) {
    case "INSUFFICIENT_DATA":
      return "Not enough runs for this fit";
    case "UNKNOWN_BUCKET":
      return "A run names a bucket the data does not define";
    case "INVALID_BUCKET":
      return "A bucket is invalid";
    case "INVALID_OBSERVATION":
      return "A run is invalid";
    case "INVALID_BOUNDS":
      return "A fixed value or bound is outside what the law allows";
    case "INVALID_OPTION":
      return "A fit setting is invalid";
    case "UNSUPPORTED":
      return "This combination of settings is not supported";
    case "NOT_CONVERGED":
      return "The fit did not converge";
    case "ABORTED":
      return "Fit cancelled";
    default:
      return "The fit failed";
  }
}
