import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordFields } from "~/components/accounts/NewPasswordFields";
import { Button, ErrorSummary } from "~/components/nhs";
import { findPasswordReset, resetLinkProblem, resetPassword, resetPasswordSchema } from "~/modules/accounts/password-reset.server";
import { consume, keepRetryAfter, networkKey, RATE_LIMITS, retryMessage } from "~/modules/rate-limits/rate-limits.server";
import { useCsrfToken } from "~/root";
import { requireCsrf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { clientIp } from "~/utils/session.server";

export const handle = { title: (data?: { problem?: string | null }) => (data?.problem ? "Link not valid" : "Choose a new password") };

export const headers: HeadersFunction = (args) => {
  const headers = new Headers(keepRetryAfter(args));
  // The token is in this page's address: no other site may learn it from a Referer header.
  // ("no-referrer" would also make the browser send "Origin: null" with the form, which the
  // cross-site form check rightly refuses; "same-origin" keeps the address on this site.)
  headers.set("Referrer-Policy", "same-origin");
  return headers;
};

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findPasswordReset(db(), params.token);
  if (found.state !== "valid") return json({ problem: resetLinkProblem(found.state) }, { status: found.state === "unknown" ? 404 : 410 });
  return json({ problem: null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const form = await request.formData();
  // Guessing tokens is hopeless (256 bits), but each guess costs a lookup: limited like invitations.
  const limit = await consume(db(), networkKey(request), RATE_LIMITS.invitationsPerNetwork);
  if (!limit.allowed) {
    const message = retryMessage(limit);
    return json({ problem: null, errors: [{ fieldId: "password", message }], fieldErrors: {} as Record<string, string> }, { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
  }
  const parsed = parseForm(resetPasswordSchema, form);
  if (!parsed.ok) return json({ problem: null, errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await resetPassword(db(), params.token, parsed.data.password, { ip: clientIp(request) });
  if (!result.ok) return json({ problem: resetLinkProblem(result.state), errors: [] as Array<{ fieldId: string; message: string }>, fieldErrors: {} as Record<string, string> }, { status: 410 });
  return redirect("/login?passwordReset=1");
}

export default function ResetPassword() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const problem = actionData?.problem ?? data.problem;
  if (problem) {
    return (
      <div className="desktop:w-2/3">
        <h1>This link is not valid</h1>
        <p>{problem}</p>
        <p>
          <a href="/forgotten-password">Ask for a new link</a>
        </p>
      </div>
    );
  }
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Choose a new password</h1>
      <p>Choosing a new password signs your account out on every device. You will then log in with the new password.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <NewPasswordFields fieldErrors={fieldErrors} />
        <Button preventDoubleClick>Save new password</Button>
      </Form>
    </div>
  );
}
