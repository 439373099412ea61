import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { count } from "~/components/admin/labels";
import { PUBLICATION_LABELS } from "~/components/listings/labels";
import { AppLink, BackLink, Button, ButtonLink, SummaryList, Table, Tag, Textarea, WarningCallout } from "~/components/nhs";
import { Outcome } from "~/components/admin/Outcome";
import { ActionRefused } from "~/modules/admin/guard.server";
import { getSupplier, setSupplierActive, supplierIdOf, supplierStatusSchema } from "~/modules/admin/suppliers.server";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: (data: { supplier?: { name: string } } | undefined) => data?.supplier?.name ?? "Supplier" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "supplier", action: "manage" });
  const id = supplierIdOf(params.supplierId);
  const supplier = id === null ? null : await getSupplier(db(), actor, id);
  if (!supplier) throw new Response("Not found", { status: 404 });
  return json({ supplier, done: new URL(request.url).searchParams.get("done") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "supplier", action: "manage" });
  const id = supplierIdOf(params.supplierId);
  if (id === null) throw new Response("Not found", { status: 404 });
  const values = formValues(await request.formData());
  const parsed = parseForm(supplierStatusSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    await setSupplierActive(db(), actor, id, parsed.data);
  } catch (error) {
    if (error instanceof ActionRefused) return json({ errors: [{ fieldId: "reason", message: error.message }], fieldErrors: { reason: error.message } as Record<string, string>, values }, { status: error.kind === "conflict" ? 409 : 400 });
    throw error;
  }
  return redirect(`/admin/suppliers/${id}?done=${parsed.data.active ? "activated" : "deactivated"}`);
}

const DONE: Record<string, string> = {
  deactivated: "Supplier made inactive. Its listings are leaving search and can no longer be ordered.",
  activated: "Supplier made active. Its published listings are returning to search.",
  details: "Supplier details saved.",
  renamed: "Supplier details saved. Its listings are being updated in search with the new name.",
  contactAdded: "Contact added.",
  contactSaved: "Contact saved.",
  contactRemoved: "Contact removed.",
};

const HISTORY: Record<string, string> = {
  "supplier.activate": "Made active",
  "supplier.deactivate": "Made inactive",
  "supplier.update": "Details changed",
  "supplier.contact.add": "Contact added",
  "supplier.contact.update": "Contact changed",
  "supplier.contact.remove": "Contact removed",
};

const orNotGiven = (value: string | null) => value ?? "Not given";

export default function SupplierPage() {
  const { supplier, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const address = [supplier.addressLine1, supplier.addressLine2, supplier.town, supplier.county, supplier.postcode].filter((line): line is string => Boolean(line));
  const change = (what: string) => ({ href: `/admin/suppliers/${supplier.id}/details`, label: "Change", visuallyHiddenText: what });
  const reason = typeof actionData?.values.reason === "string" ? actionData.values.reason : undefined;
  return (
    <>
      <BackLink href="/admin/suppliers">Back to suppliers</BackLink>
      <Outcome errors={actionData?.errors} done={actionData ? null : done} messages={DONE} />
      <span className="mb-2 block text-19 text-text-secondary">Supplier {supplier.id}</span>
      <h1>{supplier.name}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <Tag colour={supplier.isActive ? "green" : "grey"}>{supplier.isActive ? "Active" : "Inactive"}</Tag> },
          { key: "Live contracts", value: count(supplier.liveContracts) },
          { key: "Call-off orders in progress", value: count(supplier.ordersInProgress) },
          {
            key: "People with accounts",
            value: supplier.organisationOds ? <AppLink href={`/admin/users?organisation=${encodeURIComponent(supplier.organisationOds)}`}>{`${count(supplier.activeUsers)} active`}</AppLink> : "None",
          },
        ]}
      />
      <h2>Details</h2>
      <SummaryList
        rows={[
          { key: "Name", value: supplier.name, action: change("name") },
          { key: "Legal name", value: supplier.legalName, action: change("legal name") },
          { key: "Website", value: orNotGiven(supplier.website), action: change("website") },
          {
            key: "Address",
            value: address.length > 0 ? address.map((line) => <span key={line} className="block">{line}</span>) : "Not given",
            action: change("address"),
          },
          { key: "Summary", value: orNotGiven(supplier.summary), action: change("summary") },
        ]}
      />
      <h2 id="contacts">Contacts</h2>
      {supplier.contacts.length === 0 ? <p>None. {supplier.isActive ? "" : "Add one before making the supplier active again."}</p> : null}
      {supplier.contacts.length > 0 ? (
        <Table
          caption={`${supplier.contacts.length} ${supplier.contacts.length === 1 ? "contact" : "contacts"}`}
          head={[{ label: "Name" }, { label: "Email" }, { label: "Telephone" }, { label: "Department" }]}
          rows={supplier.contacts.map((c) => [
            <span key="name">
              <AppLink href={`/admin/suppliers/${supplier.id}/contacts/${c.id}`}>{`${c.firstName} ${c.lastName}`}</AppLink>
              {c.isPrimary ? " (primary)" : ""}
            </span>,
            c.email,
            c.phone ?? "",
            c.department ?? "",
          ])}
        />
      ) : null}
      <ButtonLink href={`/admin/suppliers/${supplier.id}/contacts/new`} variant="secondary">
        Add a contact
      </ButtonLink>
      <Table
        caption="Catalogue Solutions"
        head={[{ label: "Solution" }, { label: "Publication status" }]}
        rows={supplier.catalogueItems.map((item) => [
          `${item.id} ${item.name}`,
          <Tag key="status" colour={PUBLICATION_LABELS[item.publicationStatus]?.colour ?? "grey"}>
            {PUBLICATION_LABELS[item.publicationStatus]?.text ?? item.publicationStatus}
          </Tag>,
        ])}
      />
      <h2>{supplier.isActive ? "Make this supplier inactive" : "Make this supplier active again"}</h2>
      {supplier.isActive ? (
        <WarningCallout heading="What happens" headingLevel={3}>
          <p>
            Its listings leave search and cannot be ordered, and {count(supplier.ordersInProgress)} call-off orders in progress with it can no longer be completed. A supplier with
            live contracts cannot be made inactive.
          </p>
        </WarningCallout>
      ) : (
        <p>Its published listings return to search and can be ordered again. It needs at least one contact.</p>
      )}
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="version" value={supplier.version} />
        <input type="hidden" name="active" value={supplier.isActive ? "no" : "yes"} />
        <Textarea id="reason" name="reason" label="Reason" labelSize="s" hint="Recorded in the audit log" rows={3} maxLength={500} defaultValue={reason} error={errors.reason ?? errors.active ?? errors.version} />
        <Button variant={supplier.isActive ? "warning" : "primary"}>{supplier.isActive ? "Make supplier inactive" : "Make supplier active"}</Button>
      </Form>
      {supplier.history.length > 0 ? (
        <Table
          caption="Recent changes"
          head={[{ label: "Date" }, { label: "Change" }, { label: "Reason or contact" }]}
          rows={supplier.history.map((h) => [formatNhsDate(londonDateOf(new Date(h.occurredAt))), HISTORY[h.action] ?? h.action, h.detail ?? ""])}
        />
      ) : null}
    </>
  );
}
