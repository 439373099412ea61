import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BackLink, Button, ErrorSummary, Radios, Select, TextInput } from "~/components/nhs";
import { LIMITS } from "~/modules/listings/content";
import { createListing, listListingsWithReviews } from "~/modules/listings/drafts.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Create a listing" };

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z
  .object({
    kind: z.enum(["SOLUTION", "ADDITIONAL_SERVICE", "ASSOCIATED_SERVICE"], { error: "Select what you are listing" }),
    name: z.string().trim().min(1, "Enter a name").max(LIMITS.name, `Name must be ${LIMITS.name} characters or fewer`),
    parentSolutionId: z.string().optional(),
  })
  .refine((v) => v.kind !== "ADDITIONAL_SERVICE" || Boolean(v.parentSolutionId), { message: "Select the Catalogue Solution it adds to", path: ["parentSolutionId"] });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "create" });
  const solutions = (await listListingsWithReviews(db(), actor)).filter((l) => l.kind === "SOLUTION");
  return json({ solutions: solutions.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "create" });
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(schema(), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const created = await createListing(db(), actor, parsed.data);
  if (!created.ok) {
    return json({ errors: [{ fieldId: "parentSolutionId", message: created.message }], fieldErrors: { parentSolutionId: created.message }, values }, { status: 400 });
  }
  return redirect(`/supplier/listings/${created.itemId}`);
}

export default function NewListing() {
  const { solutions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const values = (actionData?.values ?? {}) as Record<string, string>;
  return (
    <>
      <BackLink href="/supplier/listings">Back to your listings</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Create a listing</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={useCsrfToken()} />
        <Radios
          id="kind"
          name="kind"
          label="What are you listing?"
          labelSize="m"
          defaultValue={values.kind}
          error={fieldErrors.kind}
          items={[
            { value: "SOLUTION", label: "Catalogue Solution", hint: "A system buyers can order on its own." },
            { value: "ADDITIONAL_SERVICE", label: "Additional Service", hint: "Bought together with one of your Catalogue Solutions." },
            { value: "ASSOCIATED_SERVICE", label: "Associated Service", hint: "One-off or ad hoc work, such as training or data migration." },
          ]}
        />
        <TextInput id="name" name="name" label="Name" defaultValue={values.name} error={fieldErrors.name} />
        <Select
          id="parentSolutionId"
          name="parentSolutionId"
          label="For an Additional Service: which Catalogue Solution does it add to?"
          emptyOption="Not an Additional Service"
          options={solutions}
          defaultValue={values.parentSolutionId}
          error={fieldErrors.parentSolutionId}
        />
        <Button preventDoubleClick>Create draft</Button>
      </Form>
    </>
  );
}
