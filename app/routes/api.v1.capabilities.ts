import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataResponse } from "~/modules/catalogue/open-data.server";
import { catalogueReference } from "~/modules/catalogue/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "capability", action: "read" });
  const { capabilities, epics } = await catalogueReference(db());
  return openDataResponse(
    request,
    {
      capabilities: capabilities.map((c) => ({
        ref: c.id,
        name: c.name,
        description: c.description,
        category: c.category,
        foundation: c.isFoundation,
        expired: c.expired,
        epics: epics.filter((e) => e.capabilityId === c.id).map((e) => ({ ref: e.id, name: e.name, level: e.level, expired: e.expired })),
      })),
    },
    { maxAgeSeconds: 3600 },
  );
}
