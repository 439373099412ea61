import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataResponse } from "~/modules/catalogue/open-data.server";
import { catalogueReference } from "~/modules/catalogue/reference.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { frameworks } = await catalogueReference(db());
  return openDataResponse(
    request,
    { frameworks: frameworks.map((f) => ({ id: f.id, name: f.name, shortName: f.shortName, status: f.status, expired: f.expired })) },
    { maxAgeSeconds: 3600 },
  );
}
