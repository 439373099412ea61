import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, Textarea, TextInput } from "~/components/nhs";
import { ActionRefused } from "~/modules/admin/guard.server";
import { getSupplier, supplierDetailsSchema, supplierIdOf, updateSupplierDetails } from "~/modules/admin/suppliers.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: (data: { supplier?: { name: string } } | undefined) => (data?.supplier ? `Change details of ${data.supplier.name}` : "Change supplier details") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "supplier", action: "manage" });
  const id = supplierIdOf(params.supplierId);
  const supplier = id === null ? null : await getSupplier(db(), actor, id);
  if (!supplier) throw new Response("Not found", { status: 404 });
  const { name, legalName, website, summary, addressLine1, addressLine2, town, county, postcode, version } = supplier;
  return json({ supplier: { id: supplier.id, name, legalName, website, summary, addressLine1, addressLine2, town, county, postcode, version } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "supplier", action: "manage" });
  const id = supplierIdOf(params.supplierId);
  if (id === null) throw new Response("Not found", { status: 404 });
  const values = formValues(await request.formData());
  const parsed = parseForm(supplierDetailsSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    const { listingsReindexed } = await updateSupplierDetails(db(), actor, id, parsed.data);
    return redirect(`/admin/suppliers/${id}?done=${listingsReindexed > 0 ? "renamed" : "details"}`);
  } catch (error) {
    if (error instanceof ActionRefused) {
      // A stale form is explained at the top; a name clash beside the name.
      const field = error.kind === "conflict" ? "version" : "name";
      return json({ errors: [{ fieldId: field === "version" ? "name" : field, message: error.message }], fieldErrors: (field === "name" ? { name: error.message } : {}) as Record<string, string>, values }, { status: error.kind === "conflict" ? 409 : 400 });
    }
    throw error;
  }
}

export default function SupplierDetails() {
  const { supplier } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  // After a refusal the person's answers stay; otherwise the saved details.
  const value = (name: keyof typeof supplier) => {
    const answered = actionData?.values[name];
    return typeof answered === "string" ? answered : String(supplier[name] ?? "");
  };
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/admin/suppliers/${supplier.id}`}>{`Back to ${supplier.name}`}</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <span className="mb-2 block text-19 text-text-secondary">Supplier {supplier.id}</span>
      <h1>Change supplier details</h1>
      <p>Changing the name updates the supplier&apos;s listings in search. Orders already completed keep the name they were placed with.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="version" value={supplier.version} />
        <TextInput id="name" name="name" label="Name" labelSize="s" hint="As buyers see it on listings" defaultValue={value("name")} error={errors.name} />
        <TextInput id="legalName" name="legalName" label="Legal name" labelSize="s" defaultValue={value("legalName")} error={errors.legalName} />
        <TextInput id="website" name="website" label="Website (optional)" labelSize="s" hint="For example, https://www.example.com" type="url" spellCheck={false} defaultValue={value("website")} error={errors.website} />
        <TextInput id="addressLine1" name="addressLine1" label="Address line 1 (optional)" labelSize="s" autoComplete="address-line1" defaultValue={value("addressLine1")} error={errors.addressLine1} />
        <TextInput id="addressLine2" name="addressLine2" label="Address line 2 (optional)" labelSize="s" autoComplete="address-line2" defaultValue={value("addressLine2")} error={errors.addressLine2} />
        <TextInput id="town" name="town" label="Town or city (optional)" labelSize="s" width={20} autoComplete="address-level2" defaultValue={value("town")} error={errors.town} />
        <TextInput id="county" name="county" label="County (optional)" labelSize="s" width={20} defaultValue={value("county")} error={errors.county} />
        <TextInput id="postcode" name="postcode" label="Postcode (optional)" labelSize="s" width={10} autoComplete="postal-code" defaultValue={value("postcode")} error={errors.postcode} />
        <Textarea id="summary" name="summary" label="Summary (optional)" labelSize="s" rows={4} maxLength={1000} defaultValue={value("summary")} error={errors.summary} />
        <Button>Save details</Button>
      </Form>
    </div>
  );
}
