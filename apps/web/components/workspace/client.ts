// The browser's side of the workspace API (app/api): typed calls that never throw. Every failure — an HTTP error
// with the API's `{ error: { code, message, issues } }`, a network failure, an unreadable answer — comes back as an
// ApiFailure to show. Only types are imported from lib/store, so nothing server-side reaches the browser bundle.
import { createContext, useContext } from "react";
import type { ModelFileV1, Study } from "@qqt/data";
import type { VersionComparison } from "../../lib/store/compare";
import type { Issue } from "../../lib/store/StoreError";
import type { StudyPage, StudySummary, TrashFilter, VersionDetail, VersionInfo } from "../../lib/store/StudyStore";

export type { Issue, StudyPage, StudySummary, VersionComparison, VersionDetail, VersionInfo };

/** What went wrong with a call: the HTTP status (0 when the server was not reached) and the API's error. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  issues: Issue[];
}

/** The outcome of a call. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

/** `GET /api/session`. */
export interface SessionState {
  authRequired: boolean;
  authenticated: boolean;
}

/** The answer of a save: the study's new summary and the version written. */
export interface Saved {
  study: StudySummary;
  version: VersionInfo;
}

/** Body of a save (new study or new version). */
export interface SaveBody {
  study: Study;
  model?: ModelFileV1;
  name?: string;
  label?: string;
  author?: string;
  parentVersion?: number;
}

/**
 * Typed calls to the workspace API. `onUnauthorized` runs whenever the server answers 401 (the session expired or
 * the token changed), so the page can show the sign-in form again.
 *
 * @example
 * ```ts
 * const api = new WorkspaceClient();
 * const r = await api.listStudies({ q: "imagenet" });
 * if (r.ok) r.value.studies.map((s) => s.name);
 * ```
 */
export class WorkspaceClient {
  constructor(private readonly onUnauthorized: () => void = () => {}) {}

  /** One call; `body` is sent as JSON. */
  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      return failure(0, "NETWORK", `The server could not be reached (${(error as Error)?.message ?? String(error)}). Check that it is running and try again.`);
    }
    if (response.status === 401) this.onUnauthorized();
    if (response.status === 204) return { ok: true, value: undefined as T };
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      return failure(response.status, "BAD_RESPONSE", `The server answered ${response.status} ${response.statusText} without a readable JSON body.`);
    }
    if (response.ok) return { ok: true, value: payload as T };
    const error = (payload as { error?: Partial<ApiFailure> } | null)?.error;
    return failure(
      response.status,
      typeof error?.code === "string" ? error.code : "HTTP_ERROR",
      typeof error?.message === "string" ? error.message : `The server answered ${response.status}.`,
      Array.isArray(error?.issues) ? error.issues : [],
    );
  }

  session(): Promise<ApiResult<SessionState>> {
    return this.call("GET", "/api/session");
  }

  signIn(token: string): Promise<ApiResult<void>> {
    return this.call("POST", "/api/session", { token });
  }

  signOut(): Promise<ApiResult<void>> {
    return this.call("DELETE", "/api/session");
  }

  listStudies(query: { q?: string; deleted?: TrashFilter; limit?: number; offset?: number } = {}): Promise<ApiResult<StudyPage>> {
    const params = new URLSearchParams();
    if (query.q !== undefined && query.q.trim() !== "") params.set("q", query.q.trim());
    if (query.deleted !== undefined) params.set("deleted", query.deleted);
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    if (query.offset !== undefined && query.offset > 0) params.set("offset", String(query.offset));
    const qs = params.toString();
    return this.call("GET", `/api/studies${qs === "" ? "" : `?${qs}`}`);
  }

  getStudy(id: string): Promise<ApiResult<{ study: StudySummary }>> {
    return this.call("GET", `/api/studies/${encodeURIComponent(id)}`);
  }

  getVersion(id: string, version: number | "latest"): Promise<ApiResult<{ study: StudySummary; version: VersionDetail }>> {
    return this.call("GET", `/api/studies/${encodeURIComponent(id)}/versions/${version}`);
  }

  listVersions(id: string): Promise<ApiResult<{ versions: VersionInfo[] }>> {
    return this.call("GET", `/api/studies/${encodeURIComponent(id)}/versions`);
  }

  compare(id: string, a: number, b: number): Promise<ApiResult<{ comparison: VersionComparison }>> {
    return this.call("GET", `/api/studies/${encodeURIComponent(id)}/compare?a=${a}&b=${b}`);
  }

  createStudy(body: SaveBody): Promise<ApiResult<Saved>> {
    const { parentVersion: _ignored, ...rest } = body;
    return this.call("POST", "/api/studies", rest);
  }

  saveVersion(id: string, body: SaveBody): Promise<ApiResult<Saved>> {
    const { name: _ignored, ...rest } = body;
    return this.call("POST", `/api/studies/${encodeURIComponent(id)}/versions`, rest);
  }

  update(id: string, change: { name?: string; deleted?: boolean }): Promise<ApiResult<{ study: StudySummary }>> {
    return this.call("PATCH", `/api/studies/${encodeURIComponent(id)}`, change);
  }
}

function failure(status: number, code: string, message: string, issues: Issue[] = []): { ok: false; error: ApiFailure } {
  return { ok: false, error: { status, code, message, issues } };
}

/**
 * URL of a version's export: the study file (with its model embedded) or the model file alone.
 *
 * @example
 * ```ts
 * exportUrl("k3J9x2LmQp0aZ1bC", 2, "model"); // "/api/studies/k3J9x2LmQp0aZ1bC/export?version=2&part=model"
 * ```
 */
export function exportUrl(id: string, version: number, part: "study" | "model"): string {
  return `/api/studies/${encodeURIComponent(id)}/export?version=${version}&part=${part}`;
}

/**
 * The workspace page's address for a study, a version of it, or a comparison of two versions. `/workspace?study=…&version=…`
 * is the share link of a version.
 *
 * @example
 * ```ts
 * workspaceHref({ study: "k3J9x2LmQp0aZ1bC", version: 2 }); // "/workspace?study=k3J9x2LmQp0aZ1bC&version=2"
 * ```
 */
export function workspaceHref(target: { study?: string; version?: number; compare?: [number, number]; trash?: boolean } = {}): string {
  const params = new URLSearchParams();
  if (target.study !== undefined) params.set("study", target.study);
  if (target.version !== undefined) params.set("version", String(target.version));
  if (target.compare !== undefined) params.set("compare", `${target.compare[0]}-${target.compare[1]}`);
  if (target.trash) params.set("view", "trash");
  const qs = params.toString();
  return `/workspace${qs === "" ? "" : `?${qs}`}`;
}

/** The client used by the workspace components (the page provides one that reacts to 401; the default does not). */
export const ClientContext = createContext<WorkspaceClient>(new WorkspaceClient());

/** The workspace client from context. */
export function useClient(): WorkspaceClient {
  return useContext(ClientContext);
}
