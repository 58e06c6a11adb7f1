"use client";
import { useId, useState, type FormEvent } from "react";
import { useClient, type ApiFailure } from "./client";
import { ApiProblem } from "./Problem";

/**
 * The sign-in form for a server with an access token: the token is sent with fetch (the page's CSP forbids form
 * submissions) and exchanged for an HttpOnly session cookie; the token itself is never stored by the page.
 */
export function SignIn(props: { onSignedIn: () => void; expired?: boolean }) {
  const client = useClient();
  const id = useId();
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === "") {
      setError({ status: 0, code: "EMPTY", message: "Enter the access token your team uses for this server.", issues: [] });
      return;
    }
    setBusy(true);
    const result = await client.signIn(token.trim());
    setBusy(false);
    if (result.ok) {
      setToken("");
      setError(null);
      props.onSignedIn();
    } else {
      setError(result.error.status === 401 ? { ...result.error, message: "That is not this server's access token. Check it and try again." } : result.error);
    }
  };

  return (
    <section className="panel ws-signin" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Sign in to the workspace</h2>
      <p className="muted">
        {props.expired ? "Your session has ended. " : ""}This server keeps its studies behind an access token. Enter it once: the browser then keeps a
        session for 30 days.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${id}-token`}>Access token</label>
        <input
          id={`${id}-token`}
          type="password"
          className="ws-input"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? `${id}-error` : undefined}
          data-testid="ws-token"
        />
        <div className="button-row ws-gap">
          <button type="submit" disabled={busy} data-testid="ws-sign-in">
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </div>
      </form>
      {error !== null && (
        <div id={`${id}-error`} className="ws-gap">
          <ApiProblem title="Could not sign in." error={error} />
        </div>
      )}
    </section>
  );
}
