// GET /api/studies/:id/export?version=N|latest&part=study|model — download a version as a file: the qqt.study/v1
// document with its model embedded (default), or the qqt.model/v1 alone.
import { api, choiceParam, versionParam } from "../../../../../lib/store/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = api<Params>(async ({ params, url, store }) => {
  const file = await (await store()).exportStudy(params.id, {
    version: versionParam(url.searchParams.get("version") ?? "latest"),
    part: choiceParam(url, "part", ["study", "model"] as const, "study"),
  });
  return new Response(file.text, {
    status: 200,
    headers: {
      "content-type": `${file.mediaType}; charset=utf-8`,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
