import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument, openDataResponse } from "~/modules/catalogue/open-data.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return openDataResponse(request, openApiDocument(new URL(request.url).origin), { maxAgeSeconds: 3600 });
}
