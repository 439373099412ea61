import { json, redirect } from "@remix-run/node";
import { notFound } from "~/modules/orders/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";
import { completeSwitchTask, switchPlan } from "./switching.server";

/**
 * The switching plan page, the same for the buyer and both suppliers (each under its own
 * portal): the loader shows the plan the actor may see (another organisation's is a 404),
 * the action marks the actor's own task done (another party's is a 403, nothing changes).
 */
export async function switchPlanLoader(request: Request, switchId: string | undefined) {
  const actor = await requireActor(request, { entity: "switch", action: "read" });
  const plan = await switchPlan(db(), actor, switchId ?? "");
  if (!plan) throw notFound();
  return json({ plan });
}

export async function switchPlanAction(request: Request, switchId: string | undefined) {
  const actor = await requireActor(request, { entity: "switch", action: "completeTask" });
  const values = formValues(await request.formData());
  const kind = String(values.kind ?? "");
  const result = await completeSwitchTask(db(), actor, switchId ?? "", kind, String(values.note ?? ""));
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: [{ fieldId: `task-${kind}`, message: result.message }] }, { status: result.status });
  const url = new URL(request.url);
  return redirect(`${url.pathname}?done=${encodeURIComponent(kind)}`);
}
