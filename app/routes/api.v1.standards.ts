import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataResponse } from "~/modules/catalogue/open-data.server";
import { catalogueReference } from "~/modules/catalogue/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "standard", action: "read" });
  const { standards } = await catalogueReference(db());
  return openDataResponse(
    request,
    { standards: standards.map((s) => ({ id: s.id, name: s.name, kind: s.kind, overarching: s.isOverarching, expiresOnCycle: s.expiresOnCycle, description: s.description, url: s.url })) },
    { maxAgeSeconds: 3600 },
  );
}
