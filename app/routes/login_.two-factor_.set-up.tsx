import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticatorSetUp, RecoveryCodes, SignInEnded } from "~/components/accounts/TwoFactor";
import { ErrorSummary } from "~/components/nhs";
import { SECOND_STEP_PATHS } from "~/modules/accounts/challenge-cookie.server";
import { answerChallenge, answerOf, attemptsWorthSaying, NO_STORE, openChallengeOf, refusal } from "~/modules/accounts/two-factor-pages.server";
import { enrolmentForChallenge } from "~/modules/accounts/two-factor.server";
import { useCsrfToken } from "~/root";
import { requireCsrf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/**
 * First sign-in of commercial staff, who must use two-factor: set up an authenticator app,
 * confirm it with a code (which signs them in), then see their recovery codes once.
 */
export const handle = { title: "Set up two-factor sign-in" };

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return { "Cache-Control": "no-store", ...(retryAfter ? { "Retry-After": retryAfter } : {}) };
};

export async function loader({ request }: LoaderFunctionArgs) {
  const challenge = await openChallengeOf(request);
  if (challenge?.step === "code") throw redirect(SECOND_STEP_PATHS.code);
  const enrolment = challenge ? await enrolmentForChallenge(db(), challenge) : null;
  return json(
    { enrolment: enrolment && { qrSvg: enrolment.qrSvg, key: enrolment.key }, attemptsLeft: challenge ? attemptsWorthSaying(challenge.attemptsLeft) : null },
    { headers: NO_STORE },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, null);
  const formData = await request.formData();
  const { value } = answerOf(formData);
  const result = await answerChallenge(request, { totp: value });
  if (!result.ok) return refusal("code", value, result);
  // Shown once, in this response only: the database keeps their hashes.
  return json({ ended: false as const, signedIn: true as const, recoveryCodes: result.recoveryCodes ?? [], next: result.next }, { headers: result.headers });
}

export default function SetUpTwoFactor() {
  const { enrolment, attemptsLeft } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  if (actionData && "signedIn" in actionData) {
    return (
      <div className="desktop:w-2/3">
        <h1>Two-factor sign-in is on: save your recovery codes</h1>
        <RecoveryCodes codes={actionData.recoveryCodes} continueTo={actionData.next} />
      </div>
    );
  }
  if (!enrolment || actionData?.ended) {
    return (
      <div className="desktop:w-2/3">
        <ErrorSummary errors={actionData?.errors ?? []} />
        <SignInEnded />
      </div>
    );
  }
  const errors = actionData?.errors ?? [];
  const left = actionData && "attemptsLeft" in actionData ? actionData.attemptsLeft : attemptsLeft;
  return (
    <div className="desktop:w-2/3">
      <ErrorSummary errors={errors} />
      <h1>Set up two-factor sign-in</h1>
      <p>
        Commercial staff can end suppliers&apos; contracts, so your account needs a second check when you log in: a code from an
        authenticator app on your phone, as well as your password. This takes about 2 minutes.
      </p>
      <AuthenticatorSetUp enrolment={enrolment} csrf={csrf} error={errors[0]?.message}>
        {left !== null && left !== undefined ? <p>You can try {left === 1 ? "1 more time" : `${left} more times`} before you need to log in again.</p> : null}
      </AuthenticatorSetUp>
    </div>
  );
}
