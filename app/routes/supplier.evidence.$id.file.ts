import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceFileResponse } from "~/modules/assurance/evidence-file.server";
import { requireActor } from "~/utils/auth.server";

/** The supplier's own evidence file; another supplier's id is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "uploadEvidence" });
  return evidenceFileResponse(actor, params.id!);
}
