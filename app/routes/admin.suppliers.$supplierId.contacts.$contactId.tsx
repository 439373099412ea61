import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, Checkboxes, ErrorSummary, TextInput, WarningCallout } from "~/components/nhs";
import { ActionRefused } from "~/modules/admin/guard.server";
import { getSupplierContact, removeSupplierContact, saveSupplierContact, supplierContactSchema, supplierIdOf } from "~/modules/admin/suppliers.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

/** One page adds a contact (/contacts/new) and changes or removes an existing one. */
export const handle = {
  title: (data: { contact?: { firstName: string; lastName: string } | null } | undefined) => (data?.contact ? `${data.contact.firstName} ${data.contact.lastName}` : "Add a contact"),
};

const contactIdOf = (param: string | undefined) => (param === "new" ? null : (param ?? ""));

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const actor = await requireActor(request, { entity: "supplier", action: "manage" });
  const supplierId = supplierIdOf(params.supplierId);
  const found = supplierId === null ? null : await getSupplierContact(db(), actor, supplierId, contactIdOf(params.contactId));
  if (!found) throw new Response("Not found", { status: 404 });
  return { actor, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json((await load(request, params)).found);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, found } = await load(request, params);
  const { supplier, contact } = found;
  const values = formValues(await request.formData());
  const refused = (error: ActionRefused) =>
    json({ errors: [{ fieldId: error.message.includes("email") ? "email" : "firstName", message: error.message }], fieldErrors: (error.message.includes("email") ? { email: error.message } : {}) as Record<string, string>, values }, { status: error.kind === "conflict" ? 409 : 400 });
  try {
    if (values.intent === "remove" && contact) {
      await removeSupplierContact(db(), actor, supplier.id, contact.id, Number(values.version));
      return redirect(`/admin/suppliers/${supplier.id}?done=contactRemoved#contacts`);
    }
    const parsed = parseForm(supplierContactSchema, values);
    if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
    await saveSupplierContact(db(), actor, supplier.id, contact?.id ?? null, parsed.data);
    return redirect(`/admin/suppliers/${supplier.id}?done=${contact ? "contactSaved" : "contactAdded"}#contacts`);
  } catch (error) {
    if (error instanceof ActionRefused) return refused(error);
    throw error;
  }
}

export default function SupplierContact() {
  const { supplier, contact, orders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const value = (name: "firstName" | "lastName" | "email" | "phone" | "department") => {
    const answered = actionData?.values[name];
    return typeof answered === "string" ? answered : (contact?.[name] ?? "");
  };
  const primary = actionData ? actionData.values.isPrimary === "yes" : (contact?.isPrimary ?? supplier.contacts === 0);
  const lastOfActive = supplier.isActive && supplier.contacts <= 1;
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/admin/suppliers/${supplier.id}#contacts`}>{`Back to ${supplier.name}`}</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <span className="mb-2 block text-19 text-text-secondary">{supplier.name}</span>
      <h1>{contact ? `${contact.firstName} ${contact.lastName}` : "Add a contact"}</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="version" value={supplier.version} />
        <TextInput id="firstName" name="firstName" label="First name" labelSize="s" width={20} autoComplete="off" defaultValue={value("firstName")} error={errors.firstName} />
        <TextInput id="lastName" name="lastName" label="Last name" labelSize="s" width={20} autoComplete="off" defaultValue={value("lastName")} error={errors.lastName} />
        <TextInput id="email" name="email" type="email" label="Email address" labelSize="s" spellCheck={false} autoComplete="off" defaultValue={value("email")} error={errors.email} />
        <TextInput id="phone" name="phone" type="tel" label="Telephone number (optional)" labelSize="s" width={20} autoComplete="off" defaultValue={value("phone")} error={errors.phone} />
        <TextInput id="department" name="department" label="Department (optional)" labelSize="s" width={30} defaultValue={value("department")} error={errors.department} />
        <Checkboxes
          id="isPrimary"
          name="isPrimary"
          label="Primary contact"
          labelSize="s"
          hint="The primary contact receives the supplier's notices. There is one at a time."
          defaultValue={primary ? ["yes"] : []}
          error={errors.isPrimary}
          items={[{ value: "yes", label: "Make this the primary contact" }]}
        />
        <Button name="intent" value="save">
          {contact ? "Save contact" : "Add contact"}
        </Button>
      </Form>
      {contact ? (
        <>
          <h2>Remove this contact</h2>
          {lastOfActive ? (
            <p>An active supplier must keep at least one contact. Add another contact first, or make the supplier inactive.</p>
          ) : orders > 0 ? (
            <p>They are named on {orders === 1 ? "a call-off order" : `${orders} call-off orders`}, so they stay on record. Change their details instead.</p>
          ) : (
            <>
              <WarningCallout heading="What happens" headingLevel={3}>
                <p>They stop receiving this supplier&apos;s notices.{contact.isPrimary ? " The longest-standing other contact becomes the primary contact." : ""}</p>
              </WarningCallout>
              <Form method="post">
                <input type="hidden" name="csrf" value={csrf} />
                <input type="hidden" name="version" value={supplier.version} />
                <Button name="intent" value="remove" variant="warning">
                  Remove contact
                </Button>
              </Form>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
