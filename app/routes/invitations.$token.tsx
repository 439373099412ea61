import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordFields } from "~/components/accounts/NewPasswordFields";
import { Button, Checkboxes, ErrorSummary, TextInput } from "~/components/nhs";
import { acceptTerms, latestTermsId } from "~/modules/accounts/terms.server";
import { keepRetryAfter, consume, networkKey, RATE_LIMITS, retryMessage } from "~/modules/rate-limits/rate-limits.server";
import { acceptInvitation, acceptSchema, findInvitation } from "~/modules/users/colleagues.server";
import { useCsrfToken } from "~/root";
import { requireCsrf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { clientIp, createSession } from "~/utils/session.server";
import { homePathFor } from "~/utils/permissions";

export const handle = { title: (data?: { valid?: boolean }) => (data?.valid === false ? "Invitation not valid" : "Accept your invitation") };

export const headers = keepRetryAfter;

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(db(), params.token ?? "");
  if (!invitation) return json({ valid: false as const, email: null, organisation: null, termsVersion: null, termsId: null }, { status: 404 });
  const terms = await latestTermsId(db());
  return json({ valid: true as const, email: invitation.email, organisation: invitation.organisation.name, termsVersion: terms?.version ?? null, termsId: terms?.id ?? null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const form = await request.formData();
  const name = String(form.get("name") ?? "").slice(0, 200);
  const limit = await consume(db(), networkKey(request), RATE_LIMITS.invitationsPerNetwork);
  if (!limit.allowed) {
    const message = retryMessage(limit);
    return json({ errors: [{ fieldId: "name", message }], fieldErrors: {} as Record<string, string>, name }, { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
  }
  const parsed = parseForm(acceptSchema, form);
  // A new account starts on the latest terms of use, accepted here rather than on the next page.
  const terms = await latestTermsId(db());
  const termsProblem = terms && form.get("acceptTerms") !== String(terms.id) ? "Confirm that you accept the terms of use" : null;
  if (!parsed.ok || termsProblem) {
    const errors = [...(parsed.ok ? [] : parsed.summary), ...(termsProblem ? [{ fieldId: "acceptTerms", message: termsProblem }] : [])];
    const fieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...(termsProblem ? { acceptTerms: termsProblem } : {}) } as Record<string, string>;
    return json({ errors, fieldErrors, name }, { status: 400 });
  }
  const accepted = await acceptInvitation(db(), params.token ?? "", parsed.data);
  if (!accepted.ok) return json({ errors: [{ fieldId: "name", message: accepted.message }], fieldErrors: {} as Record<string, string>, name }, { status: 410 });
  const user = await db().user.findUniqueOrThrow({ where: { id: accepted.userId }, select: { role: true, organisationId: true } });
  if (terms) await acceptTerms(db(), { userId: accepted.userId, role: user.role, organisationId: user.organisationId }, terms.id, { ip: clientIp(request) });
  return redirect(homePathFor(user.role), { headers: { "Set-Cookie": await createSession(accepted.userId, request, "invitation") } });
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  if (!data.valid) {
    return (
      <>
        <h1>This invitation is not valid</h1>
        <p>It may have expired (invitations last 7 days) or already been used. Ask your colleague to invite you again.</p>
      </>
    );
  }
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Accept your invitation</h1>
      <p>
        You were invited to join {data.organisation} in the Buying Catalogue as {data.email}.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <TextInput id="name" name="name" label="Full name" autoComplete="name" defaultValue={actionData?.name} error={fieldErrors.name} />
        <NewPasswordFields fieldErrors={fieldErrors} labels={{ password: "Create a password", confirm: "Confirm your password" }} />
        {data.termsVersion !== null ? (
          <Checkboxes
            id="acceptTerms"
            name="acceptTerms"
            label="Terms of use"
            labelSize="s"
            hint={
              <>
                Read the <a href="/terms-of-use">terms of use</a> (opens in this window) before you accept them.
              </>
            }
            error={fieldErrors.acceptTerms}
            items={[{ value: data.termsId ?? "", label: `I have read and accept version ${data.termsVersion} of the terms of use` }]}
          />
        ) : null}
        <Button preventDoubleClick>Create account</Button>
      </Form>
    </div>
  );
}
