import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/nhs";
import { secondStepRedirect } from "~/modules/accounts/challenge-cookie.server";
import { keepRetryAfter, networkKey } from "~/modules/rate-limits/rate-limits.server";
import { signIn, signInMessage, signInSchema } from "~/modules/users/sign-in.server";
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
  return null;
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
  const [searchParams] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = actionData?.errors ?? [];
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={errors} />
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
      <p>
        If you have forgotten your password or your account is locked, ask your organisation&apos;s account manager, or{" "}
        <a href="/contact">contact the Buying Catalogue team</a>.
      </p>
    </div>
  );
}
