import { json, redirect } from "@remix-run/node";
import { formatLondonDateTime } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { roleLabel } from "~/utils/permissions";
import { declineSchema, decideAccountRequest, listAccountRequests } from "./account-requests.server";

/** The account requests page's loader and action, shared by account managers' and staff's pages. */
export async function accountRequestsLoader(request: Request) {
  const actor = await requireActor(request, { entity: "accountRequest", action: "read" });
  const { pending, decided } = await listAccountRequests(db(), actor);
  const done = new URL(request.url).searchParams.get("done");
  return json({
    csrf: actor.csrfToken,
    staff: actor.role === "AUTHORITY",
    done: done === "approved" || done === "declined" ? done : null,
    pending: pending.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      organisation: `${r.organisation.name} (${r.organisation.odsCode})`,
      role: roleLabel(r.role),
      reason: r.reason,
      requestedAt: formatLondonDateTime(r.createdAt),
    })),
    decided: decided.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      organisation: r.organisation.name,
      status: r.status === "APPROVED" ? "Approved: invitation sent" : `Declined: ${r.declineReason ?? ""}`,
      by: r.decidedBy?.name ?? "",
      decidedAt: r.decidedAt ? formatLondonDateTime(r.decidedAt) : "",
    })),
  });
}

export async function accountRequestsAction(request: Request, path: string) {
  const actor = await requireActor(request, { entity: "accountRequest", action: "decide" });
  const form = await request.formData();
  const requestId = String(form.get("requestId") ?? "");
  const intent = form.get("intent");
  if (intent !== "approve" && intent !== "decline") return json({ errors: [{ fieldId: "requests", message: "Choose to approve or decline the request" }], requestId }, { status: 400 });
  let decision: { approve: true } | { approve: false; declineReason: string } = { approve: true };
  if (intent === "decline") {
    const parsed = parseForm(declineSchema, form);
    if (!parsed.ok) return json({ errors: [{ fieldId: `declineReason-${requestId.slice(0, 40)}`, message: parsed.errors.declineReason ?? "Enter why you are declining the request" }], requestId }, { status: 400 });
    decision = { approve: false, declineReason: parsed.data.declineReason };
  }
  const result = await decideAccountRequest(db(), actor, requestId, decision);
  if (!result.ok) {
    if (result.notFound) throw new Response(result.message, { status: 404 });
    return json({ errors: [{ fieldId: "requests", message: result.message }], requestId }, { status: 409 });
  }
  return redirect(`${path}?done=${result.status === "APPROVED" ? "approved" : "declined"}`);
}

export type AccountRequestsLoader = typeof accountRequestsLoader;
export type AccountRequestsAction = typeof accountRequestsAction;
