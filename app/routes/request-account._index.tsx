import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, Radios, TextInput, Textarea } from "~/components/nhs";
import { accountRequestSchema, submitAccountRequest } from "~/modules/accounts/account-requests.server";
import { keepRetryAfter, networkKey, retryMessage } from "~/modules/rate-limits/rate-limits.server";
import { useCsrfToken } from "~/root";
import { requireCsrf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { clientIp } from "~/utils/session.server";

export const handle = { title: "Request an account" };

export const headers = keepRetryAfter;

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const form = await request.formData();
  const values = Object.fromEntries(Object.entries(formValues(form)).map(([k, v]) => [k, String(v).slice(0, 600)]));
  const parsed = parseForm(accountRequestSchema, form);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const result = await submitAccountRequest(db(), parsed.data, { network: networkKey(request), ip: clientIp(request) });
  if (!result.ok) {
    if (result.field === "form") {
      const message = retryMessage(result.limited, "account requests");
      return json({ errors: [{ fieldId: "name", message }], fieldErrors: {} as Record<string, string>, values }, { status: 429, headers: { "Retry-After": String(result.limited.retryAfterSeconds) } });
    }
    return json({ errors: [{ fieldId: result.field, message: result.message }], fieldErrors: { [result.field]: result.message } as Record<string, string>, values }, { status: 400 });
  }
  return redirect("/request-account/sent");
}

export default function RequestAccount() {
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const values: Record<string, string | undefined> = actionData?.values ?? {};
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/login">Back to log in</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Request an account</h1>
      <p>
        Accounts are for people in GP practices, ICBs and other NHS organisations that buy through the catalogue, and for suppliers on its frameworks.
        Your organisation&apos;s account manager, or the Buying Catalogue team where it has none, will approve or decline your request.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="name" name="name" label="Full name" autoComplete="name" defaultValue={values.name} error={fieldErrors.name} />
        <TextInput
          id="email"
          name="email"
          type="email"
          label="Work email address"
          hint="NHS organisations: your nhs.net or nhs.uk address. Suppliers: your company address."
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email}
          error={fieldErrors.email}
        />
        <TextInput
          id="odsCode"
          name="odsCode"
          label="Your organisation's ODS code"
          hint="The Organisation Data Service code, like A81001 for a GP practice or QE1 for an ICB. Suppliers: the code in your framework letter."
          width={10}
          spellCheck={false}
          defaultValue={values.odsCode}
          error={fieldErrors.odsCode}
        />
        <Radios
          id="role"
          name="role"
          label="What do you need to do?"
          labelSize="m"
          defaultValue={values.role}
          error={fieldErrors.role}
          items={[
            { value: "BUYER", label: "Buy for my organisation", hint: "Find and compare solutions, place orders and manage contracts." },
            { value: "ACCOUNT_MANAGER", label: "Manage my NHS organisation's accounts", hint: "Everything a buyer does, and approve colleagues' accounts." },
            { value: "SUPPLIER", label: "List my company's solutions", hint: "Edit listings and upload assurance evidence." },
            { value: "SUPPLIER_ACCOUNT_MANAGER", label: "Manage my company's accounts", hint: "Everything a supplier does, and approve colleagues' accounts." },
          ]}
        />
        <Textarea id="reason" name="reason" label="Why you need an account (optional)" hint="500 characters or fewer." rows={3} defaultValue={values.reason} error={fieldErrors.reason} />
        <Button preventDoubleClick>Send request</Button>
      </Form>
    </div>
  );
}
