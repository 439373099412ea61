import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CapabilityFields } from "~/components/admin/CapabilityFields";
import { BackLink, Button, ErrorSummary } from "~/components/nhs";
import { addCapability, capabilityChoices, capabilityFieldOf, capabilitySchema } from "~/modules/admin/capabilities.server";
import { ActionRefused } from "~/modules/admin/guard.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Add a capability" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  return json(await capabilityChoices(db(), actor));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "capability", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(capabilitySchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  try {
    const capability = await addCapability(db(), actor, parsed.data);
    return redirect(`/admin/capabilities/${capability.id}?created=1`);
  } catch (error) {
    if (error instanceof ActionRefused) {
      const field = capabilityFieldOf(error);
      return json({ errors: [{ fieldId: field, message: error.message }], fieldErrors: { [field]: error.message } as Record<string, string>, values }, { status: 400 });
    }
    throw error;
  }
}

export default function NewCapability() {
  const { categories, frameworks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const values = actionData?.values;
  const value = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/admin/capabilities">Back to capabilities</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <h1>Add a capability</h1>
      <p>It takes the next reference in the series. Foundation capabilities are set by policy, so a new capability is never one.</p>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <CapabilityFields
          values={{ name: value("name"), description: value("description"), categoryId: value("categoryId"), status: value("status") ?? "ACTIVE", frameworkIds: values ? [values.frameworkIds ?? []].flat() : [] }}
          errors={actionData?.fieldErrors ?? {}}
          categories={categories}
          frameworks={frameworks}
        />
        <Button>Add capability</Button>
      </Form>
    </div>
  );
}
