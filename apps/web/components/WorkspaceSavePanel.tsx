"use client";
import type { Study } from "@qqt/data";
import { useId, useState, type ComponentType } from "react";
import type { ModelFileV1 } from "../lib/modelFile";
import type { SaveToWorkspaceProps } from "./workspace/SaveToWorkspace";

/**
 * "Save to the team workspace" on the advisor page. The save form (and its CSS) is loaded only when asked for, so
 * the advisor's first-load JavaScript does not grow.
 */
export function WorkspaceSavePanel({ model, study }: { model: ModelFileV1; study: Study | undefined }) {
  const id = useId();
  const [Form, setForm] = useState<ComponentType<SaveToWorkspaceProps> | null>(null);
  const [failed, setFailed] = useState(false);
  const open = () => {
    import("./workspace/SaveToWorkspace")
      .then((module) => setForm(() => module.SaveToWorkspace))
      .catch(() => setFailed(true));
  };
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Team workspace</h2>
      {Form ? (
        <Form model={model} {...(study ? { study } : {})} {...(model.name ? { defaultName: model.name } : {})} />
      ) : (
        <>
          <p className="muted small">Keep this model{study ? " and its runs" : ""} with its history in the team workspace.</p>
          <button type="button" onClick={open} data-testid="workspace-save-open">
            Save to workspace…
          </button>
          {failed ? <p role="alert">The save form could not be loaded; reload the page and try again.</p> : null}
        </>
      )}
      <p className="muted small">
        <a href="/workspace">Open the workspace</a>
      </p>
    </section>
  );
}
