import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataResponse } from "~/modules/catalogue/open-data.server";
import { catalogueReference } from "~/modules/catalogue/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "framework", action: "read" });
  const { frameworks } = await catalogueReference(db());
  return openDataResponse(
    request,
    { frameworks: frameworks.map((f) => ({ id: f.id, name: f.name, shortName: f.shortName, status: f.status, expired: f.expired })) },
    { maxAgeSeconds: 3600 },
  );
}
