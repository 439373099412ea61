import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceFileResponse } from "~/modules/assurance/evidence-file.server";
import { requireActor } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "acceptEvidence" });
  return evidenceFileResponse(actor, params.id!);
}
