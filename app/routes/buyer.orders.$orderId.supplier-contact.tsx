import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Radios } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { saveSupplierContact, supplierContacts } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Supplier contact" };

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z.object({ supplierContactId: z.string({ error: "Select a contact at the supplier" }).min(1, "Select a contact at the supplier") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  if (!order.supplierId) throw redirect(`/buyer/orders/${order.id}/supplier`);
  const contacts = await supplierContacts(db(), order.supplierId);
  return json({
    order: orderHeading(order),
    supplier: order.supplier?.name ?? "",
    contactId: order.supplierContactId ?? "",
    contacts: contacts.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}`, hint: [c.department, c.email, c.phone].filter(Boolean).join(", ") })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(schema(), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await saveSupplierContact(db(), actor, order.id, parsed.data.supplierContactId);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function SupplierContact() {
  const { order, supplier, contacts, contactId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors} back={`/buyer/orders/${order.id}/supplier`}>
      <Radios
        id="supplierContactId"
        name="supplierContactId"
        label={`Who is your contact at ${supplier}?`}
        isPageHeading
        items={contacts}
        defaultValue={contactId}
        error={actionData?.fieldErrors?.supplierContactId}
      />
    </OrderQuestionPage>
  );
}
