import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Button, ButtonLink, InsetText, TextInput, WarningCallout } from "~/components/nhs";

/**
 * The pieces of two-factor sign-in shared by the sign-in pages and the account page: setting
 * up an authenticator app, the code field, and the recovery codes shown once.
 */

export const CODE_FIELD_HINT = "The 6-digit code your authenticator app shows for the NHS Buying Catalogue";

/** The 6-digit code field (numbers on phones, one-time-code autofill). */
export function CodeField({
  id = "code",
  error,
  label = "Code from your authenticator app",
  hint = CODE_FIELD_HINT,
}: {
  id?: string;
  error?: string;
  label?: string;
  hint?: string;
}) {
  return (
    <TextInput
      id={id}
      name={id}
      label={label}
      hint={hint}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      width={10}
      error={error}
    />
  );
}

/**
 * Setting up an authenticator app: a QR code to scan, the key to type in when scanning is
 * not possible, and the code that proves it works. The QR code is an SVG made on the server
 * from the otpauth address (no user-entered text in it).
 */
export function AuthenticatorSetUp({
  enrolment,
  csrf,
  error,
  intent,
  children,
}: {
  enrolment: { qrSvg: string; key: string };
  csrf: string;
  error?: string;
  /** The form's intent value, on pages with more than one form. */
  intent?: string;
  children?: ReactNode;
}) {
  return (
    <>
      <h2>1. Add the NHS Buying Catalogue to your authenticator app</h2>
      <p>
        Open an authenticator app on your phone (for example Microsoft Authenticator, Google Authenticator or another app that makes
        time-based codes), choose to add an account and scan this QR code.
      </p>
      <div
        role="img"
        aria-label="QR code for adding the NHS Buying Catalogue to an authenticator app"
        className="mb-6 w-48 border border-grey-3 bg-white p-2 tablet:w-56"
        dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
      />
      <p>If you cannot scan the QR code, enter this key in the app instead, and choose a time-based code if it asks:</p>
      <p className="text-22 font-bold tracking-wider">
        <code id="two-factor-key" className="break-all">
          {enrolment.key}
        </code>
      </p>
      <h2>2. Enter the code the app shows</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        <CodeField error={error} />
        <Button preventDoubleClick>Turn on two-factor sign-in</Button>
      </Form>
      {children}
    </>
  );
}

/** The 10 recovery codes, shown once, straight after they are made. */
export function RecoveryCodes({ codes, continueTo, continueLabel = "Continue" }: { codes: string[]; continueTo: string; continueLabel?: string }) {
  return (
    <>
      <WarningCallout heading="Keep these codes somewhere safe" headingLevel={2}>
        <p>
          If you lose your phone or cannot use your authenticator app, you can log in with one of these codes instead. Each code works
          once. This is the only time they are shown: write them down or print this page, and keep them away from your phone.
        </p>
      </WarningCallout>
      <ul aria-label="Your recovery codes" className="mb-8 grid list-none grid-cols-1 gap-2 p-0 tablet:grid-cols-2" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code} className="m-0 text-22 tracking-wider">
            {code}
          </li>
        ))}
      </ul>
      <InsetText>
        <p>Anyone with one of these codes and your password could log in as you. Older recovery codes no longer work.</p>
      </InsetText>
      <ButtonLink href={continueTo}>{continueLabel}</ButtonLink>
    </>
  );
}

/** The challenge is over (timed out, used, too many wrong codes, or never started). */
export function SignInEnded() {
  return (
    <>
      <h1>Log in again</h1>
      <p id="log-in-again">
        Your login has timed out or ended. For your security you have 10 minutes and 5 tries to enter a code after your password.
      </p>
      <ButtonLink href="/login">Log in again</ButtonLink>
    </>
  );
}
