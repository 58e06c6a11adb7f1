"use client";
import { useId, useState, type DragEvent } from "react";
import { FOLDER_DATA_EXTENSIONS, formatBytes, MAX_IMPORT_BYTES, type PickedFile } from "../lib/importFiles";
import type { LoadedStudy } from "../lib/state";
import { RUNS_TEMPLATE_PATH } from "../lib/template";
import { pickedFromDrop, pickedFromInput } from "./browser";
import { ChoiceForm } from "./ProblemList";

/**
 * Imports every @qqt/data format: files (study or model JSON, tidy CSV/TSV, the OpenCLIP results CSV) by picker or
 * drop, and DataComp evaluation folders by folder picker or drop. Everything is read in a worker in this page.
 */
export function ImportPanel(props: {
  busy: string | undefined;
  onPicked: (files: PickedFile[]) => void;
  /** The last study read from a DataComp folder, offered to be read again with another metric. */
  rereadable: LoadedStudy | undefined;
  onReread: (study: LoadedStudy, value: string) => void;
}) {
  const { busy, onPicked, rereadable, onReread } = props;
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    void pickedFromDrop(event.dataTransfer).then((files) => {
      if (files.length > 0) onPicked(files);
    });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import runs or a model</h2>
      <div
        className={`dropzone${dragging ? " dragging" : ""}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={`${id}-files`}>Files: study or model JSON, tidy CSV/TSV of runs, OpenCLIP results CSV</label>
        <input
          id={`${id}-files`}
          type="file"
          accept=".json,.csv,.tsv,.txt,.jsonl,application/json,text/csv,text/tab-separated-values"
          multiple
          data-testid="import-files"
          onChange={(e) => {
            const files = pickedFromInput(e.target.files ?? []);
            e.target.value = "";
            if (files.length > 0) onPicked(files);
          }}
        />
        <label htmlFor={`${id}-folder`}>A DataComp evaluation folder</label>
        <input
          id={`${id}-folder`}
          type="file"
          multiple
          data-testid="import-folder"
          // React does not know these attributes; they make the input pick a folder (every browser in use supports them).
          {...{ webkitdirectory: "", directory: "" }}
          onChange={(e) => {
            const files = pickedFromInput(e.target.files ?? []);
            e.target.value = "";
            if (files.length > 0) onPicked(files);
          }}
        />
        <p className="muted">
          …or drop files and folders here. Everything is read in this page and never uploaded. Up to {formatBytes(MAX_IMPORT_BYTES)} per import; in a
          folder only {FOLDER_DATA_EXTENSIONS.join(", ")} files are read.
        </p>
        {busy && (
          <p role="status" data-testid="import-status">
            {busy}
          </p>
        )}
      </div>
      <details className="formats" data-testid="import-formats">
        <summary>Accepted formats and a CSV template</summary>
        <p>
          <strong>Tidy CSV or TSV</strong>, one line per training run, with a header line naming the columns:
        </p>
        <ul>
          <li>
            <code>bucket</code> — the data bucket the run trained on (buckets best first), or <code>pool</code> with several bucket ids joined by{" "}
            <code>+</code>;
          </li>
          <li>
            <code>pool_size</code> — the bucket&apos;s unique samples (<code>12800000</code> or <code>12.8M</code>); once per bucket is enough;
          </li>
          <li>
            <code>samples_seen</code> — the run&apos;s training budget in samples seen (or <code>epochs</code>: passes over the pool);
          </li>
          <li>
            <code>error</code> in [0, 1] (or <code>accuracy</code>, or <code>loss</code>);
          </li>
          <li>
            optional: <code>metric</code>, <code>model</code>, <code>seed</code> (repeated runs), <code>weight</code>. Lines starting with <code>#</code> are
            comments.
          </li>
        </ul>
        <p>
          <strong>JSON</strong>: a <code>qqt.study/v1</code> study (buckets and runs, as <code>qqt</code> writes it) or a <code>qqt.model/v1</code> model
          (shown as it is, no fit). Also the OpenCLIP <code>zeroshot_results.csv</code> and DataComp evaluation folders.
        </p>
        <p>
          <a href={RUNS_TEMPLATE_PATH} download="qqt-runs-template.csv" data-testid="import-template">
            Download the CSV template
          </a>{" "}
          (21 SYNTHETIC runs of 3 buckets: import it as it is to see a fit, then replace the runs with yours). Runs are fitted as soon as they are read,
          with the same default settings as <code>qqt fit</code>.
        </p>
      </details>
      {rereadable?.choice && rereadable.importKey && (
        <ChoiceForm
          key={`${rereadable.key}:${rereadable.choice.current ?? ""}`}
          name={rereadable.label}
          choice={rereadable.choice}
          busy={busy !== undefined}
          testId="reread"
          onChoose={(value) => onReread(rereadable, value)}
        />
      )}
    </section>
  );
}
