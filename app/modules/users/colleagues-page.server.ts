import { json, redirect } from "@remix-run/node";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { roleLabel } from "~/utils/permissions";
import { deactivateColleague, inviteColleague, inviteSchema, listColleagues } from "./colleagues.server";

/**
 * The colleagues page's loader and action, shared by /buyer/users and /supplier/users: the
 * module decides whose colleagues they are from the signed-in account manager.
 */

export async function colleaguesLoader(request: Request) {
  const actor = await requireActor(request, { entity: "user", action: "read" });
  const { users, invitations, roles } = await listColleagues(db(), actor);
  const requestsWaiting = await db().accountRequest.count({ where: { organisationId: actor.organisationId, status: "PENDING" } });
  return json({
    requestsWaiting,
    requestsPath: actor.organisationType === "SUPPLIER" ? "/supplier/account-requests" : "/buyer/account-requests",
    me: actor.userId,
    roles,
    users: users.map((u) => ({ ...u, role: roleLabel(u.role) })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: roleLabel(i.role), expires: formatNhsDate(londonDateOf(i.expiresAt)) })),
  });
}

export async function colleaguesAction(request: Request, path: string) {
  const actor = await requireActor(request, { entity: "user", action: "read" });
  const form = await request.formData();
  if (form.get("intent") === "deactivate") {
    const result = await deactivateColleague(db(), actor, String(form.get("userId") ?? ""));
    if (!result.ok) return json({ errors: [{ fieldId: "colleagues", message: result.message! }], fieldErrors: {} as Record<string, string>, values: {} }, { status: 400 });
    return redirect(`${path}?done=deactivated`);
  }
  const values = formValues(form);
  const parsed = parseForm(inviteSchema, form);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const result = await inviteColleague(db(), actor, parsed.data);
  if (!result.ok) return json({ errors: [{ fieldId: result.field, message: result.message }], fieldErrors: { [result.field]: result.message }, values }, { status: 400 });
  return redirect(`${path}?done=invited`);
}

export type ColleaguesLoader = typeof colleaguesLoader;
export type ColleaguesAction = typeof colleaguesAction;
