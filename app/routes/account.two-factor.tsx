import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticatorSetUp, CodeField, RecoveryCodes } from "~/components/accounts/TwoFactor";
import { Outcome } from "~/components/admin/Outcome";
import { Button, InsetText, SummaryList, Tag, type FieldError } from "~/components/nhs";
import { accountCodeMessage, NO_STORE } from "~/modules/accounts/two-factor-pages.server";
import { confirmEnrolment, regenerateRecoveryCodes, startEnrolment, turnOffTwoFactor, twoFactorStatus } from "~/modules/accounts/two-factor.server";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";
import { clientIp } from "~/utils/session.server";

/**
 * Your two-factor sign-in: its status; setting up an authenticator app (anyone may; staff
 * already have at their first sign-in); new recovery codes and turning it off, each with a
 * current code. Commercial staff cannot turn it off.
 */
export const handle = { title: "Two-factor sign-in" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "read" });
  const status = await twoFactorStatus(db(), actor.userId);
  // Setting up was started (the button below): the same key until it is confirmed.
  const enrolment = status.pending ? await startEnrolment(db(), actor.userId) : null;
  return json(
    {
      enabledOn: status.enabledAt ? formatNhsDate(londonDateOf(status.enabledAt)) : null,
      recoveryCodesLeft: status.recoveryCodesLeft,
      required: status.required,
      enrolment: enrolment && { qrSvg: enrolment.qrSvg, key: enrolment.key },
      done: new URL(request.url).searchParams.get("done"),
    },
    { headers: NO_STORE },
  );
}

/** Which field each form's code is in, so the error summary links to the right one. */
const CODE_FIELDS = { confirm: "code", regenerate: "regenerateCode", "turn-off": "turnOffCode" } as const;

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "account", action: "update" });
  const values = formValues(await request.formData());
  const intent = values.intent;
  const ip = clientIp(request);
  if (intent === "start") {
    await startEnrolment(db(), actor.userId, { restart: true });
    return redirect("/account/two-factor");
  }
  if (intent !== "confirm" && intent !== "regenerate" && intent !== "turn-off") {
    return json({ errors: [{ fieldId: "status", message: "Choose what to do with two-factor sign-in" }], field: null, recoveryCodes: null }, { status: 400, headers: NO_STORE });
  }
  const field = CODE_FIELDS[intent];
  const code = values[field];
  const result =
    intent === "confirm"
      ? await confirmEnrolment(db(), actor.userId, code, ip)
      : intent === "regenerate"
        ? await regenerateRecoveryCodes(db(), actor.userId, code, ip)
        : await turnOffTwoFactor(db(), actor.userId, code, ip);
  if (!result.ok) {
    const fieldId = result.reason === "required" ? "turn-off" : result.reason === "not-enabled" || result.reason === "not-started" ? "status" : field;
    return json({ errors: [{ fieldId, message: accountCodeMessage(result.reason, code) }], field: fieldId, recoveryCodes: null }, { status: result.reason === "throttled" ? 429 : 400, headers: NO_STORE });
  }
  if (intent === "turn-off") return redirect("/account/two-factor?done=off");
  // Shown once, in this response only: the database keeps their hashes.
  return json({ errors: [] as FieldError[], field: null, recoveryCodes: result.recoveryCodes ?? [], intent }, { headers: NO_STORE });
}

const DONE: Record<string, string> = { off: "Two-factor sign-in is off. You log in with your password only." };

export default function TwoFactorAccount() {
  const { enabledOn, recoveryCodesLeft, required, enrolment, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = actionData?.errors ?? [];
  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  if (actionData?.recoveryCodes) {
    return (
      <div className="desktop:w-2/3">
        <h1>{"intent" in actionData && actionData.intent === "confirm" ? "Two-factor sign-in is on: save your recovery codes" : "Your new recovery codes"}</h1>
        <RecoveryCodes codes={actionData.recoveryCodes} continueTo="/account/two-factor" />
      </div>
    );
  }

  return (
    <div className="desktop:w-2/3">
      <Outcome errors={errors} done={done} messages={DONE} />
      <h1>Two-factor sign-in</h1>
      <p>
        With two-factor sign-in, logging in needs a code from an authenticator app on your phone as well as your password, so your
        password alone is not enough for anyone else to log in as you.
      </p>
      <div id="status" tabIndex={-1}>
        <SummaryList
          rows={[
            { key: "Status", value: enabledOn ? <Tag colour="green">On since {enabledOn}</Tag> : <Tag colour="grey">Off</Tag> },
            ...(enabledOn ? [{ key: "Recovery codes left", value: String(recoveryCodesLeft) }] : []),
          ]}
        />
      </div>

      {!enabledOn && enrolment ? (
        <AuthenticatorSetUp enrolment={enrolment} csrf={csrf} error={errorFor("code")} intent="confirm">
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <Button name="intent" value="start" variant="secondary">
              Start again with a new key
            </Button>
          </Form>
        </AuthenticatorSetUp>
      ) : null}

      {!enabledOn && !enrolment ? (
        <>
          <h2>Set up two-factor sign-in</h2>
          <p>You will need your phone with an authenticator app on it. Setting up takes about 2 minutes.</p>
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <Button name="intent" value="start">
              Set up two-factor sign-in
            </Button>
          </Form>
        </>
      ) : null}

      {enabledOn ? (
        <>
          <h2>Get new recovery codes</h2>
          <p>If you have used most of your recovery codes or think someone else has seen them, get 10 new ones. Your old codes stop working.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="intent" value="regenerate" />
            <CodeField id="regenerateCode" error={errorFor("regenerateCode")} />
            <Button variant="secondary">Get new recovery codes</Button>
          </Form>

          <h2 id="turn-off" tabIndex={-1}>
            Turn off two-factor sign-in
          </h2>
          {required ? (
            <InsetText>
              <p>Commercial staff must use two-factor sign-in, because they can end suppliers&apos; contracts. It cannot be turned off.</p>
            </InsetText>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="intent" value="turn-off" />
              <p>You will log in with your password only, and your recovery codes will stop working.</p>
              <CodeField id="turnOffCode" error={errorFor("turnOffCode")} />
              <Button variant="warning">Turn off two-factor sign-in</Button>
            </Form>
          )}
        </>
      ) : null}
    </div>
  );
}
