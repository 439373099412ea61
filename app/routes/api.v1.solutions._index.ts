import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHit } from "~/modules/catalogue/search.server";
import { openDataError, openDataResponse } from "~/modules/catalogue/open-data.server";
import { londonToday } from "~/modules/dates";
import { searchCatalogue } from "~/services/search/index.server";
import { parseSearchQuery, queryKey } from "~/services/search/query";
import { requirePermission } from "~/utils/auth.server";

/** GET /api/v1/solutions: the same query parameters as the /solutions page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  const parsed = parseSearchQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return openDataError(400, "A query parameter is not valid", parsed.problems);
  const result = await searchCatalogue(parsed.query);
  const today = londonToday();
  // The same cached result gives the same body: built (and hashed for its ETag) once.
  return openDataResponse(request, () => ({
    hits: result.hits.map((h) => apiHit(h.document, today)),
    total: result.total,
    page: result.page,
    perPage: result.perPage,
    totalPages: result.totalPages,
    facets: result.facets,
    processingTimeMs: result.processingTimeMs,
  }), { reuseFor: { key: `${today}|${queryKey(parsed.query)}`, source: result } });
}
