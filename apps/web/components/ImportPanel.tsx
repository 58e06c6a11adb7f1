"use client";
import { useId, useState, type DragEvent } from "react";
import { FOLDER_DATA_EXTENSIONS, formatBytes, MAX_IMPORT_BYTES, type PickedFile } from "../lib/importFiles";
import type { LoadedStudy } from "../lib/state";
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
