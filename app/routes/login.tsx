import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, ErrorSummary, NotificationBanner, TextInput } from "~/components/nhs";
import { secondStepRedirect } from "~/modules/accounts/challenge-cookie.server";
import { keepRetryAfter, networkKey } from "~/modules/rate-limits/rate-limits.server";
import { signIn, signInMessage, signInSchema } from "~/modules/users/sign-in.server";
import { cis2Enabled } from "~/services/cis2/index.server";
import { useCsrfToken } from "~/root";
import { optionalActor, requireCsrf, safeRedirectPath } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { homePathFor } from "~/utils/permissions";
import { clientIp, createSession } from "~/utils/session.server";

export const handle = { title: "Log in" };

export const headers = keepRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await optionalActor(request);
  if (actor) {
    const redirectTo = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirectPath(redirectTo, homePathFor(actor.role)));
  }
  return json({ cis2: cis2Enabled() });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const formData = await request.formData();
  const parsed = parseForm(signInSchema, formData);
  const email = String(formData.get("email") ?? "").slice(0, 254);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, email }, { status: 400 });

  const result = await signIn(db(), { email: parsed.data.email, password: parsed.data.password, network: networkKey(request), ip: clientIp(request) });
  if (!result.ok) {
    const message = signInMessage(result);
    const limited = result.reason === "rate-limited";
    return json(
      { errors: [{ fieldId: "email", message }], fieldErrors: { email: message }, email },
      { status: limited ? 429 : 400, headers: limited ? { "Retry-After": String(result.retryAfterSeconds) } : undefined },
    );
  }
  // Staff, and anyone who turned two-factor on, give a code before any session exists.
  const secondStep = await secondStepRedirect(result.userId, safeRedirectPath(parsed.data.redirectTo, "") || null);
  if (secondStep) return secondStep;
  const cookie = await createSession(result.userId, request);
  const role = result.role as Parameters<typeof homePathFor>[0];
  return redirect(safeRedirectPath(parsed.data.redirectTo, homePathFor(role)), { headers: { "Set-Cookie": cookie } });
}

export default function LogIn() {
  const actionData = useActionData<typeof action>();
  const { cis2 } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = actionData?.errors ?? [];
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={errors} />
      {searchParams.get("passwordReset") === "1" && errors.length === 0 ? (
        <NotificationBanner type="success" title="Success">
          <p>Your password has been changed and your account signed out everywhere. Log in with your new password.</p>
        </NotificationBanner>
      ) : null}
      <h1>Log in to the Buying Catalogue</h1>
      <p>Buyers in GP practices and ICBs, suppliers and NHS commercial staff log in with the email address their organisation registered.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
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
        <TextInput id="password" name="password" type="password" label="Password" autoComplete="current-password" error={fieldErrors.password} />
        <Button preventDoubleClick>Log in</Button>
      </Form>
      {cis2 ? (
        <>
          <p className="nhsuk-body-l font-bold">or</p>
          {/* A whole-page post: the action redirects the browser to NHS CIS2. */}
          <Form method="post" action="/login/cis2" reloadDocument>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
            <Button variant="secondary">Sign in with NHS Care Identity Service 2</Button>
          </Form>
        </>
      ) : null}
      <p>
        <a href="/forgotten-password">Forgotten your password?</a> A new password also unlocks an account locked after too many attempts.
      </p>
      <h2>New to the Buying Catalogue?</h2>
      <p>
        <a href="/request-account">Request an account</a> for your GP practice, ICB or supplier. Your organisation&apos;s account manager, or the
        Buying Catalogue team, will approve it. For anything else, <a href="/contact">contact the Buying Catalogue team</a>.
      </p>
    </div>
  );
}
