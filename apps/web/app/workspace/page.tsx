import type { Metadata } from "next";
import { Suspense } from "react";
import { WorkspaceApp } from "../../components/workspace/WorkspaceApp";
import "../../components/workspace/workspace.css";

export const metadata: Metadata = {
  title: "qqt workspace — the team's saved studies and fits",
  description: "Studies and fitted models saved on this server, with the full history of versions, side-by-side comparison and share links.",
};

export default function WorkspacePage() {
  return (
    <>
      <header className="site-header">
        <h1>qqt workspace</h1>
        <p>
          The team’s studies and fits, saved on this server. Every save is a new version: nothing is overwritten, any two versions can be compared,
          and every version has a link to share.
        </p>
      </header>
      <main className="ws-main">
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading the workspace…
            </p>
          }
        >
          <WorkspaceApp />
        </Suspense>
      </main>
    </>
  );
}
