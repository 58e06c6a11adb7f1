// GET /api/studies/:id/versions/:version — one version (a number or "latest") with its study and model documents,
// and the study's summary (for share links).
import { api, json, versionParam } from "../../../../../../lib/store/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string; version: string };

export const GET = api<Params>(async ({ params, store }) => {
  const s = await store();
  const version = await s.getVersion(params.id, versionParam(params.version));
  return json(200, { study: await s.getStudy(params.id), version });
});
