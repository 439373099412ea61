import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, TextInput } from "~/components/nhs";
import { requestPasswordReset, resetRequestSchema } from "~/modules/accounts/password-reset.server";
import { RESET_LINK_MINUTES } from "~/modules/accounts/reset-token";
import { keepRetryAfter, networkKey, retryMessage } from "~/modules/rate-limits/rate-limits.server";
import { useCsrfToken } from "~/root";
import { requireCsrf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { clientIp } from "~/utils/session.server";

export const handle = { title: "Reset your password" };

export const headers = keepRetryAfter;

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const form = await request.formData();
  const typed = String(form.get("email") ?? "").slice(0, 254);
  const parsed = parseForm(resetRequestSchema, form);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, email: typed }, { status: 400 });
  const result = await requestPasswordReset(db(), { email: parsed.data.email, network: networkKey(request), ip: clientIp(request) });
  if (!result.ok) {
    const message = retryMessage(result.limited, "requests to reset a password");
    return json(
      { errors: [{ fieldId: "email", message }], fieldErrors: { email: message } as Record<string, string>, email: typed },
      { status: 429, headers: { "Retry-After": String(result.limited.retryAfterSeconds) } },
    );
  }
  // Redirected, so a refresh does not ask again, and the page is the same for every address.
  return redirect("/forgotten-password/check-your-email");
}

export default function ForgottenPassword() {
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/login">Back to log in</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Reset your password</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput
          id="email"
          name="email"
          type="email"
          label="Email address"
          autoComplete="username"
          spellCheck={false}
          defaultValue={actionData?.email ?? ""}
          error={fieldErrors.email}
        />
        <Button preventDoubleClick>Send the link</Button>
      </Form>
      <p>
        If your account has been deactivated, or you no longer have access to its email, ask your organisation&apos;s account manager or{" "}
        <a href="/contact">contact the Buying Catalogue team</a>.
      </p>
    </div>
  );
}
