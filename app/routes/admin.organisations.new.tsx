import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, Radios, Select, TextInput } from "~/components/nhs";
import { ActionRefused } from "~/modules/admin/guard.server";
import { addOrganisation, listIcbs, organisationSchema } from "~/modules/admin/organisations.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Add an organisation" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "organisation", action: "manage" });
  return json({ icbs: await listIcbs(db(), actor) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "organisation", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(organisationSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    const organisation = await addOrganisation(db(), actor, parsed.data);
    return redirect(`/admin/organisations?search=${organisation.odsCode}&added=${encodeURIComponent(organisation.odsCode)}`);
  } catch (error) {
    if (error instanceof ActionRefused) return json({ errors: [{ fieldId: "odsCode", message: error.message }], fieldErrors: { odsCode: error.message } as Record<string, string>, values }, { status: 400 });
    throw error;
  }
}

export default function NewOrganisation() {
  const { icbs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const value = (name: string) => (typeof actionData?.values[name] === "string" ? (actionData.values[name] as string) : undefined);
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/admin/organisations">Back to buyer organisations</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <h1>Add an organisation</h1>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="odsCode" name="odsCode" label="ODS code" hint="For example, A81001 for a GP practice or QE1 for an ICB" labelSize="s" width={10} defaultValue={value("odsCode")} error={errors.odsCode} />
        <TextInput id="name" name="name" label="Name" labelSize="s" defaultValue={value("name")} error={errors.name} />
        <Radios
          id="type"
          name="type"
          label="Type of organisation"
          labelSize="s"
          defaultValue={value("type")}
          error={errors.type}
          items={[
            { value: "GP_PRACTICE", label: "GP practice" },
            { value: "ICB", label: "ICB (Integrated Care Board)" },
            { value: "SUB_ICB_LOCATION", label: "Sub-ICB location" },
            { value: "CSU", label: "CSU (Commissioning Support Unit)" },
            { value: "CCG", label: "CCG (legacy)" },
          ]}
        />
        <Select id="icbId" name="icbId" label="ICB it is in (GP practices and sub-ICB locations)" labelSize="s" emptyOption="Not in an ICB" defaultValue={value("icbId") ?? ""} error={errors.icbId} options={icbs.map((i) => ({ value: i.id, label: `${i.name} (${i.odsCode})` }))} />
        <TextInput id="practiceListSize" name="practiceListSize" label="Practice list size (GP practices, optional)" labelSize="s" inputMode="numeric" width={10} defaultValue={value("practiceListSize")} error={errors.practiceListSize} />
        <Button>Add organisation</Button>
      </Form>
    </div>
  );
}
