"use client";
import { useId, useState } from "react";
import type { Advisor } from "../lib/advisor";
import type { Study } from "@qqt/data";
import type { ModelFileV1 } from "../lib/modelFile";
import type { CrossoverRow } from "../lib/crossoverTable";
import type { ShareState } from "../lib/share";
import { downloadName } from "../lib/svgExport";
import { budgetTable, exportBudgets, recommendationsCsv, standardBudgets } from "../lib/table";
import { download } from "./browser";

/** Downloads of the model, its study and the recommendations, and the share link. */
export function ExportPanel(props: {
  model: ModelFileV1;
  study: Study | undefined;
  advisor: Advisor;
  budget: number;
  share: ShareState;
  /** The crossovers the page shows (with their intervals once computed), written after the budgets in the CSV. */
  crossovers: readonly CrossoverRow[];
}) {
  const { model, study, advisor, budget, share, crossovers } = props;
  const id = useId();
  const [link, setLink] = useState("");
  const [status, setStatus] = useState("");
  const makeLink = async () => {
    // lib/share is loaded on demand: it is not part of the page's first load.
    const { encodeShareHash } = await import("../lib/share");
    const hash = await encodeShareHash(share);
    const url = `${window.location.origin}${window.location.pathname}${hash}`;
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setStatus("Share link copied to the clipboard.");
    } catch {
      setStatus("Share link ready: copy it from the box.");
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Export and share</h2>
      <div className="button-row">
        <button
          type="button"
          data-testid="export-model"
          onClick={() => download(new Blob([JSON.stringify(model, null, 2) + "\n"], { type: "application/json" }), downloadName(model.name, "model", "json"))}
        >
          Model JSON
        </button>
        <button
          type="button"
          data-testid="export-study"
          disabled={study === undefined}
          aria-describedby={study === undefined ? `${id}-no-study` : undefined}
          onClick={() => {
            if (!study) return;
            // @qqt/data's writer is loaded on demand: it is not part of the page's first load.
            void import("@qqt/data").then(({ writeStudy }) => {
              const text = writeStudy({ ...study, model });
              download(new Blob([text], { type: "application/json" }), downloadName(model.name, "study", "json"));
              setStatus("Study JSON downloaded: the runs and this model, as qqt.study/v1.");
            });
          }}
        >
          Study JSON
        </button>
        <button
          type="button"
          data-testid="export-csv"
          onClick={() => {
            const rows = budgetTable(advisor, exportBudgets(budget, standardBudgets(model)));
            download(new Blob([recommendationsCsv(model, rows, crossovers)], { type: "text/csv" }), downloadName(model.name, "recommendations", "csv"));
          }}
        >
          Recommendations CSV
        </button>
        <button
          type="button"
          data-testid="share-button"
          onClick={() => void makeLink()}
          // Fetch the share code when the button is approached, so the link is ready at the click.
          onPointerEnter={() => void import("../lib/share")}
          onFocus={() => void import("../lib/share")}
        >
          Share link
        </button>
      </div>
      {study === undefined && (
        <p id={`${id}-no-study`} className="muted small">
          Study JSON: this model has no training runs with it (fit runs or import a study to export them).
        </p>
      )}
      <label htmlFor={`${id}-link`}>Link to this model and budget</label>
      <input id={`${id}-link`} type="text" readOnly value={link} placeholder="press “Share link”" data-testid="share-link" onFocus={(e) => e.target.select()} />
      <p className="muted" role="status">
        {status ||
          (share.source.kind === "example"
            ? "The link names this example and budget."
            : "The model travels inside the link (after the #), so it is never sent to a server; the link leaves out its bootstrap draws to stay short (no intervals): share the model JSON for them.")}
      </p>
    </section>
  );
}
