// GET /api/studies — list studies (?limit, ?offset, ?q, ?deleted=exclude|only|include)
// POST /api/studies — create a study with its first version
import { api, choiceParam, intParam, json, readValidBody } from "../../../lib/store/http";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../../lib/store/StudyStore";
import { validateCreateStudy } from "../../../lib/store/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = api(async ({ url, store }) => {
  const page = await (await store()).listStudies({
    limit: intParam(url, "limit", { min: 1, max: MAX_PAGE_SIZE, fallback: DEFAULT_PAGE_SIZE }),
    offset: intParam(url, "offset", { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
    deleted: choiceParam(url, "deleted", ["exclude", "only", "include"] as const, "exclude"),
    search: url.searchParams.get("q") ?? undefined,
  });
  return json(200, page);
});

export const POST = api(async ({ request, config, store }) => {
  const input = await readValidBody(request, config.maxBodyBytes, validateCreateStudy);
  const created = await (await store()).createStudy(input);
  return json(201, created, { location: `/api/studies/${created.study.id}` });
});
