// The workspace page's address: which study, version and comparison it shows, or the trash.

/** What the page's address asks for: a study (at a version, comparing two), the list, or the trash. */
export interface WorkspaceRoute {
  study: string | null;
  version: number | null;
  compare: [number, number] | null;
  trash: boolean;
  /** A parameter that could not be read, to show. */
  invalid: string | null;
}

/**
 * Reads the workspace address: `?study=<id>&version=<n>&compare=<a>-<b>` or `?view=trash`.
 *
 * @example
 * ```ts
 * parseRoute(new URLSearchParams("study=k3J9x2LmQp0aZ1bC&version=2"));
 * // { study: "k3J9x2LmQp0aZ1bC", version: 2, compare: null, trash: false, invalid: null }
 * ```
 */
export function parseRoute(params: URLSearchParams): WorkspaceRoute {
  const route: WorkspaceRoute = { study: null, version: null, compare: null, trash: params.get("view") === "trash", invalid: null };
  const study = params.get("study");
  if (study !== null && study !== "") route.study = study;
  const version = params.get("version");
  if (version !== null && version !== "" && version !== "latest") {
    if (/^[1-9]\d{0,8}$/.test(version)) route.version = Number(version);
    else route.invalid = `The link's version is “${version.slice(0, 30)}”; expected a version number (1, 2, …).`;
  }
  const compare = params.get("compare");
  if (compare !== null && compare !== "") {
    const m = /^([1-9]\d{0,8})-([1-9]\d{0,8})$/.exec(compare);
    if (m) route.compare = [Number(m[1]), Number(m[2])];
    else route.invalid = `The link's comparison is “${compare.slice(0, 30)}”; expected two version numbers such as 1-3.`;
  }
  return route;
}
