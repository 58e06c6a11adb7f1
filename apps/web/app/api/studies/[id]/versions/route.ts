// GET /api/studies/:id/versions — the history, newest first (metadata only)
// POST /api/studies/:id/versions — save a new version { study, model?, label?, author?, parentVersion? }
import { api, json, readValidBody } from "../../../../../lib/store/http";
import { validateSaveVersion } from "../../../../../lib/store/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = api<Params>(async ({ params, store }) => json(200, { versions: await (await store()).listVersions(params.id) }));

export const POST = api<Params>(async ({ request, params, config, store }) => {
  const input = await readValidBody(request, config.maxBodyBytes, validateSaveVersion);
  const saved = await (await store()).saveVersion(params.id, input);
  return json(201, saved, { location: `/api/studies/${saved.study.id}/versions/${saved.version.version}` });
});
