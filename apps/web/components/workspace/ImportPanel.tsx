"use client";
import type { InputFile, ModelFileV1, ReadSummary, Study } from "@qqt/data";
import { useId, useState } from "react";
import type { Saved } from "./client";
import { formatCount, plural } from "./format";
import { Problem, shownDataIssue, type ShownIssue } from "./Problem";
import { SaveToWorkspace, type SaveTarget } from "./SaveToWorkspace";

/** Largest file read in the browser (the server's default body limit is 5 MiB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** What was read from the chosen files. */
export interface Imported {
  files: string;
  format: string;
  studies: Study[];
  model?: ModelFileV1;
  summary: ReadSummary;
}

/**
 * Reads files with @qqt/data (`parseAuto`): a `qqt.study/v1` or `qqt.model/v1` JSON file, and also a tidy CSV, an
 * OpenCLIP results CSV or a DataComp evaluation directory. Returns what was read, or every issue found.
 *
 * @example
 * ```ts
 * await readImport([new File(['{"format":"qqt.study/v1",…}'], "study.json")]); // { ok: true, value: { format: "qqt.study/v1", studies: [...] } }
 * ```
 */
export async function readImport(files: readonly File[]): Promise<{ ok: true; value: Imported } | { ok: false; message: string; issues: ShownIssue[] }> {
  if (files.length === 0) return { ok: false, message: "No file was chosen.", issues: [] };
  const tooBig = files.find((f) => f.size > MAX_IMPORT_BYTES);
  if (tooBig !== undefined) {
    return { ok: false, message: `${tooBig.name} is ${formatCount(tooBig.size)} bytes; the limit is ${formatCount(MAX_IMPORT_BYTES)} bytes.`, issues: [] };
  }
  const inputs: InputFile[] = await Promise.all(
    files.map(async (f) => ({ path: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, text: new Uint8Array(await f.arrayBuffer()) })),
  );
  // The readers load when a file is chosen, not with the page.
  const { DataError, safeParseAuto } = await import("@qqt/data");
  const result = safeParseAuto(inputs);
  const label = files.length === 1 ? files[0]!.name : `${files.length} files`;
  if (!result.success) {
    const error = result.error;
    if (error instanceof DataError) {
      return { ok: false, message: `${label} could not be read: ${plural(error.issues.length, "problem")}.`, issues: error.issues.map(shownDataIssue) };
    }
    return { ok: false, message: `${label} could not be read (${String((error as Error)?.message ?? error)}).`, issues: [] };
  }
  const { data, summary } = result;
  const value: Imported = { files: label, format: data.format, studies: data.studies, summary };
  if (data.model !== undefined) value.model = data.model;
  return { ok: true, value };
}

/**
 * Import a study or model file and save it to the workspace (as a new study, or as a new version of `target`).
 */
export function ImportPanel(props: { target?: SaveTarget; onSaved?: (saved: Saved) => void; title?: string }) {
  const id = useId();
  const [imported, setImported] = useState<Imported | null>(null);
  const [which, setWhich] = useState(0);
  const [problem, setProblem] = useState<{ message: string; issues: ShownIssue[] } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [generation, setGeneration] = useState(0);

  const onFiles = async (files: readonly File[]) => {
    const r = await readImport(files);
    setGeneration((g) => g + 1);
    if (r.ok) {
      setImported(r.value);
      setWhich(0);
      setProblem(null);
    } else {
      setImported(null);
      setProblem({ message: r.message, issues: r.issues });
    }
  };

  const study = imported?.studies[which];
  const model = imported === null ? undefined : study === undefined ? imported.model : (study.model ?? (imported.studies.length === 1 ? imported.model : undefined));

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="ws-import">
      <h2 id={`${id}-title`}>{props.title ?? "Save a study or model file"}</h2>
      <div
        className={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void onFiles([...e.dataTransfer.files]);
        }}
      >
        <label htmlFor={`${id}-file`}>Study or model file</label>
        <input
          id={`${id}-file`}
          type="file"
          multiple
          accept=".json,.csv,.tsv,.jsonl,application/json,text/csv"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = "";
            void onFiles(files);
          }}
          aria-describedby={`${id}-help`}
          data-testid="ws-import-file"
        />
        <p id={`${id}-help`}>
          A <code>qqt.study/v1</code> or <code>qqt.model/v1</code> JSON file (or a tidy CSV, an OpenCLIP results CSV, or the files of a DataComp evaluation
          directory), read in this page by @qqt/data and checked before anything is sent. Or drop the files here.
        </p>
      </div>
      {problem !== null && (
        <div className="ws-gap">
          <Problem title="Not imported." message={problem.message} issues={problem.issues} testId="ws-import-problem" />
        </div>
      )}
      {imported !== null && (
        <div className="ws-gap" data-testid="ws-import-read">
          <p className="notice" role="status">
            Read {imported.files} ({imported.format}):{" "}
            {study !== undefined
              ? `${plural(study.buckets.length, "bucket")}, ${plural(study.observations.length, "run")}${model !== undefined ? ", with a model" : ""}.`
              : `a model of ${plural(imported.model?.buckets.length ?? 0, "bucket")}.`}
            {imported.summary.rowsSkipped > 0 ? ` ${plural(imported.summary.rowsSkipped, "row")} skipped.` : ""}
          </p>
          {imported.studies.length > 1 && (
            <>
              <label htmlFor={`${id}-which`}>Study to save</label>
              <select id={`${id}-which`} value={which} onChange={(e) => setWhich(Number(e.target.value))}>
                {imported.studies.map((s, i) => (
                  <option key={i} value={i}>
                    {s.name ?? `Study ${i + 1}`} ({plural(s.observations.length, "run")})
                  </option>
                ))}
              </select>
            </>
          )}
          <SaveToWorkspace key={`${generation}:${which}`} study={study} model={model} target={props.target} onSaved={props.onSaved} />
        </div>
      )}
    </section>
  );
}
