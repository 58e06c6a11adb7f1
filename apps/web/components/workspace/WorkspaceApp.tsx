"use client";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ClientContext, WorkspaceClient, type ApiFailure, type SessionState } from "./client";
import { ImportPanel } from "./ImportPanel";
import { parseRoute } from "./route";
import { ApiProblem, Problem } from "./Problem";
import { SignIn } from "./SignIn";
import { StudyList } from "./StudyList";
import { StudyView } from "./StudyView";

type Session = { kind: "checking" } | { kind: "ready"; state: SessionState; expired: boolean } | { kind: "failed"; error: ApiFailure };

/** The workspace page: access check, then the list of studies (or the trash) or one study. */
export function WorkspaceApp() {
  const params = useSearchParams();
  const route = useMemo(() => parseRoute(new URLSearchParams(params.toString())), [params]);
  const [session, setSession] = useState<Session>({ kind: "checking" });
  const [listKey, setListKey] = useState(0);

  const client = useMemo(
    () =>
      new WorkspaceClient(() =>
        setSession((s) => (s.kind === "ready" && s.state.authenticated ? { kind: "ready", state: { authRequired: true, authenticated: false }, expired: true } : s)),
      ),
    [],
  );

  const check = useCallback(async () => {
    const r = await client.session();
    setSession(r.ok ? { kind: "ready", state: r.value, expired: false } : { kind: "failed", error: r.error });
  }, [client]);

  useEffect(() => {
    void check();
  }, [check]);

  const signOut = async () => {
    await client.signOut();
    await check();
  };

  let body: React.ReactNode;
  if (session.kind === "checking") {
    body = (
      <p className="muted" role="status">
        Checking access…
      </p>
    );
  } else if (session.kind === "failed") {
    body = (
      <ApiProblem title="The workspace is not available." error={session.error}>
        <button type="button" onClick={() => void check()}>
          Try again
        </button>
      </ApiProblem>
    );
  } else if (session.state.authRequired && !session.state.authenticated) {
    body = <SignIn expired={session.expired} onSignedIn={() => void check()} />;
  } else {
    body = (
      <>
        {session.state.authRequired && (
          <div className="ws-toolbar">
            <span className="muted ws-small">Signed in to this server.</span>
            <button type="button" className="link" onClick={() => void signOut()} data-testid="ws-sign-out">
              Sign out
            </button>
          </div>
        )}
        {route.invalid !== null && <Problem title="This link is damaged." message={route.invalid} />}
        {route.study !== null ? (
          <StudyView key={route.study} studyId={route.study} version={route.version} compare={route.compare} />
        ) : (
          <>
            <StudyList trash={route.trash} refreshKey={listKey} />
            {!route.trash && <ImportPanel onSaved={() => setListKey((n) => n + 1)} />}
          </>
        )}
      </>
    );
  }
  return <ClientContext value={client}>{body}</ClientContext>;
}
