"use client";
import { useCallback, useEffect, useId, useState } from "react";
import { useClient, workspaceHref, type ApiFailure, type StudySummary } from "./client";
import { formatTime, plural } from "./format";
import { ApiProblem } from "./Problem";

/** Studies fetched per page. */
const PAGE_SIZE = 50;
/** Delay between the last keystroke in the search box and the search. */
const SEARCH_DELAY_MS = 250;

/**
 * The studies of the workspace (most recently updated first) with a name search, or the trash with restore.
 */
export function StudyList(props: { trash: boolean; refreshKey?: number }) {
  const { trash } = props;
  const client = useClient();
  const id = useId();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [studies, setStudies] = useState<StudySummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [status, setStatus] = useState<{ text: string; restored?: StudySummary } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    let cancelled = false;
    void client.listStudies({ q: query, deleted: trash ? "only" : "exclude", limit: PAGE_SIZE }).then((r) => {
      if (cancelled) return;
      if (r.ok) {
        setStudies(r.value.studies);
        setTotal(r.value.total);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      cancelled = true;
    };
  }, [client, query, trash, reload, props.refreshKey]);

  const more = useCallback(async () => {
    const r = await client.listStudies({ q: query, deleted: trash ? "only" : "exclude", limit: PAGE_SIZE, offset: studies?.length ?? 0 });
    if (r.ok) {
      setStudies((s) => [...(s ?? []), ...r.value.studies]);
      setTotal(r.value.total);
    } else setError(r.error);
  }, [client, query, trash, studies]);

  const restore = async (study: StudySummary) => {
    const r = await client.update(study.id, { deleted: false });
    if (r.ok) {
      setStatus({ text: `Restored “${r.value.study.name}”.`, restored: r.value.study });
      setReload((n) => n + 1);
    } else setError(r.error);
  };

  const title = trash ? "Trash" : "Studies";
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="ws-list">
      <div className="ws-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <nav aria-label="Workspace views" className="ws-tabs">
          <a href={workspaceHref()} aria-current={trash ? undefined : "page"}>
            Studies
          </a>
          <a href={workspaceHref({ trash: true })} aria-current={trash ? "page" : undefined} data-testid="ws-trash-link">
            Trash
          </a>
        </nav>
      </div>
      <label htmlFor={`${id}-search`}>Search by name</label>
      <input id={`${id}-search`} type="search" className="ws-input" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="ws-search" />
      <div aria-live="polite">
        {status !== null && (
          <p className="notice ws-gap" data-testid="ws-list-status">
            {status.text}{" "}
            {status.restored !== undefined && <a href={workspaceHref({ study: status.restored.id })}>Open it</a>}
          </p>
        )}
      </div>
      {error !== null && (
        <div className="ws-gap">
          <ApiProblem title={trash ? "Could not list the trash." : "Could not list the studies."} error={error} />
        </div>
      )}
      {studies === null && error === null && <p className="muted">Loading…</p>}
      {studies !== null && studies.length === 0 && (
        <p className="muted" data-testid="ws-list-empty">
          {query.trim() !== ""
            ? `No ${trash ? "study in the trash" : "study"} has “${query.trim()}” in its name.`
            : trash
              ? "The trash is empty."
              : "No study saved yet. Save one from a file below, or from the advisor."}
        </p>
      )}
      {studies !== null && studies.length > 0 && (
        <div className="table-scroll ws-gap">
          <table data-testid="ws-study-table">
            <caption>
              {plural(total, trash ? "study in the trash" : "study", trash ? "studies in the trash" : "studies")}
              {query.trim() !== "" ? ` matching “${query.trim()}”` : ""}, most recently updated first
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Buckets
                </th>
                <th scope="col" className="num">
                  Runs
                </th>
                <th scope="col">Last fit</th>
                <th scope="col">{trash ? "Deleted" : "Updated"}</th>
                {trash && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => (
                <tr key={s.id} data-testid="ws-study-row" data-study={s.id}>
                  <th scope="row">{trash ? s.name : <a href={workspaceHref({ study: s.id })}>{s.name}</a>}</th>
                  <td className="num">{s.buckets}</td>
                  <td className="num">{s.observations}</td>
                  <td>{s.lastFit === null ? <span className="muted">none</span> : `version ${s.lastFit.version}, ${formatTime(s.lastFit.at)}`}</td>
                  <td>
                    <time dateTime={trash ? (s.deletedAt ?? s.updatedAt) : s.updatedAt}>{formatTime(trash ? s.deletedAt : s.updatedAt)}</time>
                  </td>
                  {trash && (
                    <td>
                      <button type="button" onClick={() => void restore(s)} aria-label={`Restore ${s.name}`} data-testid="ws-restore">
                        Restore
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {studies.length < total && (
            <div className="button-row ws-gap">
              <button type="button" onClick={() => void more()}>
                Show {Math.min(PAGE_SIZE, total - studies.length)} more of {total - studies.length}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
