import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, Checkboxes, ErrorSummary } from "~/components/nhs";
import { accountOverview, preferencesSchema, savePreferences } from "~/modules/accounts/account.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Email preferences" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "read" });
  const account = await accountOverview(db(), actor);
  const wanted = [!account.expiryRemindersOff && "expiryReminders", !account.summariesOff && "summaries"].filter((v): v is string => Boolean(v));
  return json({ wanted, csrf: actor.csrfToken, staff: actor.role === "AUTHORITY" });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "update" });
  const parsed = parseForm(preferencesSchema, await request.formData());
  if (!parsed.ok) return json({ errors: [{ fieldId: "emails", message: "Select only the emails listed" }] }, { status: 400 });
  await savePreferences(db(), actor, parsed.data.emails);
  return redirect("/account?done=preferences");
}

export default function EmailPreferences() {
  const { wanted, csrf, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/account">Back to your account</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Email preferences</h1>
      <p>
        Some emails are part of running a contract and are always sent: termination and flag notices, switching timetables and tasks, order
        confirmations, assurance notices, invitations and password links. You can choose whether to get these others.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <Checkboxes
          id="emails"
          name="emails"
          label="Which optional emails do you want?"
          labelSize="m"
          hint="Select all that apply."
          error={actionData?.errors?.[0]?.message}
          defaultValue={wanted}
          items={[
            { value: "expiryReminders", label: "Contract expiry reminders", hint: "Sent 90 and 45 days before a contract you ordered ends (30 and 14 for short contracts)." },
            {
              value: "summaries",
              label: "Summaries",
              hint: staff ? "The daily assurance scan digest: what lapsed, was suspended or flagged." : "Digests of activity, where your role gets them.",
            },
          ]}
        />
        <Button preventDoubleClick>Save preferences</Button>
      </Form>
    </div>
  );
}
