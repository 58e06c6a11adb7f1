"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent } from "react";
import { advisorHref } from "./advisorLink";
import { exportUrl, useClient, workspaceHref, type ApiFailure, type StudySummary, type VersionComparison, type VersionDetail, type VersionInfo } from "./client";
import { Compare } from "./Compare";
import { formatTime } from "./format";
import { History } from "./History";
import { ImportPanel } from "./ImportPanel";
import { ApiProblem, Problem } from "./Problem";
import { VersionDetails } from "./VersionDetails";

type Loaded =
  | { kind: "loading" }
  | { kind: "ready"; study: StudySummary; detail: VersionDetail; versions: VersionInfo[] }
  | { kind: "missing-study"; error: ApiFailure }
  | { kind: "missing-version"; error: ApiFailure; study: StudySummary }
  | { kind: "trashed"; error: ApiFailure }
  | { kind: "failed"; error: ApiFailure };

/**
 * One study, at one version (the latest unless `version` is given): its content, history, comparison of two
 * versions, and the actions — rename, move to the trash, export, share link, open in the advisor, save a new version.
 */
export function StudyView(props: { studyId: string; version: number | null; compare: [number, number] | null }) {
  const { studyId, version, compare } = props;
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [reload, setReload] = useState(0);
  const [trashedNow, setTrashedNow] = useState<StudySummary | null>(null);

  useEffect(() => {
    let cancelled = false;
    setTrashedNow(null);
    const load = async () => {
      const [read, history] = await Promise.all([client.getVersion(studyId, version ?? "latest"), client.listVersions(studyId)]);
      if (cancelled) return;
      if (read.ok && history.ok) {
        setLoaded({ kind: "ready", study: read.value.study, detail: read.value.version, versions: history.value.versions });
        return;
      }
      const error = read.ok ? (history as { ok: false; error: ApiFailure }).error : read.error;
      if (error.status === 410) return setLoaded({ kind: "trashed", error });
      if (error.status === 404) {
        // Is it the study that is missing, or only that version?
        const study = await client.getStudy(studyId);
        if (cancelled) return;
        return setLoaded(study.ok ? { kind: "missing-version", error, study: study.value.study } : { kind: "missing-study", error });
      }
      setLoaded({ kind: "failed", error });
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [client, studyId, version, reload]);

  const back = (
    <p className="ws-back">
      <Link href={workspaceHref()}>← All studies</Link>
    </p>
  );

  if (trashedNow !== null) {
    return (
      <>
        {back}
        <Trashed name={trashedNow.name} studyId={studyId} onRestored={() => setReload((n) => n + 1)} />
      </>
    );
  }
  switch (loaded.kind) {
    case "loading":
      return (
        <>
          {back}
          <p className="muted" role="status">
            Loading the study…
          </p>
        </>
      );
    case "missing-study":
      return (
        <>
          {back}
          <Problem title="No such study." message="This link points to a study that this server does not have: the link may be incomplete, or come from another server." testId="ws-not-found">
            <p className="problem-footer muted">{loaded.error.message}</p>
          </Problem>
        </>
      );
    case "missing-version":
      return (
        <>
          {back}
          <Problem title={`“${loaded.study.name}” has no version ${version ?? ""}.`} message={loaded.error.message} testId="ws-not-found">
            <p className="problem-footer">
              <Link href={workspaceHref({ study: studyId })}>Open its latest version ({loaded.study.latestVersion})</Link>
            </p>
          </Problem>
        </>
      );
    case "trashed":
      return (
        <>
          {back}
          <Trashed message={loaded.error.message} studyId={studyId} onRestored={() => setReload((n) => n + 1)} />
        </>
      );
    case "failed":
      return (
        <>
          {back}
          <ApiProblem title="Could not open the study." error={loaded.error}>
            <button type="button" onClick={() => setReload((n) => n + 1)}>
              Try again
            </button>
          </ApiProblem>
        </>
      );
    case "ready":
      return (
        <>
          {back}
          <Ready
            study={loaded.study}
            detail={loaded.detail}
            versions={loaded.versions}
            compare={compare}
            onChanged={() => setReload((n) => n + 1)}
            onTrashed={(s) => setTrashedNow(s)}
          />
        </>
      );
  }
}

/** A study in the trash: a message and a restore button. */
function Trashed(props: { studyId: string; name?: string; message?: string; onRestored: () => void }) {
  const client = useClient();
  const [error, setError] = useState<ApiFailure | null>(null);
  const restore = async () => {
    const r = await client.update(props.studyId, { deleted: false });
    if (r.ok) props.onRestored();
    else setError(r.error);
  };
  return (
    <div className="ws-warning" role="alert" data-testid="ws-trashed">
      <p>
        <strong>{props.name !== undefined ? `“${props.name}” is in the trash.` : "This study is in the trash."}</strong> Nothing was erased: restore it to
        open it again. {props.message !== undefined ? <span className="muted">{props.message}</span> : null}
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void restore()} data-testid="ws-restore-here">
          Restore it
        </button>
        <Link href={workspaceHref({ trash: true })}>Open the trash</Link>
      </div>
      {error !== null && <ApiProblem title="Not restored." error={error} />}
    </div>
  );
}

function Ready(props: {
  study: StudySummary;
  detail: VersionDetail;
  versions: VersionInfo[];
  compare: [number, number] | null;
  onChanged: () => void;
  onTrashed: (study: StudySummary) => void;
}) {
  const { study, detail, versions, compare, onChanged } = props;
  const client = useClient();
  const router = useRouter();
  const id = useId();
  const isLatest = detail.version === study.latestVersion;
  const [comparison, setComparison] = useState<{ key: string; value: VersionComparison } | { key: string; error: ApiFailure } | null>(null);
  const compareKey = compare === null ? null : `${compare[0]}-${compare[1]}`;

  useEffect(() => {
    // The key (not the pair, re-created from the URL on each render) says when the comparison really changed.
    if (compareKey === null) return;
    const [a, b] = compareKey.split("-").map(Number) as [number, number];
    let cancelled = false;
    void client.compare(study.id, a, b).then((r) => {
      if (cancelled) return;
      setComparison(r.ok ? { key: compareKey, value: r.value.comparison } : { key: compareKey, error: r.error });
    });
    return () => {
      cancelled = true;
    };
  }, [client, study.id, compareKey]);

  return (
    <div className="ws-stack" data-testid="ws-study" data-study={study.id} data-version={detail.version}>
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} data-testid="ws-study-name">
          {study.name}
        </h2>
        <p className="muted ws-small">
          Version {detail.version} of {study.latestVersion} · created {formatTime(study.createdAt)} · updated {formatTime(study.updatedAt)}
        </p>
        {!isLatest && (
          <p className="ws-warning" data-testid="ws-not-latest">
            You are looking at version {detail.version}; the latest is version {study.latestVersion}.{" "}
            <Link href={workspaceHref({ study: study.id })}>Open the latest</Link>
          </p>
        )}
        <Actions study={study} detail={detail} onChanged={onChanged} onTrashed={props.onTrashed} />
      </section>

      {compare !== null && (
        <div aria-live="polite">
          {comparison === null || comparison.key !== compareKey ? (
            <p className="muted">Comparing…</p>
          ) : "error" in comparison ? (
            <ApiProblem title="Could not compare the versions." error={comparison.error} />
          ) : (
            <Compare studyId={study.id} current={detail.version} comparison={comparison.value} />
          )}
        </div>
      )}

      <History key={`${study.id}:${detail.version}:${compareKey ?? ""}`} studyId={study.id} versions={versions} current={detail.version} compare={compare} />
      <VersionDetails detail={detail} />
      <ImportPanel
        title="Save a new version from a file"
        target={{ studyId: study.id, version: detail.version, name: study.name }}
        onSaved={(saved) => router.push(workspaceHref({ study: saved.study.id, version: saved.version.version }))}
      />
    </div>
  );
}

/** Rename, move to the trash, export, share link and "open in advisor". */
function Actions(props: { study: StudySummary; detail: VersionDetail; onChanged: () => void; onTrashed: (study: StudySummary) => void }) {
  const { study, detail } = props;
  const client = useClient();
  const id = useId();
  const [name, setName] = useState(study.name);
  const [error, setError] = useState<{ title: string; error: ApiFailure } | null>(null);
  const [status, setStatus] = useState("");
  const [origin, setOrigin] = useState("");
  const [advisor, setAdvisor] = useState<{ href: string | null; reason?: string } | null>(null);

  useEffect(() => setOrigin(window.location.origin), []);
  useEffect(() => setName(study.name), [study.name]);
  useEffect(() => {
    let cancelled = false;
    setAdvisor(null);
    if (detail.model === null) return;
    void advisorHref(detail.model, detail.study, study.name).then((r) => {
      if (!cancelled) setAdvisor(r);
    });
    return () => {
      cancelled = true;
    };
  }, [detail, study.name]);

  const shareLink = `${origin}${workspaceHref({ study: study.id, version: detail.version })}`;

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    const r = await client.update(study.id, { name });
    if (r.ok) {
      setError(null);
      setStatus(`Renamed to “${r.value.study.name}”.`);
      props.onChanged();
    } else setError({ title: "Not renamed.", error: r.error });
  };

  const trash = async () => {
    const r = await client.update(study.id, { deleted: true });
    if (r.ok) props.onTrashed(r.value.study);
    else setError({ title: "Not moved to the trash.", error: r.error });
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shareLink);
      setStatus("Share link copied.");
    } catch {
      (document.getElementById(`${id}-share`) as HTMLInputElement | null)?.select();
      setStatus("Select the link and copy it (the browser did not allow copying).");
    }
  };

  return (
    <div className="ws-actions ws-gap">
      <form className="ws-inline-form" onSubmit={(e) => void rename(e)} aria-label="Rename the study">
        <div>
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} data-testid="ws-rename-input" />
        </div>
        <button type="submit" disabled={name.trim() === "" || name.trim() === study.name} data-testid="ws-rename">
          Rename
        </button>
      </form>

      <div>
        <label htmlFor={`${id}-share`}>Share link to version {detail.version}</label>
        <div className="ws-inline-form">
          <input id={`${id}-share`} type="text" readOnly value={shareLink} onFocus={(e) => e.target.select()} data-testid="ws-share-link" />
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
        <p className="muted ws-small">Anyone on the team who can sign in to this server opens exactly this version with it.</p>
      </div>

      <div className="button-row" role="group" aria-label="Export and open">
        <a href={exportUrl(study.id, detail.version, "study")} download data-testid="ws-export-study">
          Download the study (JSON)
        </a>
        {detail.model !== null && (
          <a href={exportUrl(study.id, detail.version, "model")} download data-testid="ws-export-model">
            Download the model (JSON)
          </a>
        )}
        {detail.model !== null && advisor !== null && advisor.href !== null && (
          <a href={advisor.href} data-testid="ws-open-advisor">
            Open in the advisor
          </a>
        )}
        <button type="button" className="ws-danger" onClick={() => void trash()} data-testid="ws-trash">
          Move to the trash
        </button>
      </div>
      {detail.model === null && <p className="muted ws-small">The advisor needs a model: this version has none.</p>}
      {advisor !== null && advisor.href === null && <p className="muted ws-small">{advisor.reason}</p>}

      <p className="sr-status" role="status" data-testid="ws-action-status">
        {status}
      </p>
      {error !== null && <ApiProblem title={error.title} error={error.error} />}
    </div>
  );
}
