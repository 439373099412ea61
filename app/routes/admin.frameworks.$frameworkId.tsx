import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FRAMEWORK_LABELS, count } from "~/components/admin/labels";
import { BackLink, Button, Checkboxes, DateInput, ErrorSummary, NotificationBanner, Radios, TextInput, WarningCallout, type FieldError } from "~/components/nhs";
import { FRAMEWORK_STATUSES } from "~/modules/admin/framework-rules";
import { forgetCatalogueReference } from "~/modules/catalogue/reference.server";
import { frameworkSchema, getFramework, updateFramework } from "~/modules/admin/frameworks.server";
import { ActionRefused } from "~/modules/admin/guard.server";
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { dateFromParts } from "~/modules/orders/order-rules";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: (data: { framework?: { name: string } } | undefined) => data?.framework?.name ?? "Framework" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "framework", action: "manage" });
  const framework = await getFramework(db(), actor, params.frameworkId ?? "");
  if (!framework) throw new Response("Not found", { status: 404 });
  return json({ framework, saved: new URL(request.url).searchParams.has("saved") });
}

/** An optional date: empty boxes mean none; anything typed must be a real date. */
function optionalDate(values: Record<string, unknown>, field: string, label: string): { date: DateOnly | null } | { error: string } {
  const empty = ["day", "month", "year"].every((part) => String(values[`${field}-${part}`] ?? "").trim() === "");
  return empty ? { date: null } : dateFromParts(values, field, label);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "framework", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(frameworkSchema, values);
  const startsOn = optionalDate(values, "startsOn", "the start date");
  const endsOn = optionalDate(values, "endsOn", "the end date");
  const fieldErrors: Record<string, string> = {
    ...(parsed.ok ? {} : parsed.errors),
    ...("error" in startsOn ? { startsOn: startsOn.error } : {}),
    ...("error" in endsOn ? { endsOn: endsOn.error } : {}),
  };
  const fail = (errors: Record<string, string>) =>
    json({ errors: Object.entries(errors).map(([fieldId, message]): FieldError => ({ fieldId, message })), fieldErrors: errors, values }, { status: 400 });
  if (!parsed.ok || "error" in startsOn || "error" in endsOn) return fail(fieldErrors);
  try {
    await updateFramework(db(), actor, params.frameworkId ?? "", { ...parsed.data, startsOn: startsOn.date, endsOn: endsOn.date });
    // Solution pages label frameworks from a per-process cache: an expiry must show at once.
    forgetCatalogueReference();
  } catch (error) {
    if (error instanceof ActionRefused) return fail({ [error.message.includes("end date") ? "endsOn" : "status"]: error.message });
    throw error;
  }
  return redirect(`/admin/frameworks/${params.frameworkId}?saved=1`);
}

const dateParts = (date: string | null) => (date ? { day: String(Number(date.slice(8))), month: String(Number(date.slice(5, 7))), year: date.slice(0, 4) } : {});

export default function FrameworkPage() {
  const { framework, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values;
  const value = (name: string) => (values && typeof values[name] === "string" ? (values[name] as string) : undefined);
  const date = (name: string, fallback: string | null) =>
    values ? { day: value(`${name}-day`), month: value(`${name}-month`), year: value(`${name}-year`) } : dateParts(fallback);
  const funding = values ? [values.fundingTypes ?? []].flat() : framework.fundingTypes;
  return (
    <>
      <BackLink href="/admin/frameworks">Back to frameworks</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {saved ? (
        <NotificationBanner type="success">
          <p>Framework saved.</p>
        </NotificationBanner>
      ) : null}
      {framework.status === "EXPIRED" ? (
        <WarningCallout heading="This framework has expired" headingLevel={2}>
          <p>
            No new call-off orders can be placed under it{framework.endsOn ? ` since ${formatNhsDate(framework.endsOn)}` : ""}. Buyers see it labelled
            as expired on listings and ordering pages. Its {count(framework.liveContracts)} live contracts continue to their end dates.
          </p>
        </WarningCallout>
      ) : null}
      <span className="mb-2 block text-19 text-text-secondary">{framework.id}</span>
      <h1>{framework.name}</h1>
      <p>
        Status: {FRAMEWORK_LABELS[framework.status].text}. {count(framework.solutions)} Catalogue Solutions, {count(framework.liveContracts)} live contracts.
      </p>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="name" name="name" label="Name" labelSize="s" defaultValue={value("name") ?? framework.name} error={errors.name} />
        <TextInput id="shortName" name="shortName" label="Short name" labelSize="s" width={30} defaultValue={value("shortName") ?? framework.shortName} error={errors.shortName} />
        <TextInput id="owner" name="owner" label="Owner" labelSize="s" width={30} defaultValue={value("owner") ?? framework.owner} error={errors.owner} />
        <Checkboxes
          id="fundingTypes"
          name="fundingTypes"
          label="Funding types"
          labelSize="s"
          defaultValue={funding}
          error={errors.fundingTypes}
          items={[
            { value: "CENTRAL", label: "Central (GPIT) funding" },
            { value: "LOCAL", label: "Local funding" },
          ]}
        />
        <TextInput
          id="maxTermMonths"
          name="maxTermMonths"
          label="Maximum call-off term in months"
          labelSize="s"
          inputMode="numeric"
          width={3}
          defaultValue={value("maxTermMonths") ?? String(framework.maxTermMonths)}
          error={errors.maxTermMonths}
        />
        <DateInput id="startsOn" name="startsOn" label="Start date" labelSize="s" defaultValue={date("startsOn", framework.startsOn)} error={errors.startsOn} />
        <DateInput id="endsOn" name="endsOn" label="End date" labelSize="s" defaultValue={date("endsOn", framework.endsOn)} error={errors.endsOn} />
        <Radios
          id="status"
          name="status"
          label="Status"
          labelSize="s"
          hint="A framework only moves forward. Only live frameworks take new orders; expiring one stops new orders at once."
          defaultValue={value("status") ?? framework.status}
          error={errors.status}
          items={FRAMEWORK_STATUSES.map((status) => ({ value: status, label: FRAMEWORK_LABELS[status].text }))}
        />
        <Button>Save framework</Button>
      </Form>
    </>
  );
}
