// GET /api/studies/:id — the study's summary (410 when in the trash)
// PATCH /api/studies/:id — { name?, deleted? }: rename, move to the trash or restore
// DELETE /api/studies/:id — move to the trash (soft delete; restore with PATCH { deleted: false })
import { api, json, readValidBody } from "../../../../lib/store/http";
import { validateUpdateStudy } from "../../../../lib/store/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = api<Params>(async ({ params, store }) => json(200, { study: await (await store()).getStudy(params.id) }));

export const PATCH = api<Params>(async ({ request, params, config, store }) => {
  const input = await readValidBody(request, config.maxBodyBytes, validateUpdateStudy);
  return json(200, { study: await (await store()).updateStudy(params.id, input) });
});

export const DELETE = api<Params>(async ({ params, store }) => json(200, { study: await (await store()).deleteStudy(params.id) }));
