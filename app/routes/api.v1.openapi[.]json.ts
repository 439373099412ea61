import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument, openDataResponse } from "~/modules/catalogue/open-data.server";
import { requirePermission } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  return openDataResponse(request, openApiDocument(new URL(request.url).origin), { maxAgeSeconds: 3600 });
}
