import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordFields } from "~/components/accounts/NewPasswordFields";
import { BackLink, Button, ErrorSummary, TextInput } from "~/components/nhs";
import { changePassword, changePasswordSchema } from "~/modules/accounts/account.server";
import { keepRetryAfter, networkKey } from "~/modules/rate-limits/rate-limits.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { clientIp } from "~/utils/session.server";

export const handle = { title: "Change your password" };

export const headers = keepRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "update" });
  return json({ csrf: actor.csrfToken });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "update" });
  const parsed = parseForm(changePasswordSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await changePassword(db(), actor, parsed.data, { network: networkKey(request), ip: clientIp(request) });
  if (!result.ok) {
    const headers = result.limited ? { "Retry-After": String(result.limited.retryAfterSeconds) } : undefined;
    return json({ errors: [{ fieldId: result.field, message: result.message }], fieldErrors: { [result.field]: result.message } as Record<string, string> }, { status: result.limited ? 429 : 400, headers });
  }
  return redirect("/account?done=password");
}

export default function ChangePassword() {
  const { csrf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/account">Back to your account</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Change your password</h1>
      <p>Changing your password signs you out on every other device. You stay logged in here.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="currentPassword" name="currentPassword" type="password" label="Current password" autoComplete="current-password" error={fieldErrors.currentPassword} />
        <NewPasswordFields fieldErrors={fieldErrors} />
        <Button preventDoubleClick>Change password</Button>
      </Form>
    </div>
  );
}
