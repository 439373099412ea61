import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_HINTS } from "~/components/users/ColleaguesPage";
import { BackLink, Button, ErrorSummary, Radios, TextInput } from "~/components/nhs";
import { inviteUser, staffInviteSchema } from "~/modules/admin/users.server";
import { USER_ROLES } from "~/modules/users/user-rules";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { roleLabel } from "~/utils/permissions";

export const handle = { title: "Invite a user" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "user", action: "manage" });
  return json({ organisation: new URL(request.url).searchParams.get("organisation")?.trim().slice(0, 20) ?? "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "user", action: "manage" });
  const values = formValues(await request.formData());
  const parsed = parseForm(staffInviteSchema, values);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const result = await inviteUser(db(), actor, parsed.data);
  if (!result.ok) return json({ errors: [{ fieldId: result.field, message: result.message }], fieldErrors: { [result.field]: result.message } as Record<string, string>, values }, { status: 400 });
  return redirect(`/admin/users?organisation=${encodeURIComponent(parsed.data.organisation.toUpperCase())}&invited=${encodeURIComponent(parsed.data.email)}`);
}

export default function InviteUser() {
  const { organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const value = (name: string) => (typeof actionData?.values[name] === "string" ? (actionData.values[name] as string) : undefined);
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/admin/users">Back to users</BackLink>
      {actionData?.errors?.length ? <ErrorSummary errors={actionData.errors} /> : null}
      <h1>Invite a user</h1>
      <p>They get an email with a link to set up their account, valid for 7 days. Buyers&apos; and staff email addresses must be on an allowed email domain.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="organisation" name="organisation" label="Organisation ODS code" hint="For example, A81001 for a GP practice, QE1 for an ICB, or SUPPLIER-10000 for supplier 10000" labelSize="s" width={20} defaultValue={value("organisation") ?? organisation} error={errors.organisation} />
        <TextInput id="email" name="email" type="email" label="Email address" labelSize="s" spellCheck={false} defaultValue={value("email")} error={errors.email} />
        <Radios
          id="role"
          name="role"
          label="Role"
          labelSize="s"
          hint="Buyer organisations: buyer or account manager. Suppliers: supplier or supplier account manager. NHS England: commercial staff."
          defaultValue={value("role")}
          error={errors.role}
          items={USER_ROLES.map((r) => ({ value: r, label: roleLabel(r), hint: ROLE_HINTS[r] }))}
        />
        <Button preventDoubleClick>Send invitation</Button>
      </Form>
    </div>
  );
}
