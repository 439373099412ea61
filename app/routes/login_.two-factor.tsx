import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CodeField, SignInEnded } from "~/components/accounts/TwoFactor";
import { AppLink, Button, ErrorSummary, TextInput } from "~/components/nhs";
import { SECOND_STEP_PATHS } from "~/modules/accounts/challenge-cookie.server";
import { answerChallenge, answerOf, attemptsWorthSaying, NO_STORE, openChallengeOf, refusal } from "~/modules/accounts/two-factor-pages.server";
import { useCsrfToken } from "~/root";
import { requireCsrf } from "~/utils/auth.server";

/**
 * The second step of signing in for someone using two-factor: the code from their app, or
 * (`?recovery`) one of their recovery codes. No session exists until one is accepted.
 */
export const handle = { title: "Enter your code" };

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return { "Cache-Control": "no-store", ...(retryAfter ? { "Retry-After": retryAfter } : {}) };
};

export async function loader({ request }: LoaderFunctionArgs) {
  const challenge = await openChallengeOf(request);
  if (challenge?.step === "set-up") throw redirect(SECOND_STEP_PATHS["set-up"]);
  const recovery = new URL(request.url).searchParams.has("recovery");
  return json({ open: challenge !== null, recovery, attemptsLeft: challenge ? attemptsWorthSaying(challenge.attemptsLeft) : null }, { headers: NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const { field, value, answer } = answerOf(await request.formData());
  const result = await answerChallenge(request, answer);
  if (!result.ok) return refusal(field, value, result);
  return redirect(result.next, { headers: result.headers });
}

export default function EnterCode() {
  const { open, recovery: recoveryAsked, attemptsLeft } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  if (!open || actionData?.ended) {
    return (
      <div className="desktop:w-2/3">
        <ErrorSummary errors={actionData?.errors ?? []} />
        <SignInEnded />
      </div>
    );
  }
  const recovery = actionData ? actionData.field === "recoveryCode" : recoveryAsked;
  const errors = actionData?.errors ?? [];
  const error = errors[0]?.message;
  const left = actionData?.attemptsLeft ?? attemptsLeft;
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={errors} />
      {recovery ? (
        <>
          <h1>Enter a recovery code</h1>
          <p>Enter one of the recovery codes you were given when you set up two-factor sign-in. Each code works once.</p>
          <Form method="post" action="/login/two-factor?recovery" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <TextInput id="recoveryCode" name="recoveryCode" label="Recovery code" hint="For example, ab12-cd34-ef56" autoComplete="off" spellCheck={false} width={20} error={error} />
            <Button preventDoubleClick>Log in</Button>
          </Form>
          <p>
            <AppLink href="/login/two-factor">Use the code from your authenticator app instead</AppLink>
          </p>
        </>
      ) : (
        <>
          <h1>Enter the code from your authenticator app</h1>
          <p>Your account uses two-factor sign-in. Open your authenticator app and enter the code it shows for the NHS Buying Catalogue.</p>
          <Form method="post" action="/login/two-factor" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <CodeField error={error} label="Code" />
            <Button preventDoubleClick>Log in</Button>
          </Form>
          <p>
            <AppLink href="/login/two-factor?recovery">Use a recovery code instead</AppLink>
          </p>
        </>
      )}
      {left !== null ? <p>You can try {left === 1 ? "1 more time" : `${left} more times`} before you need to log in again.</p> : null}
      <p>
        If you have lost your phone and your recovery codes, <a href="/contact">contact the Buying Catalogue team</a>.
      </p>
    </div>
  );
}
