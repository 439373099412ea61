import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, Fieldset, Radios, TextInput } from "~/components/nhs";
import {
  BILLING_LABELS,
  CALCULATION_LABELS,
  LIMITS,
  priceFormValues,
  PROVISIONING_LABELS,
  validatePrice,
  type Form as Answers,
} from "~/modules/listings/content";
import { getListingForEditing, newPriceId, savePrice } from "~/modules/listings/drafts.server";
import { isEditableRevision } from "~/modules/listings/publication-status";
import { useCsrfToken } from "~/root";
import { requireActor, type Actor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: (data?: { title?: string }) => data?.title ?? "List price" };

const notFound = () => new Response("Not found", { status: 404 });

async function editablePrice(actor: Actor, itemId: string, priceId: string) {
  const listing = await getListingForEditing(db(), actor, itemId);
  if (!listing?.revision || !listing.content) throw notFound();
  if (!isEditableRevision(listing.revision.status)) throw redirect(`/supplier/listings/${itemId}`);
  const price = priceId === "new" ? null : listing.content.prices.find((p) => p.id === priceId);
  if (price === undefined) throw notFound();
  return { ...listing, revision: listing.revision, content: listing.content, price };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const { item, revision, content, price } = await editablePrice(actor, params.itemId!, params.priceId!);
  return json({
    title: `${price ? "Change" : "Add"} a list price: ${content.name}`,
    heading: price ? "Change a list price" : "Add a list price",
    itemId: item.id,
    name: content.name,
    revision: { id: revision.id, version: revision.version },
    values: price ? priceFormValues(price) : ({ provisioningType: "", priceType: "", billingPeriod: "" } as Answers),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "editDraft" });
  const { item, price } = await editablePrice(actor, params.itemId!, params.priceId!);
  const form = await request.formData();
  const values = formValues(form);
  const result = validatePrice(values, price?.id ?? newPriceId(item.id));
  if (!result.ok) {
    return json({ errors: Object.entries(result.errors).map(([fieldId, message]) => ({ fieldId, message })), fieldErrors: result.errors, values }, { status: 400 });
  }
  const saved = await savePrice(db(), actor, { itemId: item.id, revisionId: String(form.get("revisionId") ?? ""), version: Number(form.get("version")) }, result.price);
  if (!saved.ok) return json({ errors: [{ fieldId: "provisioningType", message: saved.message }], fieldErrors: {}, values }, { status: 409 });
  return redirect(`/supplier/listings/${item.id}/prices`);
}

export default function PricePage() {
  const { heading, itemId, name, revision, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = (actionData?.values ?? saved) as Record<string, string | undefined>;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const choices = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
  return (
    <>
      <BackLink href={`/supplier/listings/${itemId}/prices`}>Back to list prices</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">{name}</span>
      <h1>{heading}</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={useCsrfToken()} />
        <input type="hidden" name="revisionId" value={revision.id} />
        <input type="hidden" name="version" value={revision.version} />
        <Radios id="provisioningType" name="provisioningType" label="How is it provisioned?" labelSize="m" items={choices(PROVISIONING_LABELS)} defaultValue={values.provisioningType} error={errors.provisioningType} />
        <TextInput id="unitDescription" name="unitDescription" label="Unit" hint="How the price reads after the amount, for example per patient, per licence or per practice." width={30} defaultValue={values.unitDescription} error={errors.unitDescription} />
        <TextInput id="unitDefinition" name="unitDefinition" label="What the unit means (optional)" defaultValue={values.unitDefinition} error={errors.unitDefinition} />
        <Radios id="billingPeriod" name="billingPeriod" label="Billing period" labelSize="m" items={choices(BILLING_LABELS)} defaultValue={values.billingPeriod} error={errors.billingPeriod} inline />
        <Radios
          id="priceType"
          name="priceType"
          label="Is the price flat or tiered?"
          labelSize="m"
          items={[
            { value: "FLAT", label: "Flat", hint: "One price whatever the quantity." },
            { value: "TIERED", label: "Tiered", hint: `Up to ${LIMITS.tiers} tiers: the first starts at 1, each starts where the last ended, the last is open-ended.` },
          ]}
          defaultValue={values.priceType}
          error={errors.priceType}
        />
        <TextInput id="price" name="price" label="Flat price in pounds" hint="Only for a flat price. Up to 4 decimal places, excluding VAT, for example 1.25." inputMode="decimal" width={10} defaultValue={values.price} error={errors.price} />
        <Fieldset legend="Tiers (only for a tiered price)" legendSize="m">
          <Radios id="calculationType" name="calculationType" label="How are the tiers calculated?" items={choices(CALCULATION_LABELS)} defaultValue={values.calculationType} error={errors.calculationType} />
          {Array.from({ length: LIMITS.tiers }, (_, i) => {
            const n = i + 1;
            return (
              <Fieldset key={n} legend={`Tier ${n}`} className="mb-4">
                <div className="flex flex-wrap gap-x-6">
                  <TextInput id={`tier-${n}-from`} name={`tier-${n}-from`} label="From" inputMode="numeric" width={5} defaultValue={values[`tier-${n}-from`]} error={errors[`tier-${n}-from`]} />
                  <TextInput id={`tier-${n}-to`} name={`tier-${n}-to`} label="To (empty for the last tier)" inputMode="numeric" width={5} defaultValue={values[`tier-${n}-to`]} error={errors[`tier-${n}-to`]} />
                  <TextInput id={`tier-${n}-price`} name={`tier-${n}-price`} label="Price in pounds" inputMode="decimal" width={10} defaultValue={values[`tier-${n}-price`]} error={errors[`tier-${n}-price`]} />
                </div>
              </Fieldset>
            );
          })}
        </Fieldset>
        <Button preventDoubleClick>Save list price</Button>
      </Form>
    </>
  );
}
