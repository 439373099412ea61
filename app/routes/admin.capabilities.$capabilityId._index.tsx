import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { EPIC_LEVEL_LABELS, REFERENCE_LABELS } from "~/components/admin/labels";
import { CapabilityFields } from "~/components/admin/CapabilityFields";
import { AppLink, BackLink, Button, ErrorSummary, NotificationBanner, Radios, Table, Tag, TextInput, type FieldError } from "~/components/nhs";
import { addEpic, capabilityFieldOf, capabilitySchema, epicSchema, getCapability, updateCapability } from "~/modules/admin/capabilities.server";
import { EPIC_LEVELS } from "~/modules/admin/reference-values";
import { ActionRefused } from "~/modules/admin/guard.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: (data: { capability?: { id: string; name: string } } | undefined) => (data?.capability ? `${data.capability.id} ${data.capability.name}` : "Capability") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  const capability = await getCapability(db(), actor, params.capabilityId ?? "");
  if (!capability) throw new Response("Not found", { status: 404 });
  const searchParams = new URL(request.url).searchParams;
  return json({ capability, saved: searchParams.has("saved"), created: searchParams.has("created"), added: searchParams.get("added"), updated: searchParams.get("updated") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  const id = params.capabilityId ?? "";
  const values = formValues(await request.formData());
  // Two forms on the page: the capability, and a new epic. Each keeps its own answers and errors.
  const form = values.intent === "addEpic" ? "epic" : "capability";
  const fail = (fieldErrors: Record<string, string>, summary?: FieldError[]) =>
    json({ form, errors: summary ?? Object.entries(fieldErrors).map(([fieldId, message]) => ({ fieldId, message })), fieldErrors, values }, { status: 400 });
  try {
    if (form === "epic") {
      const parsed = parseForm(epicSchema, { name: values.epicName, level: values.epicLevel }, { name: "epicName", level: "epicLevel" });
      if (!parsed.ok) return fail({ epicName: parsed.errors.name, epicLevel: parsed.errors.level }, parsed.summary);
      const epic = await addEpic(db(), actor, id, parsed.data);
      return redirect(`/admin/capabilities/${id}?added=${encodeURIComponent(epic.id)}#epics`);
    }
    const parsed = parseForm(capabilitySchema, values);
    if (!parsed.ok) return fail(parsed.errors, parsed.summary);
    await updateCapability(db(), actor, id, parsed.data);
    return redirect(`/admin/capabilities/${id}?saved=1`);
  } catch (error) {
    if (error instanceof ActionRefused) return fail({ [form === "epic" ? "epicName" : capabilityFieldOf(error)]: error.message });
    throw error;
  }
}

export default function CapabilityPage() {
  const { capability, saved, created, added, updated } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const values = actionData?.form === "capability" ? actionData.values : undefined;
  const epicValues = actionData?.form === "epic" ? actionData.values : undefined;
  const value = (from: Record<string, unknown> | undefined, name: string) => (from && typeof from[name] === "string" ? (from[name] as string) : undefined);
  return (
    <>
      <BackLink href="/admin/capabilities">Back to capabilities</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      {!actionData && (saved || created || added || updated) ? (
        <NotificationBanner type="success">
          <p>{added ? `Epic ${added} added.` : updated ? `Epic ${updated} saved.` : created ? `Capability ${capability.id} added. Add its epics below.` : "Capability saved."}</p>
        </NotificationBanner>
      ) : null}
      <span className="mb-2 block text-19 text-text-secondary">{capability.id}</span>
      <h1>{capability.name}</h1>
      <p>
        {capability.isFoundation ? "A foundation capability. " : ""}Claimed by {capability.solutions} {capability.solutions === 1 ? "listing" : "listings"}.
      </p>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <CapabilityFields
          values={{
            name: value(values, "name") ?? capability.name,
            description: value(values, "description") ?? capability.description,
            categoryId: value(values, "categoryId") ?? capability.categoryId,
            status: value(values, "status") ?? capability.status,
            frameworkIds: values ? [values.frameworkIds ?? []].flat() : capability.frameworkIds,
          }}
          errors={errors}
          categories={capability.categories}
          frameworks={capability.frameworks}
        />
        <Button name="intent" value="saveCapability">
          Save capability
        </Button>
      </Form>

      <h2 id="epics">Epics</h2>
      <Table
        caption={`${capability.epics.length} epics of ${capability.id}`}
        captionSize="m"
        head={[{ label: "Epic" }, { label: "Level" }, { label: "Status" }]}
        rows={capability.epics.map((e) => [
          <AppLink key="name" href={`/admin/capabilities/${capability.id}/epics/${e.id}`}>
            {e.id} {e.name}
          </AppLink>,
          EPIC_LEVEL_LABELS[e.level],
          <Tag key="status" colour={REFERENCE_LABELS[e.status].colour}>
            {REFERENCE_LABELS[e.status].text}
          </Tag>,
        ])}
      />
      <h3>Add an epic</h3>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="epicName" name="epicName" label="Epic name" labelSize="s" hint="A user story, like 'Manage Session templates'" defaultValue={value(epicValues, "epicName")} error={errors.epicName} />
        <Radios
          id="epicLevel"
          name="epicLevel"
          label="Level"
          labelSize="s"
          inline
          hint="Must epics are needed to pass the capability; should and may epics are optional."
          defaultValue={value(epicValues, "epicLevel")}
          error={errors.epicLevel}
          items={EPIC_LEVELS.map((l) => ({ value: l, label: EPIC_LEVEL_LABELS[l] }))}
        />
        <Button name="intent" value="addEpic" variant="secondary">
          Add epic
        </Button>
      </Form>
    </>
  );
}
