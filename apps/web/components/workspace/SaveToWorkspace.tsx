"use client";
import type { ModelFileV1, Study } from "@qqt/data";
import { useEffect, useId, useMemo, useState } from "react";
import { useClient, workspaceHref, type ApiFailure, type Saved, type SaveBody, type StudySummary, type VersionInfo } from "./client";
import { formatTime, plural } from "./format";
import { saveDocuments } from "./documents";
import { ApiProblem } from "./Problem";
import "./workspace.css";

/** Where the author name typed in the save form is remembered (this browser only). */
const AUTHOR_KEY = "qqt.workspace.author";
/** Studies offered in the "new version of" picker (most recently updated first). */
const PICKER_LIMIT = 500;

/** The version a save starts from: a study of the workspace and the version that was opened. */
export interface SaveTarget {
  studyId: string;
  version: number;
  name?: string;
}

/** Props of {@link SaveToWorkspace}. */
export interface SaveToWorkspaceProps {
  /** The study to save (with its observations; an embedded model is saved as the version's model). */
  study?: Study;
  /** The model to save with it (takes precedence over `study.model`); alone, it is saved with a study of its buckets. */
  model?: ModelFileV1;
  /** Name of a new study (default: the study's or model's name). */
  defaultName?: string;
  /** Save as a new version of this study, derived from this version (the user can still choose a new study). */
  target?: SaveTarget;
  /** Called after a successful save. */
  onSaved?: (saved: Saved) => void;
}

type Phase =
  | { kind: "idle" }
  | { kind: "busy"; what: string }
  | { kind: "confirm"; latest: number; newer: VersionInfo[] }
  | { kind: "saved"; saved: Saved; skipped: number }
  | { kind: "failed"; error: ApiFailure };

/**
 * Saves a study and/or model to the team workspace: as a new study, or as a new version of an existing one.
 *
 * @remarks A new version records the version it was derived from (`parentVersion`). When someone saved the study
 * in between, the form says who and what before saving, and saving then keeps both versions (nothing is
 * overwritten). Errors are shown with every issue the server found.
 * @example
 * ```tsx
 * <SaveToWorkspace study={study} model={fittedModel} defaultName="ImageNet, T-MARS buckets" />
 * ```
 */
export function SaveToWorkspace(props: SaveToWorkspaceProps) {
  const { study, model, target, onSaved } = props;
  const client = useClient();
  const id = useId();
  const documents = useMemo(() => saveDocuments(study, model), [study, model]);
  const initialName = props.defaultName ?? study?.name ?? model?.name ?? "";
  const [mode, setMode] = useState<"new" | "version">(target !== undefined ? "version" : "new");
  const [name, setName] = useState(initialName);
  const [label, setLabel] = useState("");
  const [author, setAuthor] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [studies, setStudies] = useState<StudySummary[] | null>(null);
  const [picked, setPicked] = useState<string>("");
  const [listError, setListError] = useState<ApiFailure | null>(null);

  useEffect(() => {
    try {
      setAuthor(window.localStorage.getItem(AUTHOR_KEY) ?? "");
    } catch {
      // storage unavailable (private mode): nothing remembered
    }
  }, []);

  // The picker of studies, loaded when "new version of an existing study" is chosen without a target.
  const needPicker = mode === "version" && target === undefined;
  useEffect(() => {
    if (!needPicker || studies !== null) return;
    let cancelled = false;
    void client.listStudies({ limit: PICKER_LIMIT }).then((r) => {
      if (cancelled) return;
      if (r.ok) {
        setStudies(r.value.studies);
        setPicked((p) => (p === "" ? (r.value.studies[0]?.id ?? "") : p));
      } else setListError(r.error);
    });
    return () => {
      cancelled = true;
    };
  }, [needPicker, studies, client]);

  if (documents === null) {
    return (
      <p className="muted" data-testid="ws-save-nothing">
        Nothing to save yet: open or import a study or a model first.
      </p>
    );
  }

  const pickedStudy = studies?.find((s) => s.id === picked);
  const base: SaveTarget | undefined = target ?? (pickedStudy ? { studyId: pickedStudy.id, version: pickedStudy.latestVersion, name: pickedStudy.name } : undefined);

  const body = (): SaveBody => {
    const out: SaveBody = { ...documents };
    if (label.trim() !== "") out.label = label.trim();
    if (author.trim() !== "") out.author = author.trim();
    return out;
  };

  const finish = (result: Awaited<ReturnType<typeof client.createStudy>>, expected?: number) => {
    if (!result.ok) {
      setPhase({ kind: "failed", error: result.error });
      return;
    }
    try {
      if (author.trim() !== "") window.localStorage.setItem(AUTHOR_KEY, author.trim());
    } catch {
      // not remembered
    }
    const skipped = expected === undefined ? 0 : Math.max(0, result.value.version.version - expected);
    setPhase({ kind: "saved", saved: result.value, skipped });
    setLabel("");
    onSaved?.(result.value);
  };

  const saveNew = async () => {
    setPhase({ kind: "busy", what: "Saving…" });
    const payload = body();
    if (name.trim() !== "") payload.name = name.trim();
    finish(await client.createStudy(payload));
  };

  const saveVersion = async (confirmed: boolean) => {
    if (base === undefined) {
      setPhase({ kind: "failed", error: { status: 0, code: "NO_STUDY", message: "Choose the study to add a version to.", issues: [] } });
      return;
    }
    if (!confirmed) {
      // Did someone save this study since the version we start from was opened?
      setPhase({ kind: "busy", what: "Checking for newer versions…" });
      const current = await client.listVersions(base.studyId);
      if (!current.ok) {
        setPhase({ kind: "failed", error: current.error });
        return;
      }
      const newer = current.value.versions.filter((v) => v.version > base.version);
      if (newer.length > 0) {
        setPhase({ kind: "confirm", latest: newer[0]!.version, newer });
        return;
      }
    }
    setPhase({ kind: "busy", what: "Saving…" });
    const payload = body();
    payload.parentVersion = base.version;
    finish(await client.saveVersion(base.studyId, payload), base.version + 1);
  };

  const busy = phase.kind === "busy";
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    void (mode === "new" ? saveNew() : saveVersion(false));
  };

  return (
    <div className="ws-save" data-testid="ws-save">
      <form onSubmit={onSubmit} noValidate>
        <fieldset className="ws-fieldset">
          <legend>Save as</legend>
          <label className="inline">
            <input type="radio" name={`${id}-mode`} value="new" checked={mode === "new"} onChange={() => setMode("new")} data-testid="ws-save-mode-new" /> a
            new study
          </label>
          <label className="inline">
            <input
              type="radio"
              name={`${id}-mode`}
              value="version"
              checked={mode === "version"}
              onChange={() => setMode("version")}
              data-testid="ws-save-mode-version"
            />{" "}
            {target !== undefined ? `a new version of “${target.name ?? "this study"}” (from version ${target.version})` : "a new version of an existing study"}
          </label>
        </fieldset>

        {mode === "new" && (
          <>
            <label htmlFor={`${id}-name`}>Study name</label>
            <input id={`${id}-name`} type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder="Untitled study" data-testid="ws-save-name" />
          </>
        )}
        {needPicker && (
          <>
            <label htmlFor={`${id}-study`}>Study</label>
            {studies === null && listError === null && <p className="muted">Loading the studies…</p>}
            {listError !== null && <ApiProblem title="Could not list the studies." error={listError} />}
            {studies !== null && studies.length === 0 && <p className="muted">The workspace has no study yet: save this one as a new study.</p>}
            {studies !== null && studies.length > 0 && (
              <select id={`${id}-study`} value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="ws-save-study">
                {studies.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} (version {s.latestVersion})
                  </option>
                ))}
              </select>
            )}
          </>
        )}
        <label htmlFor={`${id}-label`}>
          What changed <span className="muted">(optional)</span>
        </label>
        <input
          id={`${id}-label`}
          type="text"
          value={label}
          maxLength={500}
          onChange={(e) => setLabel(e.target.value)}
          placeholder="e.g. added the 8× runs; refit with huber-log"
          data-testid="ws-save-label"
        />
        <label htmlFor={`${id}-author`}>
          Your name <span className="muted">(optional, remembered in this browser)</span>
        </label>
        <input id={`${id}-author`} type="text" value={author} maxLength={100} onChange={(e) => setAuthor(e.target.value)} autoComplete="name" data-testid="ws-save-author" />
        <p className="muted ws-small">
          {plural(documents.study.buckets.length, "bucket")}, {plural(documents.study.observations.length, "run")}
          {documents.model !== undefined ? (documents.model.fit !== undefined ? ", and a fitted model" : ", and a model") : ", no model"}.
          {study === undefined ? " The model is saved with a study of its buckets and no runs yet." : ""}
        </p>
        <div className="button-row">
          <button type="submit" disabled={busy || (mode === "version" && base === undefined)} data-testid="ws-save-submit">
            {mode === "new" ? "Save as a new study" : `Save as a new version${base !== undefined ? ` of “${base.name ?? "this study"}”` : ""}`}
          </button>
        </div>
      </form>

      <div aria-live="polite" className="ws-gap">
        {phase.kind === "busy" && <p className="sr-status">{phase.what}</p>}
        {phase.kind === "confirm" && base !== undefined && (
          <div className="ws-warning" role="alert" data-testid="ws-save-conflict">
            <p>
              <strong>
                {phase.newer.length === 1 ? `Version ${phase.latest} was` : `Versions ${base.version + 1}–${phase.latest} were`} saved since you opened version{" "}
                {base.version}.
              </strong>{" "}
              Saving keeps everyone’s work: yours becomes version {phase.latest + 1}, derived from version {base.version}, beside theirs.
            </p>
            <ul>
              {phase.newer.slice(0, 10).map((v) => (
                <li key={v.version}>
                  Version {v.version}, {formatTime(v.createdAt)}
                  {v.author !== null ? ` by ${v.author}` : ""}
                  {v.label !== null ? `: ${v.label}` : ""}
                </li>
              ))}
            </ul>
            <div className="button-row">
              <button type="button" onClick={() => void saveVersion(true)} data-testid="ws-save-anyway">
                Save anyway as version {phase.latest + 1}
              </button>
              <a href={workspaceHref({ study: base.studyId, version: phase.latest })}>Open version {phase.latest} first</a>
              <button type="button" onClick={() => setPhase({ kind: "idle" })}>
                Cancel
              </button>
            </div>
          </div>
        )}
        {phase.kind === "saved" && (
          <p className="notice" role="status" data-testid="ws-save-done">
            Saved “{phase.saved.study.name}” as version {phase.saved.version.version}.{" "}
            {phase.skipped > 0 ? `Meanwhile ${plural(phase.skipped, "other version")} had been saved; both are kept. ` : ""}
            <a href={workspaceHref({ study: phase.saved.study.id, version: phase.saved.version.version })} data-testid="ws-save-open">
              Open it in the workspace
            </a>
          </p>
        )}
        {phase.kind === "failed" && (
          <ApiProblem title="Not saved." error={phase.error}>
            {phase.error.status === 401 && (
              <p className="problem-footer">
                <a href={workspaceHref()}>Sign in on the workspace page</a>, then save again.
              </p>
            )}
          </ApiProblem>
        )}
      </div>
    </div>
  );
}
