// GET /api/studies/:id/compare?a=N&b=M|latest — two versions side by side: runs added/removed/re-measured, law,
// task parameters, per-bucket b and tau, fit diagnostics (see lib/store/compare.ts).
import { compareVersions } from "../../../../../lib/store/compare";
import { api, json, versionParam } from "../../../../../lib/store/http";
import { StoreError } from "../../../../../lib/store/StoreError";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = api<Params>(async ({ params, url, store }) => {
  const a = url.searchParams.get("a");
  if (a === null) throw new StoreError("BAD_REQUEST", "Query parameter a is missing; expected the version to compare from, e.g. ?a=2&b=latest.");
  const s = await store();
  const from = await s.getVersion(params.id, versionParam(a));
  const to = await s.getVersion(params.id, versionParam(url.searchParams.get("b") ?? "latest"));
  return json(200, { comparison: compareVersions(from, to) });
});
