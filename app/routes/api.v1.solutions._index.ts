import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiSearchBody, expandedFacets } from "~/modules/catalogue/search.server";
import { openDataError, openDataResponse } from "~/modules/catalogue/open-data.server";
import { londonToday } from "~/modules/dates";
import { searchCatalogue } from "~/services/search/index.server";
import { parseSearchQuery, queryKey } from "~/services/search/query";
import { requirePermission } from "~/utils/auth.server";

/** GET /api/v1/solutions: the same query parameters as the /solutions page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  const params = new URL(request.url).searchParams;
  const parsed = parseSearchQuery(params);
  if (!parsed.ok) return openDataError(400, "A query parameter is not valid", parsed.problems);
  // As on the page, `expand=supplier` returns every value of that facet, not only its first.
  const facetsInFull = expandedFacets(params);
  const result = await searchCatalogue(parsed.query, { facetsInFull });
  const today = londonToday();
  // The same cached result gives the same body: built (and hashed for its ETag) once.
  return openDataResponse(request, () => apiSearchBody(result, today), {
    reuseFor: { key: `${today}|${queryKey(parsed.query)}|expand=${facetsInFull.join(",")}`, source: result },
  });
}
