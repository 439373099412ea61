import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { EPIC_LEVEL_LABELS, REFERENCE_LABELS } from "~/components/admin/labels";
import { BackLink, Button, ErrorSummary, Radios, TextInput } from "~/components/nhs";
import { epicSchema, getCapability, updateEpic } from "~/modules/admin/capabilities.server";
import { EPIC_LEVELS, REFERENCE_STATUSES } from "~/modules/admin/reference-values";
import { ActionRefused } from "~/modules/admin/guard.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: (data: { epic?: { id: string } } | undefined) => (data?.epic ? `Epic ${data.epic.id}` : "Epic") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  const capability = await getCapability(db(), actor, params.capabilityId ?? "");
  const epic = capability?.epics.find((e) => e.id === params.epicId);
  if (!capability || !epic) throw new Response("Not found", { status: 404 });
  return json({ capability: { id: capability.id, name: capability.name }, epic });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(epicSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    await updateEpic(db(), actor, params.capabilityId ?? "", params.epicId ?? "", parsed.data);
  } catch (error) {
    if (error instanceof ActionRefused) return json({ errors: [{ fieldId: "name", message: error.message }], fieldErrors: { name: error.message } as Record<string, string>, values }, { status: 400 });
    throw error;
  }
  return redirect(`/admin/capabilities/${params.capabilityId}?updated=${encodeURIComponent(params.epicId ?? "")}#epics`);
}

export default function EpicPage() {
  const { capability, epic } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const value = (name: string, fallback: string) => {
    const v = actionData?.values[name];
    return typeof v === "string" ? v : fallback;
  };
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/admin/capabilities/${capability.id}`}>{`Back to ${capability.id} ${capability.name}`}</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <span className="mb-2 block text-19 text-text-secondary">
        {capability.id} {capability.name}
      </span>
      <h1>Epic {epic.id}</h1>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="name" name="name" label="Epic name" labelSize="s" defaultValue={value("name", epic.name)} error={errors.name} />
        <Radios id="level" name="level" label="Level" labelSize="s" inline defaultValue={value("level", epic.level)} error={errors.level} items={EPIC_LEVELS.map((l) => ({ value: l, label: EPIC_LEVEL_LABELS[l] }))} />
        <Radios
          id="status"
          name="status"
          label="Status"
          labelSize="s"
          inline
          hint="Expired epics can no longer be claimed on a listing."
          defaultValue={value("status", epic.status)}
          error={errors.status}
          items={REFERENCE_STATUSES.map((s) => ({ value: s, label: REFERENCE_LABELS[s].text }))}
        />
        <Button>Save epic</Button>
      </Form>
    </div>
  );
}
