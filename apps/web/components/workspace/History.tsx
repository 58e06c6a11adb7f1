"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { workspaceHref, type VersionInfo } from "./client";
import { formatNumber, formatTime, NONE } from "./format";

/**
 * A study's history, newest first: when, who, what changed, what it was derived from, the law and the fit quality;
 * and the form to compare two versions side by side.
 */
export function History(props: { studyId: string; versions: VersionInfo[]; current: number; compare: [number, number] | null }) {
  const { studyId, versions, current } = props;
  const id = useId();
  const router = useRouter();
  const numbers = versions.map((v) => v.version);
  const previous = numbers.find((n) => n < current) ?? numbers.find((n) => n !== current) ?? current;
  const [a, setA] = useState<number>(props.compare?.[0] ?? previous);
  const [b, setB] = useState<number>(props.compare?.[1] ?? current);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    router.push(workspaceHref({ study: studyId, version: current, compare: [a, b] }));
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="ws-history">
      <h3 id={`${id}-title`}>History</h3>
      <div className="table-scroll ws-gap">
        <table>
          <caption>{versions.length === 1 ? "One version" : `${versions.length} versions, newest first`}; no version is ever overwritten</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">What changed</th>
              <th scope="col" className="num">
                From
              </th>
              <th scope="col" className="num">
                Runs
              </th>
              <th scope="col">Law</th>
              <th scope="col" className="num">
                SSE
              </th>
              <th scope="col" className="num">
                RMSE
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} aria-current={v.version === current ? "true" : undefined} data-testid="ws-history-row" data-version={v.version}>
                <th scope="row">
                  {v.version === current ? (
                    <span>{v.version} (shown)</span>
                  ) : (
                    <Link href={workspaceHref({ study: studyId, version: v.version })} aria-label={`Open version ${v.version}`}>
                      {v.version}
                    </Link>
                  )}
                </th>
                <td>
                  <time dateTime={v.createdAt}>{formatTime(v.createdAt)}</time>
                </td>
                <td>{v.author ?? NONE}</td>
                <td>{v.label ?? NONE}</td>
                <td className="num">{v.parentVersion ?? NONE}</td>
                <td className="num">{v.observations}</td>
                <td>{v.law === null ? <span className="muted">no model</span> : `${v.law.formulation}, ${v.law.variant}`}</td>
                <td className="num">{v.fit === null ? NONE : formatNumber(v.fit.sse, 4)}</td>
                <td className="num">{v.fit === null ? NONE : formatNumber(v.fit.rmse, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length > 1 && (
        <form className="ws-compare-form ws-gap" onSubmit={submit} aria-label="Compare two versions">
          <div>
            <label htmlFor={`${id}-a`}>Compare version</label>
            <select id={`${id}-a`} value={a} onChange={(e) => setA(Number(e.target.value))} data-testid="ws-compare-a">
              {numbers.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-b`}>with version</label>
            <select id={`${id}-b`} value={b} onChange={(e) => setB(Number(e.target.value))} data-testid="ws-compare-b">
              {numbers.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" data-testid="ws-compare-submit">
            Compare side by side
          </button>
        </form>
      )}
    </section>
  );
}
